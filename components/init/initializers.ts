// Weight initialisations compared in 第4章 4.3. Each gives the standard deviation of a
// zero-mean normal from the layer's fan-in and fan-out; "zero" is the symmetric extreme.
//   Xavier/Glorot: Var(W) = 2 / (n_in + n_out)   (keeps variance through tanh, both directions)
//   He/Kaiming:    Var(W) = 2 / n_in             (ReLU zeroes half its input, so twice as much)
import * as tf from "@book/tf";

export type InitName = "zero" | "normal1" | "normal001" | "xavier" | "he";

export const INITIALIZERS: Record<InitName, { label: string; std(fanIn: number, fanOut: number): number }> = {
  zero: { label: "全零", std: () => 0 },
  normal1: { label: "N(0, 1)", std: () => 1 },
  normal001: { label: "N(0, 0.01²)", std: () => 0.01 },
  xavier: { label: "Xavier", std: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)) },
  he: { label: "He", std: (fanIn) => Math.sqrt(2 / fanIn) }
};

export function isInit(name: string): name is InitName {
  return Object.hasOwn(INITIALIZERS, name);
}

/** A [fanIn, fanOut] weight matrix drawn with the given rule and seed. */
export function initWeight(init: InitName, fanIn: number, fanOut: number, seed: number): tf.Tensor2D {
  const std = INITIALIZERS[init].std(fanIn, fanOut);
  return std === 0 ? tf.zeros([fanIn, fanOut]) : tf.randomNormal([fanIn, fanOut], 0, std, "float32", seed);
}
