// A hand-drawn digit made to look like an MNIST digit: MNIST digits are scaled so their
// bounding box fits 20×20 and centred by centre of mass in a 28×28 frame. Without this a
// drawn digit (thin, off-centre, filling the box) is a different distribution and the
// trained CNN misreads it.

/** Ink (0…1) from a larger square canvas, as a size×size grid in MNIST's layout. */
export function toMnistLayout(ink: number[][], size = 28, box = 20): number[][] {
  const n = ink.length;
  let [top, bottom, left, right] = [n, -1, n, -1];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (ink[r][c] > 0.05) {
        top = Math.min(top, r);
        bottom = Math.max(bottom, r);
        left = Math.min(left, c);
        right = Math.max(right, c);
      }
  const blank = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  if (bottom < 0) return blank;
  const extent = Math.max(bottom - top + 1, right - left + 1);
  const scale = box / extent;
  // Area-average the bounding box into a box×box (at most) grid.
  const h = Math.max(1, Math.round((bottom - top + 1) * scale));
  const w = Math.max(1, Math.round((right - left + 1) * scale));
  const small = Array.from({ length: h }, (_, r) =>
    Array.from({ length: w }, (_, c) => {
      const [r0, r1] = [top + r / scale, top + (r + 1) / scale];
      const [c0, c1] = [left + c / scale, left + (c + 1) / scale];
      let sum = 0;
      let count = 0;
      for (let y = Math.floor(r0); y < Math.min(n, Math.ceil(r1)); y++)
        for (let x = Math.floor(c0); x < Math.min(n, Math.ceil(c1)); x++) {
          sum += ink[y][x];
          count++;
        }
      return count ? Math.min(1, sum / count) : 0;
    })
  );
  // Centre of mass of the small grid goes to the centre of the frame.
  let [mass, my, mx] = [0, 0, 0];
  small.forEach((row, r) => row.forEach((v, c) => ((mass += v), (my += v * r), (mx += v * c))));
  const offsetY = Math.round(size / 2 - (mass ? my / mass : h / 2) - 0.5);
  const offsetX = Math.round(size / 2 - (mass ? mx / mass : w / 2) - 0.5);
  small.forEach((row, r) =>
    row.forEach((v, c) => {
      const [y, x] = [r + Math.min(Math.max(offsetY, 0), size - h), c + Math.min(Math.max(offsetX, 0), size - w)];
      blank[y][x] = v;
    })
  );
  return blank;
}
