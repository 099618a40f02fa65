// Draws a CJK character and a character no font has: identical pixels mean "tofu" boxes.
() => {
  const draw = (ch) => {
    const c = document.createElement("canvas");
    c.width = 40;
    c.height = 40;
    const g = c.getContext("2d");
    g.font = "32px sans-serif";
    g.fillText(ch, 2, 32);
    return g.getImageData(0, 0, 40, 40).data.join(",");
  };
  return draw("梯") !== draw("\u{10FFFD}");
}
