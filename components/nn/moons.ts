// Two interleaving half circles ("two moons", 3.1 节): a seeded 2-D data set that no straight
// line separates, for the network trained with hand-written backprop. It belongs next to
// makeCircles in components/data/synthetic.ts; it lives here until that module's owner moves it.
import * as tf from "@book/tf";
import { seededRandom, type PointSet } from "../data/synthetic.js";

/** n points: class 0 on the upper moon, class 1 on the lower one shifted right, plus Gaussian noise. */
export function makeMoons(n: number, { noise = 0.1, seed = 1 } = {}): PointSet {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; ++i) {
    const label = i % 2;
    const angle = Math.PI * random();
    const [x, y] = label ? [1 - Math.cos(angle), 0.5 - Math.sin(angle)] : [Math.cos(angle), Math.sin(angle)];
    points.push([x + noise * gaussian(), y + noise * gaussian()]);
    labels.push(label);
  }
  const x = tf.tensor2d(points);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), 2).toFloat() as tf.Tensor2D);
  return { points, labels, x, y, dispose: () => tf.dispose([x, y]) };
}
