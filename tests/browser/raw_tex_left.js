// Text in the article that still looks like TeX (\( \[ $...), outside code and typeset math.
() => {
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest("pre, code, script, style, math")) continue;
    if (/\\\(|\\\[|\$\$?[^$\s]/.test(n.textContent)) raw.push(n.textContent.trim().slice(0, 60));
  }
  return raw;
}
