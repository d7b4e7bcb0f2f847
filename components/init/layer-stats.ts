// What 第4章 4.3 measures inside a deep MLP at one moment: per hidden layer the variance of
// z_l, the variance the derivation predicts, a histogram of h_l, and ‖∂L/∂W_l‖.
// The prediction is the step every initialisation rule rests on: with W_l independent of
// h_{l−1}, zero-mean, variance σ_l², and b_l = 0,
//   Var(z_l) = n_{l−1} σ_l² E[h_{l−1}²].
import * as tf from "@book/tf";
import { softmaxCrossEntropy } from "../losses/cross-entropy.js";
import { lossAndGrads } from "../nn/grads.js";
import { yieldToPage } from "../train/loop.js";
import { initStd, type DeepMlp } from "./deep-mlp.js";

export interface LayerStat {
  layer: number; // 1-based
  /** Measured variance of z_l over the batch and the units. */
  preVariance: number;
  /** n_{l−1} σ_l² E[h_{l−1}²] with the measured E[h_{l−1}²] (for the weights as initialised). */
  predictedVariance: number;
  /** Standard deviation of h_l. */
  activationStd: number;
  histogram: Histogram;
  /** Frobenius norm of the gradient of the loss with respect to W_l. */
  gradNorm: number;
}

export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

export interface MlpSnapshot {
  loss: number;
  layers: LayerStat[];
}

/** Statistics of every hidden layer of mlp on the batch (x, y one-hot), training-mode forward. */
export async function layerStats(mlp: DeepMlp, x: tf.Tensor2D, y: tf.Tensor2D, bins = 24): Promise<MlpSnapshot> {
  const { depth, inputs, width, init } = mlp.options;
  // Yields between the phases: the page (and other cells) stay responsive on slow machines.
  const { pre, post, logits } = mlp.layers(x, false);
  await yieldToPage();
  const { loss, grads } = lossAndGrads(mlp.weights, () => softmaxCrossEntropy(y, mlp.logits(x, false)));
  const norms = tf.tidy(() => tf.stack(grads.map((g) => tf.norm(g))));
  await yieldToPage();
  try {
    const inputSquare = meanSquare(await x.data());
    const gradNorms = await norms.data();
    const layers: LayerStat[] = [];
    let previousSquare = inputSquare;
    for (let l = 0; l < depth; l++) {
      const z = await pre[l].data();
      const h = await post[l].data();
      const fanIn = l === 0 ? inputs : width;
      const std = initStd(init, fanIn, width);
      layers.push({
        layer: l + 1,
        preVariance: variance(z),
        predictedVariance: fanIn * std * std * previousSquare,
        activationStd: Math.sqrt(variance(h)),
        histogram: histogram(h, bins),
        gradNorm: gradNorms[l]
      });
      previousSquare = meanSquare(h);
      await yieldToPage();
    }
    return { loss: (await loss.data())[0], layers };
  } finally {
    tf.dispose([...pre, ...post, logits, loss, ...grads, norms]);
  }
}

export function meanSquare(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum / values.length;
}

export function variance(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - mean) ** 2;
  return sum / values.length;
}

/** Counts of values in `bins` equal bins over [min, max] (a single bin when all are equal). */
export function histogram(values: ArrayLike<number>, bins: number): Histogram {
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) [lo, hi] = [Math.min(lo, values[i]), Math.max(hi, values[i])];
  if (lo > hi) return { lo: 0, hi: 0, counts: [0] };
  if (lo === hi) return { lo, hi, counts: [values.length] };
  const counts = new Array(bins).fill(0);
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) counts[Math.min(bins - 1, Math.floor(((values[i] - lo) / (hi - lo)) * bins))]++;
  return { lo, hi, counts };
}
