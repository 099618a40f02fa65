// Resolves after two animation frames: layout, resize observers and the paint after them are done.
() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
