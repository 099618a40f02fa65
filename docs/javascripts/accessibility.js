// 每次载入页面后，补上 Material 的页面里读屏软件和键盘用户缺的两样东西：
// 1. Material 给每个代码块加一个 <nav class="md-code__nav">（放复制按钮），这些导航区域都没有名字，
//    读屏软件无法区分它们（axe-core 的 landmark-unique 规则）：按顺序给它们起名。
// 2. 表格放不下时，Material 把它包在可以横向滚动的 .md-typeset__scrollwrap 里；键盘要能聚焦这个区域才能滚动它
//    （axe-core 的 scrollable-region-focusable 规则）：让它可以用 Tab 键聚焦，并说明它是什么。
// 3. 代码块放不下时也横向滚动。Material 只在能悬停（有鼠标）的设备上让这样的代码块可以聚焦，
//    在触屏设备上去掉它的 tabindex；接了键盘的平板、手机就无法用键盘滚动它（同一条 axe 规则）。
//    这里在所有设备上让能滚动的代码块可以用 Tab 聚焦：尺寸变化时、Material 去掉 tabindex 时都再检查一次。
function focusableWhenScrolling(code) {
  if (code.scrollWidth > code.clientWidth) {
    if (code.getAttribute("tabindex") !== "0") code.setAttribute("tabindex", "0");
  } else if (code.hasAttribute("tabindex")) {
    code.removeAttribute("tabindex");
  }
}
var codeResized = new ResizeObserver(function (entries) {
  entries.forEach(function (entry) { focusableWhenScrolling(entry.target); });
});
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    if (change.target.matches("pre > code")) focusableWhenScrolling(change.target);
  });
}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["tabindex"] });
document$.subscribe(function () {
  document.querySelectorAll(".md-code__nav").forEach(function (nav, i) {
    nav.setAttribute("aria-label", "第 " + (i + 1) + " 个代码块的操作");
  });
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "第 " + (i + 1) + " 个表格（可横向滚动）");
  });
  document.querySelectorAll("pre > code").forEach(function (code) {
    focusableWhenScrolling(code);
    codeResized.observe(code);
  });
});
