// The model that 5.1 (src/ch5-1-parallel.md) trains in parallel: a multilayer perceptron whose
// parameters live in one flat Float32Array, so a replica, a gradient or an update is a single
// buffer that a Worker can receive and send back without copying tensors around.
// Layout: for each layer i, W_i ([sizes[i], sizes[i+1]], row-major) then b_i ([sizes[i+1]]).
import * as tf from "@book/tf";

/** Number of parameters of the layers from..to−1 of an MLP with these widths. */
export function parameterCount(sizes: number[], from = 0, to = sizes.length - 1): number {
  let n = 0;
  for (let i = from; i < to; i++) n += sizes[i] * sizes[i + 1] + sizes[i + 1];
  return n;
}

/** Seeded He-style initial parameters (deterministic, so every replica starts equal). */
export function initialParameters(sizes: number[], seed = 1): Float32Array {
  const out = new Float32Array(parameterCount(sizes));
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let offset = 0;
  for (let i = 0; i < sizes.length - 1; i++) {
    const limit = Math.sqrt(6 / sizes[i]);
    const weights = sizes[i] * sizes[i + 1];
    for (let j = 0; j < weights; j++) out[offset + j] = (2 * uniform() - 1) * limit;
    offset += weights + sizes[i + 1]; // biases start at 0
  }
  return out;
}

/** The layers from..to−1 as tensors [W, b, W, b, …] viewing `params` (a stage's own slice). */
export function layerTensors(params: Float32Array, sizes: number[], from = 0, to = sizes.length - 1): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  let offset = 0;
  for (let i = from; i < to; i++) {
    const [a, b] = [sizes[i], sizes[i + 1]];
    out.push(tf.tensor2d(params.subarray(offset, offset + a * b), [a, b]));
    out.push(tf.tensor1d(params.subarray(offset + a * b, offset + a * b + b)));
    offset += a * b + b;
  }
  return out;
}

/** x through layers [W, b, …]; ReLU after each layer except the network's last. */
export function forwardLayers(x: tf.Tensor2D, layers: tf.Tensor[], endsNetwork: boolean): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < layers.length; i += 2) {
    h = tf.add(tf.matMul(h, layers[i] as tf.Tensor2D), layers[i + 1]) as tf.Tensor2D;
    if (!(endsNetwork && i === layers.length - 2)) h = tf.relu(h);
  }
  return h;
}

/** Mean softmax cross-entropy of logits against integer labels. */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const classes = logits.shape[1];
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
}

export interface LossAndGradient {
  loss: number;
  gradient: Float32Array;
}

/** Mean loss over the n samples of `x` (n × sizes[0]) and its gradient, flattened like `params`. */
export async function lossAndGradient(params: Float32Array, sizes: number[], x: Float32Array, labels: ArrayLike<number>, n: number): Promise<LossAndGradient> {
  const [loss, gradient] = tf.tidy(() => {
    const input = tf.tensor2d(x, [n, sizes[0]]);
    const target = tf.tensor1d(Int32Array.from(labels), "int32");
    const f = (...layers: tf.Tensor[]) => meanCrossEntropy(forwardLayers(input, layers, true), target);
    const { value, grads } = tf.valueAndGrads(f)(layerTensors(params, sizes));
    return [value, tf.concat(grads.map((g) => g.reshape([-1])))];
  });
  const [l, g] = await Promise.all([loss.data(), gradient.data()]);
  tf.dispose([loss, gradient]);
  return { loss: l[0], gradient: g as Float32Array };
}

/** params ← params − lr · gradient, in place (what every replica does with the averaged gradient). */
export function sgdUpdate(params: Float32Array, gradient: Float32Array, lr: number): void {
  for (let i = 0; i < params.length; i++) params[i] -= lr * gradient[i];
}

/** Largest |a_i − b_i|. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`长度不同：${a.length} 与 ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Mean loss only (no gradient), e.g. to watch the current parameters while training. */
export async function meanLoss(params: Float32Array, sizes: number[], x: Float32Array, labels: ArrayLike<number>, n: number): Promise<number> {
  const loss = tf.tidy(() => meanCrossEntropy(forwardLayers(tf.tensor2d(x, [n, sizes[0]]), layerTensors(params, sizes), true), tf.tensor1d(Int32Array.from(labels), "int32")));
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
}
