// 5.2's gradient checkpointing, done by hand on a deep MLP so every step is visible.
// Without it, tf.variableGrads records the whole forward pass on its tape and keeps every
// intermediate tensor until the backward pass has used it. With it, the forward pass runs
// segment by segment outside any gradient scope, keeping only each segment's input (the
// "checkpoints"); the backward pass then walks the segments from last to first, re-runs one
// segment's forward under tf.grads and backpropagates the incoming gradient through it. Memory:
// the checkpoints plus one segment's activations; time: one extra forward pass.
import * as tf from "@book/tf";
import { glorotParam } from "../nn/blocks.js";
import { param } from "../nn/params.js";

export interface DeepMlp {
  /** [w₁, b₁, w₂, b₂, …]: layer i owns weights 2i and 2i + 1. */
  weights: tf.Variable[];
  layers: number;
  dispose(): void;
}

export function deepMlp(sizes: number[], seed = 1): DeepMlp {
  const weights = sizes.slice(1).flatMap((out, i) => [glorotParam(sizes[i], out, seed + i), param(() => tf.zeros([out]))]);
  return { weights, layers: sizes.length - 1, dispose: () => tf.dispose(weights) };
}

/** Layers [from, to) applied to h with the given [w, b, w, b, …] of those layers; ReLU except on the last layer of the net. */
function runLayers(h: tf.Tensor, params: tf.Tensor[], from: number, lastLayer: number): tf.Tensor {
  for (let k = 0; k < params.length; k += 2) {
    const z = tf.add(tf.matMul(h, params[k] as tf.Tensor2D), params[k + 1]);
    h = from + k / 2 === lastLayer ? z : tf.relu(z);
  }
  return h;
}

const lossOf = (logits: tf.Tensor, y: tf.Tensor2D) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;

/** Plain backpropagation: one tape over the whole network. */
export function gradientsPlain(model: DeepMlp, x: tf.Tensor2D, y: tf.Tensor2D): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => lossOf(runLayers(x, model.weights, 0, model.layers - 1), y)), model.weights);
  return { loss: value, grads: model.weights.map((w) => grads[w.name]) };
}

/** The same gradients with recomputation: segments of `perSegment` layers. */
export function gradientsCheckpointed(model: DeepMlp, x: tf.Tensor2D, y: tf.Tensor2D, perSegment: number): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const starts = Array.from({ length: Math.ceil(model.layers / perSegment) }, (_, s) => s * perSegment);
  const paramsOf = (start: number) => model.weights.slice(2 * start, 2 * Math.min(model.layers, start + perSegment));
  // Forward: keep only each segment's output; tidy frees everything inside a segment.
  const checkpoints: tf.Tensor[] = [x];
  for (const start of starts) checkpoints.push(tf.tidy(() => runLayers(checkpoints[checkpoints.length - 1], paramsOf(start), start, model.layers - 1)));
  const logits = checkpoints[checkpoints.length - 1];
  const { value: loss, grads: lossGrads } = tf.valueAndGrads((z: tf.Tensor) => lossOf(z, y))([logits]);
  let dy = lossGrads[0];
  const grads: tf.Tensor[] = new Array(model.weights.length);
  // Backward: from the last segment to the first, recompute its forward and backpropagate dy.
  for (let s = starts.length - 1; s >= 0; s--) {
    const start = starts[s];
    const params = paramsOf(start);
    const segment = (input: tf.Tensor, ...ws: tf.Tensor[]) => runLayers(input, ws, start, model.layers - 1);
    const [dInput, ...dParams] = tf.grads(segment)([checkpoints[s], ...params], dy);
    dParams.forEach((g, k) => (grads[2 * start + k] = g));
    tf.dispose([dy, checkpoints[s + 1]]);
    dy = dInput;
  }
  dy.dispose();
  return { loss, grads };
}

/** One SGD step of the masters with given gradients (then released). */
export function applySgd(model: DeepMlp, grads: tf.Tensor[], lr: number): void {
  tf.tidy(() => model.weights.forEach((w, i) => w.assign(tf.sub(w, tf.mul(grads[i], lr)))));
  tf.dispose(grads);
}
