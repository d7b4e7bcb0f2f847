// A two-layer MLP (3.1 节) whose backward pass is written out by hand with the chain rule,
// next to the same gradients from tfjs's autodiff and from finite differences, so the page
// and the tests can check one against the others. Rows are samples (tfjs's layout):
//   Z1 = X W1 + b1,  H1 = f(Z1),  Z2 = H1 W2 + b2,  P = softmax(Z2),
//   L  = −(1/N) Σₙ Σₖ Yₙₖ log Pₙₖ   (mean cross-entropy over the batch).
// Shapes: X [N, D], W1 [D, M], b1 [M], W2 [M, K], b2 [K], Y [N, K] (one-hot).
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";

export type Activation = "relu" | "tanh";

export interface MlpParams {
  W1: tf.Tensor2D; // [D, M]
  b1: tf.Tensor1D; // [M]
  W2: tf.Tensor2D; // [M, K]
  b2: tf.Tensor1D; // [K]
}

/** Same keys as the parameters: grads.W1 is ∂L/∂W1 and has W1's shape. */
export type MlpGrads = MlpParams;

export const PARAM_NAMES = ["W1", "b1", "W2", "b2"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** Seeded He/Xavier-style initialisation: W ~ N(0, 1/fan_in) (scaled by 2 for ReLU), b = 0. */
export function initMlp(inputs: number, hidden: number, outputs: number, { seed = 1, activation = "relu" as Activation } = {}): MlpParams {
  const gain = activation === "relu" ? 2 : 1;
  return tf.tidy(() => ({
    W1: tf.randomNormal([inputs, hidden], 0, Math.sqrt(gain / inputs), "float32", seed) as tf.Tensor2D,
    b1: tf.zeros([hidden]) as tf.Tensor1D,
    W2: tf.randomNormal([hidden, outputs], 0, Math.sqrt(1 / hidden), "float32", seed + 1) as tf.Tensor2D,
    b2: tf.zeros([outputs]) as tf.Tensor1D
  }));
}

export function disposeParams(params: MlpParams): void {
  tf.dispose([params.W1, params.b1, params.W2, params.b2]);
}

function activate(Z: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === "relu" ? tf.relu(Z) : tf.tanh(Z);
}

/** f'(Z1) from what the forward pass kept: step(Z1) for ReLU, 1 − H1² for tanh. */
function activationSlope(Z1: tf.Tensor, H1: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === "relu" ? tf.step(Z1) : tf.sub(1, tf.square(H1));
}

/** The logits Z2 [N, K]; the forward pass that the loss and the autodiff reference use. */
export function mlpLogits(X: tf.Tensor2D, params: MlpParams, activation: Activation = "relu"): tf.Tensor2D {
  return tf.tidy(() => {
    const H1 = activate(tf.add(tf.matMul(X, params.W1), params.b1), activation);
    return tf.add(tf.matMul(H1, params.W2), params.b2) as tf.Tensor2D;
  });
}

/** Cross-entropy of softmax(logits) against one-hot Y: mean (default) or sum over the batch. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, Y: tf.Tensor2D, reduction: "mean" | "sum" = "mean"): tf.Scalar {
  return tf.tidy(() => {
    const perSample = tf.neg(tf.sum(tf.mul(Y, tf.logSoftmax(logits)), 1)); // [N]
    return (reduction === "mean" ? tf.mean(perSample) : tf.sum(perSample)) as tf.Scalar;
  });
}

export function mlpLoss(X: tf.Tensor2D, params: MlpParams, Y: tf.Tensor2D, activation: Activation = "relu"): tf.Scalar {
  return tf.tidy(() => softmaxCrossEntropy(mlpLogits(X, params, activation), Y));
}

/** ∂L/∂Z for the summed loss L = −Σ y log softmax(z): exactly P − Y, one row per sample. */
export function crossEntropyLogitGrad(logits: tf.Tensor2D, Y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(tf.softmax(logits), Y) as tf.Tensor2D);
}

/** The same gradient by automatic differentiation of softmaxCrossEntropy(·, Y, "sum"). */
export function crossEntropyLogitGradAutodiff(logits: tf.Tensor2D, Y: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.grad((z: tf.Tensor) => softmaxCrossEntropy(z as tf.Tensor2D, Y, "sum"))(logits) as tf.Tensor2D);
}

export interface BackwardResult {
  loss: tf.Scalar;
  grads: MlpGrads;
}

/** Forward and backward pass by hand: the chain rule, one matrix product at a time. */
export function mlpBackward(X: tf.Tensor2D, params: MlpParams, Y: tf.Tensor2D, activation: Activation = "relu"): BackwardResult {
  return tf.tidy(() => {
    const N = X.shape[0];
    // Forward, keeping what the backward pass needs.
    const Z1 = tf.add(tf.matMul(X, params.W1), params.b1); //   [N, M]
    const H1 = activate(Z1, activation); //                       [N, M]
    const Z2 = tf.add(tf.matMul(H1, params.W2), params.b2) as tf.Tensor2D; // [N, K]
    const loss = softmaxCrossEntropy(Z2, Y);
    // Backward. The mean over the batch puts 1/N in front of P − Y.
    const dZ2 = tf.div(crossEntropyLogitGrad(Z2, Y), N); //  [N, K]
    const dW2 = tf.matMul(H1, dZ2, true, false); //              [M, N]·[N, K] = [M, K]
    const db2 = tf.sum(dZ2, 0); //                               [K]
    const dH1 = tf.matMul(dZ2, params.W2, false, true); //       [N, K]·[K, M] = [N, M]
    const dZ1 = tf.mul(dH1, activationSlope(Z1, H1, activation)); // [N, M] elementwise
    const dW1 = tf.matMul(X, dZ1, true, false); //               [D, N]·[N, M] = [D, M]
    const db1 = tf.sum(dZ1, 0); //                               [M]
    return { loss, grads: { W1: dW1 as tf.Tensor2D, b1: db1 as tf.Tensor1D, W2: dW2 as tf.Tensor2D, b2: db2 as tf.Tensor1D } };
  });
}

/** The reference: tfjs's autodiff (tf.grads) of mlpLoss with respect to the four parameters. */
export function mlpAutodiff(X: tf.Tensor2D, params: MlpParams, Y: tf.Tensor2D, activation: Activation = "relu"): BackwardResult {
  return tf.tidy(() => {
    const f = (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor) =>
      mlpLoss(X, { W1: W1 as tf.Tensor2D, b1: b1 as tf.Tensor1D, W2: W2 as tf.Tensor2D, b2: b2 as tf.Tensor1D }, Y, activation);
    const { value, grads } = tf.valueAndGrads(f)([params.W1, params.b1, params.W2, params.b2]);
    const [W1, b1, W2, b2] = grads;
    return { loss: value as tf.Scalar, grads: { W1: W1 as tf.Tensor2D, b1: b1 as tf.Tensor1D, W2: W2 as tf.Tensor2D, b2: b2 as tf.Tensor1D } };
  });
}

export function disposeResult(result: BackwardResult): void {
  result.loss.dispose();
  disposeParams(result.grads);
}

/** Plain gradient descent: new parameters θ − η·∂L/∂θ (the caller disposes the old ones). */
export function sgdUpdate(params: MlpParams, grads: MlpGrads, learningRate: number): MlpParams {
  return tf.tidy(() => ({
    W1: tf.sub(params.W1, tf.mul(learningRate, grads.W1)) as tf.Tensor2D,
    b1: tf.sub(params.b1, tf.mul(learningRate, grads.b1)) as tf.Tensor1D,
    W2: tf.sub(params.W2, tf.mul(learningRate, grads.W2)) as tf.Tensor2D,
    b2: tf.sub(params.b2, tf.mul(learningRate, grads.b2)) as tf.Tensor1D
  }));
}

/** Per parameter: the largest |a − b| over its entries, and the largest |b| for scale. */
export async function compareGrads(a: MlpGrads, b: MlpGrads): Promise<{ name: ParamName; shape: number[]; maxAbs: number; largest: number }[]> {
  const rows = [];
  for (const name of PARAM_NAMES) {
    const [x, y] = await Promise.all([a[name].data(), b[name].data()]);
    let maxAbs = 0;
    let largest = 0;
    for (let i = 0; i < x.length; ++i) {
      maxAbs = Math.max(maxAbs, Math.abs(x[i] - y[i]));
      largest = Math.max(largest, Math.abs(y[i]));
    }
    rows.push({ name, shape: a[name].shape, maxAbs, largest });
  }
  return rows;
}

export interface FiniteDifferenceEntry {
  name: string;
  index: number;
  analytic: number;
  numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, floor): float32 rounding makes tiny entries noisy. */
  relError: number;
}

export interface FiniteDifferenceOptions {
  /** Step h of the central difference (L(θ + h) − L(θ − h)) / 2h; float32 needs h ≈ 1e-3…1e-2. */
  epsilon?: number;
  /** Entries checked per parameter, chosen at random (each costs two loss evaluations). */
  samples?: number;
  seed?: number;
  floor?: number;
  /** Sample only entries whose analytic gradient is not 0 (MNIST's blank border pixels give exact zeros). */
  nonzero?: boolean;
}

/**
 * Checks `grads` against central differences of `loss` on randomly chosen entries of each
 * parameter. `loss` gets a full set of parameters (one entry nudged) and returns a scalar;
 * it must not dispose them.
 */
export async function finiteDifferenceCheck<P extends { [K in keyof P]: tf.Tensor }>(
  loss: (params: P) => tf.Scalar,
  params: P,
  grads: { [K in keyof P]: tf.Tensor },
  { epsilon = 1e-3, samples = 5, seed = 1, floor = 1e-4, nonzero = false }: FiniteDifferenceOptions = {}
): Promise<FiniteDifferenceEntry[]> {
  const random = seededRandom(seed);
  const entries: FiniteDifferenceEntry[] = [];
  const evaluate = async (name: keyof P, values: Float32Array): Promise<number> => {
    const nudged = tf.tensor(values, params[name].shape);
    const value = tf.tidy(() => loss({ ...params, [name]: nudged }));
    const [result] = await value.data();
    tf.dispose([nudged, value]);
    return result;
  };
  for (const name of Object.keys(params) as (keyof P & string)[]) {
    const values = Float32Array.from(await params[name].data());
    const analytic = await grads[name].data();
    const candidates = [...analytic.keys()].filter((i) => !nonzero || analytic[i] !== 0);
    for (let s = 0; s < Math.min(samples, candidates.length); ++s) {
      const index = candidates[Math.floor(random() * candidates.length)];
      const original = values[index];
      values[index] = original + epsilon;
      const plus = await evaluate(name, values);
      values[index] = original - epsilon;
      const minus = await evaluate(name, values);
      values[index] = original;
      // The step actually taken in float32, not the nominal 2ε.
      const step = Math.fround(original + epsilon) - Math.fround(original - epsilon);
      const numeric = (plus - minus) / step;
      const relError = Math.abs(analytic[index] - numeric) / Math.max(Math.abs(analytic[index]), Math.abs(numeric), floor);
      entries.push({ name, index, analytic: analytic[index], numeric, relError });
    }
  }
  return entries;
}

/** Share of rows whose largest logit is the one-hot label's class. */
export async function accuracy(logits: tf.Tensor2D, Y: tf.Tensor2D): Promise<number> {
  const hits = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(Y, 1)), "float32")));
  const [value] = await hits.data();
  hits.dispose();
  return value;
}
