// The book's CNN (3.2, components/nn/cnn.ts) as plain arrays and a forward function, so the
// compression cells of 5.3 can change weights (quantise, prune, factorise, drop channels)
// on a copy: reading the weights never touches the stored model, and the forward pass
// works for any channel counts and for a dense layer split into two factors.
import * as tf from "@book/tf";
import { fnv1a } from "../util/hash.js";

export interface Weight {
  values: Float32Array;
  shape: number[];
}

export interface DenseWeights {
  kernel: Weight; // [in, out]
  bias: Weight;
  /** Low rank: kernel ≈ factors[0] · factors[1] ([in, r] · [r, out]); kernel is then unused. */
  factors?: [Weight, Weight];
}

export interface CnnWeights {
  conv1: { kernel: Weight; bias: Weight }; // [3, 3, 1, c1]
  conv2: { kernel: Weight; bias: Weight }; // [3, 3, c1, c2]
  dense1: DenseWeights; // [5·5·c2, d]
  output: DenseWeights; // [d, 10]
}

export type LayerName = keyof CnnWeights;
export const LAYERS: LayerName[] = ["conv1", "conv2", "dense1", "output"];

/** A copy of the model's weights (an await per tensor; the model is left as it was). */
export async function readCnnWeights(model: tf.LayersModel): Promise<CnnWeights> {
  const read = async (name: string) => {
    const [kernel, bias] = model.getLayer(name).getWeights();
    return { kernel: { values: Float32Array.from(await kernel.data()), shape: kernel.shape.slice() }, bias: { values: Float32Array.from(await bias.data()), shape: bias.shape.slice() } };
  };
  return { conv1: await read("conv1"), conv2: await read("conv2"), dense1: await read("dense1"), output: await read("output") };
}

export function copyWeight(w: Weight): Weight {
  return { values: w.values.slice(), shape: w.shape.slice() };
}

export function copyCnnWeights(w: CnnWeights): CnnWeights {
  const dense = (d: DenseWeights): DenseWeights => ({ kernel: copyWeight(d.kernel), bias: copyWeight(d.bias), ...(d.factors ? { factors: [copyWeight(d.factors[0]), copyWeight(d.factors[1])] as [Weight, Weight] } : {}) });
  return { conv1: { kernel: copyWeight(w.conv1.kernel), bias: copyWeight(w.conv1.bias) }, conv2: { kernel: copyWeight(w.conv2.kernel), bias: copyWeight(w.conv2.bias) }, dense1: dense(w.dense1), output: dense(w.output) };
}

/** The weight arrays that a forward pass uses, in a fixed order (kernels or factors, then bias). */
export function weightList(w: CnnWeights): { layer: LayerName; role: "kernel" | "bias" | "factor"; weight: Weight }[] {
  return LAYERS.flatMap((layer) => {
    const l = w[layer] as DenseWeights;
    const kernels = l.factors ? l.factors.map((weight) => ({ layer, role: "factor" as const, weight })) : [{ layer, role: "kernel" as const, weight: l.kernel }];
    return [...kernels, { layer, role: "bias" as const, weight: l.bias }];
  });
}

/** Stored parameters (for unstructured pruning the zeros still count: see nonZeroCount). */
export function parameterCount(w: CnnWeights): number {
  return weightList(w).reduce((sum, { weight }) => sum + weight.values.length, 0);
}

export function nonZeroCount(w: CnnWeights): number {
  return weightList(w).reduce((sum, { weight }) => sum + weight.values.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0), 0);
}

/** FNV-1a over the bytes of every weight, in order: equal fingerprints, equal weights. */
export function weightsFingerprint(w: CnnWeights): string {
  let hash = 0;
  for (const { weight } of weightList(w)) hash = fnv1a(new Uint8Array([...new Uint8Array(weight.values.buffer, weight.values.byteOffset, weight.values.byteLength), hash & 255, (hash >>> 8) & 255, (hash >>> 16) & 255, hash >>> 24]));
  return hash.toString(16).padStart(8, "0");
}

/** Tensors for a forward pass; the caller disposes them. */
export interface CnnTensors {
  list: tf.Tensor[];
  dispose(): void;
}

export function toTensors(w: CnnWeights): CnnTensors {
  const list = weightList(w).map(({ weight }) => tf.tensor(weight.values, weight.shape));
  return { list, dispose: () => tf.dispose(list) };
}

/** Where `activation` sees the network's activations: after pool1, after pool2, after dense1's ReLU. */
export const ACTIVATION_POINTS = ["pool1", "pool2", "dense1"] as const;

/** Logits [n, 10] (the softmax of the stored model's last layer left out). `transform`
 * rewrites every kernel before use (fake quantisation for QAT, a mask for pruning);
 * `activation` rewrites the activations at ACTIVATION_POINTS (quantised activations). */
export function cnnLogits(w: CnnWeights, params: tf.Tensor[], x: tf.Tensor4D, transform: (t: tf.Tensor, i: number) => tf.Tensor = (t) => t, activation: (t: tf.Tensor, point: number) => tf.Tensor = (t) => t): tf.Tensor2D {
  return tf.tidy(() => {
    const roles = weightList(w).map((e) => e.role);
    const p = params.map((t, i) => (roles[i] === "bias" ? t : transform(t, i)));
    let at = 0;
    const conv = (input: tf.Tensor4D) => {
      const out = tf.relu(tf.conv2d(input, p[at] as tf.Tensor4D, 1, "valid").add(p[at + 1])) as tf.Tensor4D;
      at += 2;
      return tf.maxPool(out, 2, 2, "valid");
    };
    const dense = (input: tf.Tensor2D, layer: DenseWeights) => {
      let out = input.matMul(p[at++] as tf.Tensor2D);
      if (layer.factors) out = out.matMul(p[at++] as tf.Tensor2D);
      return out.add(p[at++]) as tf.Tensor2D;
    };
    const pooled1 = activation(conv(x), 0) as tf.Tensor4D;
    const features = activation(conv(pooled1), 1);
    const hidden = activation(tf.relu(dense(features.reshape([x.shape[0], -1]) as tf.Tensor2D, w.dense1)), 2) as tf.Tensor2D;
    return dense(hidden, w.output);
  });
}
