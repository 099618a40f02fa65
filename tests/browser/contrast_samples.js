// Marks one element for each distinct look of text on the page, for axe-core's colour-contrast rule:
// elements whose text has the same colour, size, weight and shadow, in front of the same backgrounds
// (every ancestor's colour, image, opacity and filter), have the same contrast, so one of each is
// checked.  Only visible elements are marked (axe skips hidden ones); marks of an earlier run are
// removed first.  Returns [marked, elements with text].
() => {
  document.querySelectorAll("[data-contrast-sample]").forEach((e) => e.removeAttribute("data-contrast-sample"));
  const looks = new Set();
  let texts = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const done = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || done.has(el) || el.closest("script, style, noscript")) continue;
    done.add(el);
    texts += 1;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const own = getComputedStyle(el);
    const look = [own.color, own.fontSize, own.fontWeight, own.textShadow, own.webkitTextStrokeColor];
    for (let up = el; up; up = up.parentElement) {
      const s = up === el ? own : getComputedStyle(up);
      look.push(s.backgroundColor, s.backgroundImage, s.opacity, s.filter, s.mixBlendMode);
    }
    const key = look.join("|");
    if (looks.has(key)) continue;
    looks.add(key);
    el.setAttribute("data-contrast-sample", "");
  }
  return [looks.size, texts];
}
