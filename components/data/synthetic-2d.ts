// The 2-D data sets of 第2章's playground: besides synthetic.ts's two moons and circles,
// XOR (four quadrants) and two interleaved spirals, all seeded, plus one entry point by name.
import * as tf from "@book/tf";
import { makeCircles, makeMoons, seededRandom, type PointSet } from "./synthetic.js";

export const DATASETS = { moons: "两个月牙", circles: "同心圆", xor: "异或（四个象限）", spirals: "双螺旋" } as const;
export type DatasetName = keyof typeof DATASETS;

function fromPoints(points: [number, number][], labels: number[]): PointSet {
  const x = tf.tensor2d(points);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), 2).toFloat() as tf.Tensor2D);
  return { points, labels, x, y, dispose: () => tf.dispose([x, y]) };
}

/** Points uniform in [−1, 1]², class 1 where x and y have the same sign; `margin` keeps
 * points away from the axes so the classes are separable (by a non-linear boundary). */
export function makeXor(n: number, { margin = 0.05, seed = 1 } = {}): PointSet {
  const random = seededRandom(seed);
  const coordinate = () => (random() < 0.5 ? -1 : 1) * (margin + (1 - margin) * random());
  const points: [number, number][] = Array.from({ length: n }, () => [coordinate(), coordinate()]);
  return fromPoints(points, points.map(([a, b]) => (a * b > 0 ? 1 : 0)));
}

/** Two spirals turning `turns` times, class 1 the other rotated by π; radius grows from 0.1 to 1. */
export function makeSpirals(n: number, { noise = 0.03, turns = 1.5, seed = 1 } = {}): PointSet {
  const random = seededRandom(seed);
  const jitter = () => noise * (random() + random() + random() - 1.5) * 2; // ≈ Gaussian, sd ≈ noise
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; ++i) {
    const label = i % 2;
    const t = random();
    const radius = 0.1 + 0.9 * t;
    const angle = 2 * Math.PI * turns * t + label * Math.PI;
    points.push([radius * Math.cos(angle) + jitter(), radius * Math.sin(angle) + jitter()]);
    labels.push(label);
  }
  return fromPoints(points, labels);
}

/** One of the four data sets by name, n points, seeded. */
export function make2d(name: DatasetName, n: number, seed = 1): PointSet {
  switch (name) {
    case "moons":
      return makeMoons(n, { noise: 0.1, seed });
    case "circles":
      return makeCircles(n, { noise: 0.08, seed });
    case "xor":
      return makeXor(n, { seed });
    case "spirals":
      return makeSpirals(n, { seed });
  }
}
