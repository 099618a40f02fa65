// Before axe-core runs: opens the collapsed exercise answers (<details>), so that what they hold is
// checked too, and resolves after two animation frames: layout, resize observers and the paint after
// them are done.
() => {
  document.querySelectorAll("article details:not([open])").forEach((details) => { details.open = true; });
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}
