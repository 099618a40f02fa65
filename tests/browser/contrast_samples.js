// Marks one element for each look of text not seen before, for axe-core's colour-contrast rule:
// elements whose text has the same colour, size, weight and shadow, in front of the same backgrounds
// (every ancestor's colour, image, opacity, filter and blend mode), have the same contrast, so one of
// each is checked.  ``seen``: the looks already checked (on earlier pages, in the same scheme and way
// of looking).  Only visible elements are marked (axe skips hidden ones); marks of an earlier run are
// removed first.  Returns the looks marked now.
(seen) => {
  document.querySelectorAll("[data-contrast-sample]").forEach((e) => e.removeAttribute("data-contrast-sample"));
  const looks = new Set(seen);
  const marked = [];
  const done = new Set();
  const chains = new Map(); // element -> the look of it and its ancestors as backgrounds
  const chain = (el) => {
    if (!el) return "";
    if (!chains.has(el)) {
      const s = getComputedStyle(el);
      chains.set(el, [s.backgroundColor, s.backgroundImage, s.opacity, s.filter, s.mixBlendMode].join("|")
        + "|" + chain(el.parentElement));
    }
    return chains.get(el);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || done.has(el) || el.closest("script, style, noscript")) continue;
    done.add(el);
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const own = getComputedStyle(el);
    const key = [own.color, own.fontSize, own.fontWeight, own.textShadow, own.webkitTextStrokeColor, chain(el)].join("|");
    if (looks.has(key)) continue;
    looks.add(key);
    marked.push(key);
    el.setAttribute("data-contrast-sample", "");
  }
  return marked;
}
