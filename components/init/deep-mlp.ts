// A deep fully connected classifier whose parts 第4章 varies one at a time: activation,
// weight initialisation, and (4.4) batch normalisation before each activation. Weights are
// plain tf.Variables, so the from-scratch optimisers of components/optim/ train it and the
// probes of layer-stats.ts can look inside every layer.
import * as tf from "@book/tf";
import { batchNorm, type BatchNorm } from "../norm/batch-norm.js";
import { checkDropRate, dropout } from "../nn/dropout.js";
import { ACTIVATIONS, type ActivationName } from "./activations.js";
import { INITIALIZERS, initWeight, type InitName } from "./initializers.js";

/** A named rule, or every weight equal to `constant` (the symmetric case of 4.3). */
export type InitChoice = InitName | { constant: number };

export interface DeepMlpOptions {
  inputs: number;
  /** Units in every hidden layer. */
  width: number;
  /** Number of hidden layers. */
  depth: number;
  outputs: number;
  activation: ActivationName;
  init: InitChoice;
  seed?: number;
  batchNorm?: boolean;
  /** Inverted dropout after every hidden activation while training (4.5); 0 = none. */
  dropout?: number;
}

export interface DeepMlpLayers {
  /** z_l = h_{l−1} W_l + b_l, before the activation (after BN when there is one). */
  pre: tf.Tensor2D[];
  /** h_l = φ(z_l). */
  post: tf.Tensor2D[];
  logits: tf.Tensor2D;
}

export interface DeepMlp {
  readonly options: DeepMlpOptions;
  /** One weight matrix per layer, the output layer last. */
  readonly weights: tf.Variable[];
  readonly biases: tf.Variable[];
  readonly norms: BatchNorm[];
  /** Everything the optimiser trains. */
  readonly params: tf.Variable[];
  logits(x: tf.Tensor2D, training: boolean): tf.Tensor2D;
  /** Every layer's tensors (the caller disposes them). */
  layers(x: tf.Tensor2D, training: boolean): DeepMlpLayers;
  dispose(): void;
}

export const LIMITS = { depth: [1, 50], width: [2, 1024] } as const;

/** A Chinese sentence saying what is wrong with a depth or width, or null when both are usable. */
export function shapeProblem(depth: number, width: number): string | null {
  const [dMin, dMax] = LIMITS.depth;
  const [wMin, wMax] = LIMITS.width;
  if (!(Number.isInteger(depth) && depth >= dMin && depth <= dMax)) return `层数必须是 ${dMin} 到 ${dMax} 之间的整数，收到“${depth}”`;
  if (!(Number.isInteger(width) && width >= wMin && width <= wMax)) return `每层宽度必须是 ${wMin} 到 ${wMax} 之间的整数，收到“${width}”`;
  return null;
}

export function initStd(init: InitChoice, fanIn: number, fanOut: number): number {
  return typeof init === "string" ? INITIALIZERS[init].std(fanIn, fanOut) : 0;
}

export function deepMlp(options: DeepMlpOptions): DeepMlp {
  const { inputs, width, depth, outputs, activation, init, seed = 1, dropout: dropRate = 0 } = options;
  const problem = shapeProblem(depth, width);
  if (problem) throw new Error(problem);
  checkDropRate(dropRate);
  let masks = 0; // each training pass draws new, seeded dropout masks
  const sizes = [inputs, ...Array(depth).fill(width), outputs];
  const weights = sizes.slice(1).map((fanOut, i) =>
    tf.tidy(() => tf.variable(typeof init === "string" ? initWeight(init, sizes[i], fanOut, seed * 1000 + i) : tf.fill([sizes[i], fanOut], init.constant)))
  );
  const biases = sizes.slice(1).map((fanOut) => tf.tidy(() => tf.variable(tf.zeros([fanOut]))));
  const norms = options.batchNorm ? Array.from({ length: depth }, () => batchNorm(width)) : [];
  const phi = ACTIVATIONS[activation].apply;
  const run = (x: tf.Tensor2D, training: boolean, keep: boolean): DeepMlpLayers => {
    const pre: tf.Tensor2D[] = [];
    const post: tf.Tensor2D[] = [];
    let h = x;
    for (let l = 0; l < depth; l++) {
      let z = tf.add(tf.matMul(h, weights[l]), biases[l]) as tf.Tensor2D;
      if (norms.length) z = norms[l].apply(z, training);
      h = phi(z) as tf.Tensor2D;
      if (dropRate > 0 && training) h = dropout(h, dropRate, true, seed * 7919 + masks++) as tf.Tensor2D;
      if (keep) pre.push(z), post.push(h);
    }
    return { pre, post, logits: tf.add(tf.matMul(h, weights[depth]), biases[depth]) as tf.Tensor2D };
  };
  return {
    options,
    weights,
    biases,
    norms,
    params: [...weights, ...biases, ...norms.flatMap((n) => n.params)],
    logits: (x, training) => tf.tidy(() => run(x, training, false).logits),
    layers: (x, training) => {
      const { pre, post, logits } = tf.tidy(() => run(x, training, true) as unknown as tf.TensorContainerObject) as unknown as DeepMlpLayers;
      return { pre, post, logits };
    },
    dispose: () => {
      tf.dispose([...weights, ...biases]);
      norms.forEach((n) => n.dispose());
    }
  };
}
