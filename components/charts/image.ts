// A grid of numbers in [0, 1] drawn as a grayscale picture (digits, feature maps):
// one canvas pixel block per value, white background and dark ink like paper. Its text
// alternative is the caller's label (what the picture is) with its size; a table of 784
// pixel values would tell a reader nothing, so there is none.

export function grayscaleImage(grid: number[][], { scale = 3, invert = true, label = "" } = {}, doc: Document = document): HTMLCanvasElement {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const canvas = doc.createElement("canvas");
  canvas.width = cols;
  canvas.height = rows;
  canvas.style.width = `${cols * scale}px`;
  canvas.style.height = `${rows * scale}px`;
  canvas.style.imageRendering = "pixelated";
  canvas.setAttribute("aria-label", `${label ? `${label}：` : ""}${rows}×${cols} 灰度图`);
  canvas.setAttribute("role", "img");
  const context = canvas.getContext("2d");
  if (!context) return canvas;
  const image = context.createImageData(cols, rows);
  grid.flat().forEach((v, i) => {
    const level = Math.round(255 * Math.min(1, Math.max(0, invert ? 1 - v : v)));
    image.data.set([level, level, level, 255], i * 4);
  });
  context.putImageData(image, 0, 0);
  return canvas;
}
