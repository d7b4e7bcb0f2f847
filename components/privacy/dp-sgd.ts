// DP-SGD from scratch (第6章 6.5 节; Abadi et al. 2016) on a one-hidden-layer MLP, so that every
// per-example gradient can be written out: for a dense layer z = aW + b, example i's gradient
// is the outer product a_iᵀδ_i (and δ_i for b), with δ_i = ∂ℓ_i/∂z_i from backpropagation. Its
// norm is ‖a_i‖·‖δ_i‖, so the whole batch's per-example norms cost one pass (Goodfellow 2015).
// Each step: Poisson-sample the batch with rate q, clip every example's gradient to norm C,
// sum, add N(0, σ²C²) to each coordinate, divide by the expected batch size qN, take a step.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";
import { breathe } from "../compress/breathe.js";
import { epsilonSpent } from "./rdp-accountant.js";

export interface Mlp {
  w1: tf.Variable; // [784, h]
  b1: tf.Variable;
  w2: tf.Variable; // [h, 10]
  b2: tf.Variable;
}

export function buildMlp(hidden = 128, seed = 1, inputs = 784, classes = 10): Mlp {
  const init = (shape: [number, number], s: number) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / shape[0]), "float32", s));
  return { w1: init([inputs, hidden], seed), b1: tf.variable(tf.zeros([hidden])), w2: init([hidden, classes], seed + 1), b2: tf.variable(tf.zeros([classes])) };
}

export const mlpVariables = (m: Mlp) => [m.w1, m.b1, m.w2, m.b2];
export const disposeMlp = (m: Mlp) => tf.dispose(mlpVariables(m));

/** Logits for flat images [n, 784]. */
export function mlpLogits(m: Mlp, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.relu(x.matMul(m.w1).add(m.b1)).matMul(m.w2).add(m.b2) as tf.Tensor2D);
}

/** Per-example cross-entropy losses [n] (the membership attack's signal). */
export function mlpLosses(m: Mlp, x: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.logSoftmax(mlpLogits(m, x)).mul(tf.oneHot(labels.toInt(), m.b2.shape[0])).sum(1).neg() as tf.Tensor1D);
}

interface Backprop {
  x: tf.Tensor2D;
  a1: tf.Tensor2D;
  d1: tf.Tensor2D; // δ at the hidden pre-activation, [n, h]
  d2: tf.Tensor2D; // δ at the logits, [n, 10]
}

function backprop(m: Mlp, x: tf.Tensor2D, labels: tf.Tensor1D): Backprop {
  return tf.tidy(() => {
    const z1 = x.matMul(m.w1).add(m.b1);
    const a1 = tf.relu(z1) as tf.Tensor2D;
    const z2 = a1.matMul(m.w2).add(m.b2);
    const d2 = tf.softmax(z2).sub(tf.oneHot(labels.toInt(), m.b2.shape[0])) as tf.Tensor2D; // ∂CE/∂z for softmax
    const d1 = d2.matMul(m.w2.transpose()).mul(z1.greater(0).toFloat()) as tf.Tensor2D;
    return { x: x.clone(), a1, d1, d2 };
  });
}

/** ‖g_i‖ for every example: √(‖x_i‖²‖δ1_i‖² + ‖δ1_i‖² + ‖a1_i‖²‖δ2_i‖² + ‖δ2_i‖²). */
function perExampleNorms({ x, a1, d1, d2 }: Backprop): tf.Tensor1D {
  return tf.tidy(() => {
    const sq = (t: tf.Tensor2D) => t.square().sum(1);
    return sq(x).add(1).mul(sq(d1)).add(sq(a1).add(1).mul(sq(d2))).sqrt() as tf.Tensor1D;
  });
}

/** Every example's full gradient, flattened in the order w1, b1, w2, b2: [n, P]. For tests and
 * for the page's check; training never builds it. */
export function perExampleGradients(m: Mlp, x: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const b = backprop(m, x, labels);
    const n = x.shape[0];
    const outer = (a: tf.Tensor2D, d: tf.Tensor2D) => a.expandDims(2).mul(d.expandDims(1)).reshape([n, -1]);
    return tf.concat([outer(b.x, b.d1), b.d1, outer(b.a1, b.d2), b.d2], 1) as tf.Tensor2D;
  });
}

/** Per-example gradients scaled by min(1, C/‖g_i‖), summed: the four parameter gradients. */
export function clippedGradientSum(m: Mlp, x: tf.Tensor2D, labels: tf.Tensor1D, clip: number): { grads: tf.Tensor[]; norms: tf.Tensor1D } {
  return tf.tidy(() => {
    const b = backprop(m, x, labels);
    const norms = perExampleNorms(b);
    const scale = tf.minimum(1, tf.div(clip, norms.add(1e-12))).expandDims(1);
    const d1 = b.d1.mul(scale) as tf.Tensor2D;
    const d2 = b.d2.mul(scale) as tf.Tensor2D;
    return { grads: [b.x.transpose().matMul(d1), d1.sum(0), b.a1.transpose().matMul(d2), d2.sum(0)], norms };
  });
}

export interface DpSgdOptions {
  /** Noise multiplier σ (σ = 0 trains without privacy: plain SGD on clipped gradients, ε = ∞). */
  sigma: number;
  clip: number;
  /** Sampling rate q: the expected batch is qN examples. */
  q: number;
  epochs: number;
  learningRate: number;
  delta: number;
  seed?: number;
  onStep?: (progress: { step: number; steps: number; epsilon: number; loss: number }) => void;
  signal?: AbortSignal;
}

/** A Chinese message for settings DP-SGD cannot run with, or null. */
export function dpSgdError({ sigma, clip, q, epochs, delta }: Pick<DpSgdOptions, "sigma" | "clip" | "q" | "epochs" | "delta">): string | null {
  if (!(Number.isFinite(sigma) && sigma > 0)) return `噪声系数 σ 必须大于 0，现在是 ${sigma}。`;
  if (!(Number.isFinite(clip) && clip > 0)) return `裁剪范数 C 必须大于 0，现在是 ${clip}。`;
  if (!(q > 0 && q <= 1)) return `采样率 q 必须在 (0, 1] 之内，现在是 ${q}。`;
  if (!(epochs > 0)) return `轮数必须大于 0，现在是 ${epochs}。`;
  if (!(delta > 0 && delta < 1)) return `δ 必须在 0 和 1 之间（不含两端），现在是 ${delta}。`;
  return null;
}

/** Trains `m` in place on flat images [N, 784] with integer labels; returns ε spent at δ. */
export async function trainDpSgd(m: Mlp, x: tf.Tensor2D, labels: tf.Tensor1D, options: DpSgdOptions & { private?: boolean }): Promise<{ epsilon: number; steps: number }> {
  const { sigma, clip, q, epochs, learningRate, delta, seed = 1, onStep, signal } = options;
  const isPrivate = options.private ?? true;
  const error = isPrivate ? dpSgdError(options) : null;
  if (error) throw new RangeError(error);
  const n = x.shape[0];
  const steps = Math.round((epochs * n) / Math.round(q * n));
  const random = seededRandom(seed);
  const expected = q * n;
  let epsilon = isPrivate ? 0 : Infinity;
  for (let step = 0; step < steps && !signal?.aborted; ++step) {
    const chosen: number[] = [];
    for (let i = 0; i < n; ++i) if (random() < q) chosen.push(i);
    if (chosen.length === 0) continue; // an empty Poisson batch: noise only, which the accountant counts too
    const loss = tf.tidy(() => {
      const idx = tf.tensor1d(chosen, "int32");
      const xb = tf.gather(x, idx) as tf.Tensor2D;
      const yb = tf.gather(labels, idx) as tf.Tensor1D;
      const { grads } = clippedGradientSum(m, xb, yb, isPrivate ? clip : Infinity);
      mlpVariables(m).forEach((v, k) => {
        const noise = isPrivate ? tf.randomNormal(v.shape, 0, sigma * clip, "float32", seed * 100_003 + step * 4 + k) : tf.zerosLike(v);
        v.assign(v.sub(grads[k].add(noise).div(isPrivate ? expected : chosen.length).mul(learningRate)));
      });
      return mlpLosses(m, xb, yb).mean();
    });
    const lossValue = (await loss.data())[0];
    loss.dispose();
    if (isPrivate) epsilon = epsilonSpent({ q, sigma, steps: step + 1, delta }).epsilon;
    onStep?.({ step: step + 1, steps, epsilon, loss: lossValue });
    await breathe(); // timers, not only messages: the notebook's loop guard listens to a timer heartbeat
  }
  return { epsilon, steps };
}
