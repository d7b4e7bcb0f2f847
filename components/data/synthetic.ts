// Small synthetic data sets that a linear model cannot separate (第2章 and 3.1): two
// concentric circles, generated from a seed so every reader gets the same points.
import * as tf from "@book/tf";

/** A seeded generator (mulberry32): same seed, same numbers, in every browser. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PointSet {
  points: [number, number][];
  labels: number[];
  /** Inputs [n, 2] and one-hot labels [n, classes]. */
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  dispose(): void;
}

/** n seeded points, alternating classes 0 and 1: `place(label, random)` gives a point's
 * position before Gaussian noise of standard deviation `noise` is added. */
function pointSet(n: number, noise: number, seed: number, place: (label: number, random: () => number) => [number, number]): PointSet {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; ++i) {
    const label = i % 2;
    const [px, py] = place(label, random);
    points.push([px + noise * gaussian(), py + noise * gaussian()]);
    labels.push(label);
  }
  const x = tf.tensor2d(points);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), 2).toFloat() as tf.Tensor2D);
  return { points, labels, x, y, dispose: () => tf.dispose([x, y]) };
}

/** n points on two circles (radius 1 → class 0, radius 0.5 → class 1) with Gaussian noise. */
export function makeCircles(n: number, { noise = 0.08, seed = 1 } = {}): PointSet {
  return pointSet(n, noise, seed, (label, random) => {
    const angle = 2 * Math.PI * random();
    const radius = label ? 0.5 : 1;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/** Two interleaving half circles ("two moons", 3.1): class 0 on the upper moon, class 1 on
 * the lower one shifted right, no straight line separates them. */
export function makeMoons(n: number, { noise = 0.1, seed = 1 } = {}): PointSet {
  return pointSet(n, noise, seed, (label, random) => {
    const angle = Math.PI * random();
    return label ? [1 - Math.cos(angle), 0.5 - Math.sin(angle)] : [Math.cos(angle), Math.sin(angle)];
  });
}
