// Opens the collapsed answers (<details>) as a reader does, by clicking their summaries, then clicks
// the copy button of each code block titled with one of ``titles`` (element.click(): the click event
// Material's copy handler listens for), reading the clipboard after each; returns title -> what was
// copied (null: no block or no button with that title).
async (titles) => {
  document.querySelectorAll("article details:not([open]) > summary").forEach((summary) => summary.click());
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const blocks = new Map();
  for (const block of document.querySelectorAll("div.highlight")) {
    const title = block.querySelector(":scope > span.filename");
    if (title && !blocks.has(title.textContent)) blocks.set(title.textContent, block);
  }
  const copied = {};
  for (const title of titles) {
    const button = blocks.get(title)?.querySelector("button[data-md-type=copy]");
    copied[title] = null;
    if (!button) continue;
    await navigator.clipboard.writeText("");
    button.click();
    copied[title] = await navigator.clipboard.readText();
  }
  return copied;
}
