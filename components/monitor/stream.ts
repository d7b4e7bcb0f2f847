// The monitoring stream (第7章 7.3): windows of test digits arriving one after another,
// clean at first, then shifted. Deterministic for a seed, so every reader (and the test)
// sees the same stream.
import type { MnistSplit } from "../data/mnist-format.js";
import { seededRandom } from "../data/synthetic.js";
import { addNoise, digitPixels, invert, rotate } from "./transforms.js";

export type Shift = "clean" | "rotate" | "noise" | "invert";

export const SHIFT_NAMES: Record<Shift, string> = { clean: "干净", rotate: "旋转 25°–45°", noise: "加噪声 σ=0.35", invert: "黑白反转" };

export interface StreamWindow {
  shift: Shift;
  inputs: Float32Array[];
  labels: Uint8Array;
}

/** Windows of `size` digits from `split`, starting at digit `start` (wrapping around),
 * one window per entry of `phases`. */
export function driftStream(split: MnistSplit, phases: Shift[], { size = 200, start = 0, seed = 1 } = {}): StreamWindow[] {
  const random = seededRandom(seed);
  let next = start;
  return phases.map((shift) => {
    const labels = new Uint8Array(size);
    const inputs = Array.from({ length: size }, (_, k) => {
      const index = next++ % split.count;
      labels[k] = split.labels[index];
      return shifted(digitPixels(split, index), shift, random);
    });
    return { shift, inputs, labels };
  });
}

function shifted(image: Float32Array, shift: Shift, random: () => number): Float32Array {
  if (shift === "rotate") return rotate(image, (random() < 0.5 ? -1 : 1) * (25 + 20 * random()));
  if (shift === "noise") return addNoise(image, 0.35, random);
  if (shift === "invert") return invert(image);
  return image;
}
