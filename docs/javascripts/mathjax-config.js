// MathJax 3 的设置与加载。MathJax 本身在站内 assets/mathjax/（见 scripts/vendor-mathjax.sh），
// 不访问任何外部地址；只有正文里有公式的页面才加载它（约 1.2 MB），其余页面不加载。
//
// 只排版正文（article.md-typeset）里的两类内容：
// - pymdownx.arithmatex 生成的 .arithmatex 元素（\(...\) 与 \[...\]）；
// - 笔记本页面（mkdocs-jupyter）中 Markdown 单元格的 .jp-MarkdownOutput，公式按 Jupyter 习惯写成 $...$。
// 正文其余部分被 ignoreHtmlClass 跳过，所以普通段落里的 $ 不会被误当成公式。
// 注意 ignoreHtmlClass 不能写成匹配一切的 ".*|"：那样 .jp-MarkdownOutput 里没有 class 的 <p> 也会被跳过。
//
// 启动时不自动排版，而是在 Material 每次载入页面（document$）时排版一次，避免首屏重复排版。
const mathjaxSrc = new URL("../assets/mathjax/tex-chtml.js", document.currentScript.src).href;

window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: "md-typeset",
    processHtmlClass: "arithmatex|jp-MarkdownOutput",
  },
  startup: { typeset: false },
};

function typesetArticle() {
  return MathJax.startup.promise.then(() => {
    MathJax.typesetClear();
    return MathJax.typesetPromise(document.querySelectorAll("article.md-typeset"));
  });
}

document$.subscribe(() => {
  if (!document.querySelector("article .arithmatex, article .jp-MarkdownOutput")) return;
  if (MathJax.startup && MathJax.startup.promise) {
    typesetArticle(); // 已经加载过
    return;
  }
  const script = document.createElement("script");
  script.src = mathjaxSrc;
  script.onload = typesetArticle;
  document.head.appendChild(script);
});
