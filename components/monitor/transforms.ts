// Inputs for the monitoring stream (第7章 7.3): the book's MNIST test digits as the model
// expects them (28×28 floats in [0, 1]), and seeded ways to shift them: rotated, noisy,
// inverted, as a camera turned sideways, a dirty lens or a dark-mode screenshot would.
import type { MnistSplit } from "../data/mnist-format.js";

const SIDE = 28;

/** Test digit `index` as 784 floats in [0, 1]. */
export function digitPixels(split: MnistSplit, index: number): Float32Array {
  const start = index * SIDE * SIDE;
  return Float32Array.from(split.images.subarray(start, start + SIDE * SIDE), (v) => v / 255);
}

/** Rotated by `degrees` about the centre (bilinear; outside the image is background 0). */
export function rotate(image: Float32Array, degrees: number): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  const [c, s] = [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
  const mid = (SIDE - 1) / 2;
  const at = (r: number, col: number) => (r >= 0 && r < SIDE && col >= 0 && col < SIDE ? image[r * SIDE + col] : 0);
  for (let r = 0; r < SIDE; ++r)
    for (let col = 0; col < SIDE; ++col) {
      // The source pixel that lands here: rotate the destination back.
      const [y, x] = [r - mid, col - mid];
      const sr = c * y - s * x + mid;
      const sc = s * y + c * x + mid;
      const [r0, c0] = [Math.floor(sr), Math.floor(sc)];
      const [fr, fc] = [sr - r0, sc - c0];
      out[r * SIDE + col] = (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1));
    }
  return out;
}

/** Gaussian noise of standard deviation `sigma`, clipped to [0, 1]. */
export function addNoise(image: Float32Array, sigma: number, random: () => number): Float32Array {
  return image.map((v) => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.min(1, Math.max(0, v + sigma * gaussian));
  });
}

/** White digit on black becomes black on white. */
export function invert(image: Float32Array): Float32Array {
  return image.map((v) => 1 - v);
}
