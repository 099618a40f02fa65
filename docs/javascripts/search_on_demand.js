// 搜索索引（search/search_index.json）按需加载。
// Material 的搜索在每个页面载入时就下载整个索引，而索引随页面数增长（每页约 19 KB）：
// 这里把这一个请求留到读者第一次用搜索时（搜索框获得焦点，或在手机上点开搜索）才发出，
// 其他请求不受影响。必须在 Material 的脚本之前运行，所以放在 <head> 里（overrides/main.html）。
(function () {
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var wanted = false, waiting = [];
  function want() {
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = new URL(url, location.href).pathname.endsWith("/search/search_index.json");
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.searchIndex || wanted) return send.apply(request, args);
    waiting.push(function () { send.apply(request, args); });
  };
  document.addEventListener("focusin", function (e) {
    if (!wanted && e.target.closest && e.target.closest("form[name=search]")) want();
  });
  document.addEventListener("change", function (e) {
    if (!wanted && e.target.id === "__search") want();
  });
})();
