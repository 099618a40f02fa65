// MathJax 3 的设置：只处理 pymdownx.arithmatex 生成的 .arithmatex 元素，以及笔记本页面
// （mkdocs-jupyter）里 Markdown 单元格的内容（.jp-MarkdownOutput，其中公式按 Jupyter 习惯写成 $...$）。
// MathJax 本身从站内 assets/mathjax/ 加载（见 scripts/vendor-mathjax.sh），不访问任何外部地址。
// 启动时不自动排版，而是在 Material 每次载入页面（document$，含即时导航）时排版一次，
// 避免首屏重复排版。
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex|jp-MarkdownOutput",
  },
  startup: { typeset: false },
};

document$.subscribe(() => {
  MathJax.startup.promise.then(() => {
    MathJax.typesetClear();
    return MathJax.typesetPromise();
  });
});
