// Material 给每个代码块加一个 <nav class="md-code__nav">（放复制按钮），这些导航区域都没有名字，
// 读屏软件无法区分它们（axe-core 的 landmark-unique 规则）。每次载入页面后按顺序给它们起名。
document$.subscribe(function () {
  document.querySelectorAll(".md-code__nav").forEach(function (nav, i) {
    nav.setAttribute("aria-label", "第 " + (i + 1) + " 个代码块的操作");
  });
});
