// What the offline test asks of a loaded page, in one call: what its CSP refused (csp_listener.js),
// text in the article that still looks like TeX (\( \[ $..., outside code and typeset math), how
// many typeset formulas, visible code blocks (or in a collapsed answer) and visible table rows it has, and whether
// CJK text renders (a CJK character drawn differently from a character no font has, not as "tofu").
() => {
  const article = document.querySelector("article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const rawTex = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest("pre, code, script, style, math")) continue;
    if (/\\\(|\\\[|\$\$?[^$\s]/.test(n.textContent)) rawTex.push(n.textContent.trim().slice(0, 60));
  }
  const shown = (e) => e.checkVisibility({ visibilityProperty: true }) || e.closest("details:not([open])");
  const visible = (selector) => [...article.querySelectorAll(selector)].filter(shown).length;
  const draw = (ch) => {
    const c = document.createElement("canvas");
    c.width = 40;
    c.height = 40;
    const g = c.getContext("2d");
    g.font = "32px sans-serif";
    g.fillText(ch, 2, 32);
    return g.getImageData(0, 0, 40, 40).data.join(",");
  };
  return {
    refused: window.__refused, rawTex, math: article.querySelectorAll("math").length,
    code: visible("pre"), rows: visible("table tbody tr"), cjk: draw("梯") !== draw("\u{10FFFD}"),
  };
}
