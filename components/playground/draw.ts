// Drawing the playground (第2章): the decision boundary as a heat map of P(class 1) with the
// data points on top, and small multiples of each hidden unit's activation over the plane.
import type { Grid } from "./mlp.js";

const CLASS_COLORS: [number, number, number][] = [
  [78, 121, 167], // class 0: blue
  [242, 142, 43] // class 1: orange
];

/** Blend of the two class colours: t = 0 blue, 0.5 white, 1 orange. */
function diverging(t: number): [number, number, number] {
  const [c, w] = t < 0.5 ? [CLASS_COLORS[0], (0.5 - t) * 2] : [CLASS_COLORS[1], (t - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(255 + (c[i] - 255) * w * 0.85)) as [number, number, number];
}

function paint(canvas: HTMLCanvasElement, values: ArrayLike<number>, size: number, toUnit: (v: number) => number): CanvasRenderingContext2D {
  const cell = canvas.width / size;
  const context = canvas.getContext("2d")!;
  for (let r = 0; r < size; ++r)
    for (let c = 0; c < size; ++c) {
      const [red, green, blue] = diverging(toUnit(values[r * size + c]));
      context.fillStyle = `rgb(${red},${green},${blue})`;
      context.fillRect(Math.floor(c * cell), Math.floor(r * cell), Math.ceil(cell), Math.ceil(cell));
    }
  return context;
}

/** The boundary: P(class 1) per grid cell, the 0.5 level darker, points coloured by label. */
export function boundaryCanvas(probabilities: ArrayLike<number>, grid: Grid, points: [number, number][], labels: number[], pixels = 300, doc: Document = document): HTMLCanvasElement {
  const canvas = doc.createElement("canvas");
  canvas.width = canvas.height = pixels;
  canvas.dataset.chart = "decision-boundary";
  const context = paint(canvas, probabilities, grid.size, (p) => p);
  const { x0, x1, y0, y1 } = grid.bounds;
  for (const [i, [x, y]] of points.entries()) {
    const [red, green, blue] = CLASS_COLORS[labels[i]];
    context.beginPath();
    context.arc(((x - x0) / (x1 - x0)) * pixels, ((y1 - y) / (y1 - y0)) * pixels, 2.6, 0, 2 * Math.PI);
    context.fillStyle = `rgb(${red},${green},${blue})`;
    context.fill();
    context.strokeStyle = "white";
    context.lineWidth = 0.8;
    context.stroke();
  }
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", describeBoundary(probabilities, grid, points, labels));
  return canvas;
}

/** The boundary in numbers, read from the grid that is drawn: how much of the plane is
 * class 1, and how many points lie in their own class's colour. */
export function describeBoundary(probabilities: ArrayLike<number>, grid: Grid, points: [number, number][], labels: number[]): string {
  const { x0, x1, y0, y1 } = grid.bounds;
  const n = grid.size;
  let ones = 0;
  for (let i = 0; i < n * n; ++i) if (probabilities[i] > 0.5) ones++;
  const cellOf = (x: number, y: number) => {
    const c = Math.min(n - 1, Math.max(0, Math.floor(((x - x0) / (x1 - x0)) * n)));
    const r = Math.min(n - 1, Math.max(0, Math.floor(((y1 - y) / (y1 - y0)) * n)));
    return r * n + c;
  };
  const inside = points.filter(([x, y], i) => (probabilities[cellOf(x, y)] > 0.5 ? 1 : 0) === labels[i]).length;
  return `决策边界：蓝色区域判为第 0 类，橙色区域判为第 1 类（占平面的 ${Math.round((100 * ones) / (n * n))}%）；${points.length} 个训练点中有 ${inside} 个落在自己类别的颜色里。`;
}

/** One small map per hidden unit, layer by layer: each unit's activation over the plane,
 * scaled to its own range (so the shape of the boundary it draws is visible). */
export function hiddenUnitGrid(layers: Float32Array[][], grid: Grid, pixels = 72, doc: Document = document): HTMLElement {
  const root = doc.createElement("div");
  root.className = "playground-units";
  layers.forEach((units, l) => {
    const row = root.appendChild(doc.createElement("div"));
    row.dataset.layer = String(l + 1);
    row.appendChild(doc.createElement("span")).textContent = `第 ${l + 1} 隐藏层`;
    units.forEach((values, u) => {
      let low = Infinity;
      let high = -Infinity;
      for (const v of values) (low = Math.min(low, v)), (high = Math.max(high, v));
      const canvas = doc.createElement("canvas");
      canvas.width = canvas.height = pixels;
      canvas.dataset.unit = `${l + 1}-${u + 1}`;
      canvas.title = `第 ${l + 1} 层第 ${u + 1} 个单元：激活值 ${low.toFixed(2)} 到 ${high.toFixed(2)}`;
      paint(canvas, values, grid.size, (v) => (high > low ? (v - low) / (high - low) : 0.5));
      row.appendChild(canvas);
    });
  });
  return root;
}
