// The first screen of a page on a phone: where the title starts (px from the top of the page), the
// size of body text and of text in boxes (admonitions, details), and whether Material's back-to-top
// button is on the page.
() => {
  const size = (el) => (el ? parseFloat(getComputedStyle(el).fontSize) : null);
  const h1 = document.querySelector("article h1");
  const body = document.querySelector(".md-content__inner > p:not(.page-meta p)");
  const box = document.querySelector("article .admonition > p:not(.admonition-title), article details > p");
  return {
    titleTop: h1 ? h1.getBoundingClientRect().top + window.scrollY : null,
    body: size(body),
    box: size(box),
    boxCode: size(box && box.parentElement.querySelector("pre > code")),
    bodyCode: size(document.querySelector(".md-content__inner > .highlight pre > code")),
    backToTop: !!document.querySelector(".md-top"),
  };
}
