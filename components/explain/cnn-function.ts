// The book's CNN (3.2 节, components/nn/cnn.ts) written out as a function of its weights, for
// 第6章: attributions, attacks and adversarial training need the logits (before softmax)
// and the last convolution's maps, and the sanity check needs copies with some layers
// replaced by random weights. The weights here are always copies: the reader's stored
// model is never touched.
import * as tf from "@book/tf";

/** Kernel and bias of conv1, conv2, dense1 and output, in that order (the layers with weights). */
export const WEIGHTED_LAYERS = ["conv1", "conv2", "dense1", "output"] as const;
export type WeightedLayer = (typeof WEIGHTED_LAYERS)[number];
export type CnnWeights = Record<WeightedLayer, [tf.Tensor, tf.Tensor]>;

/** Copies of the weights of a model built by buildCnn (the reader's or the reference one). */
export function copyCnnWeights(model: tf.LayersModel): CnnWeights {
  const names = model.layers.map((layer) => layer.name).join(",");
  if (names !== "conv1,pool1,conv2,pool2,flatten,dense1,output") throw new Error(`这不是 3.2 节的卷积网络结构（层：${names}）`);
  const pair = (name: WeightedLayer) => model.getLayer(name).getWeights().map((w) => w.clone());
  return Object.fromEntries(WEIGHTED_LAYERS.map((name) => [name, pair(name)])) as CnnWeights;
}

export function disposeWeights(weights: CnnWeights): void {
  tf.dispose(WEIGHTED_LAYERS.flatMap((name) => weights[name]));
}

/** The last convolution's maps after ReLU: [n, 11, 11, c2]. */
export function lastConvMaps(w: CnnWeights, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const a1 = tf.maxPool(tf.relu(tf.conv2d(x, w.conv1[0] as tf.Tensor4D, 1, "valid").add(w.conv1[1])) as tf.Tensor4D, 2, 2, "valid");
    return tf.relu(tf.conv2d(a1, w.conv2[0] as tf.Tensor4D, 1, "valid").add(w.conv2[1])) as tf.Tensor4D;
  });
}

/** From the last convolution's maps to the 10 logits (pool2 → flatten → dense1 → output, no softmax). */
export function logitsFromMaps(w: CnnWeights, maps: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const pooled = tf.maxPool(maps, 2, 2, "valid");
    const flat = pooled.reshape([pooled.shape[0], -1]) as tf.Tensor2D; // NHWC order, as tf.layers.flatten
    const hidden = tf.relu(tf.matMul(flat, w.dense1[0] as tf.Tensor2D).add(w.dense1[1])) as tf.Tensor2D;
    return tf.matMul(hidden, w.output[0] as tf.Tensor2D).add(w.output[1]) as tf.Tensor2D;
  });
}

/** The logits z(x) for images [n, 28, 28, 1]; softmax(z) is what model.predict returns. */
export function cnnLogits(w: CnnWeights, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => logitsFromMaps(w, lastConvMaps(w, x)));
}

/** A 28×28 grid (a drawing, a test digit) as a batch of one image. */
export function gridToImage(grid: number[][]): tf.Tensor4D {
  return tf.tensor4d(grid.flat(), [1, grid.length, grid[0].length, 1]);
}

/** [1, h, w, 1] (or [h, w]) back to a grid of numbers, for heatmaps. */
export async function imageToGrid(image: tf.Tensor): Promise<number[][]> {
  const [h, w] = image.shape.length === 4 ? image.shape.slice(1, 3) : image.shape;
  const values = await image.data();
  return Array.from({ length: h }, (_, r) => Array.from(values.subarray(r * w, (r + 1) * w)));
}

/** Copies where the layers named (counted from the output down, as Adebayo et al. 2018 do) get
 * fresh He-normal weights and zero biases; the other layers keep copies of the trained ones. */
export function randomizedCopy(w: CnnWeights, layers: readonly WeightedLayer[], seed = 1): CnnWeights {
  const copy = {} as CnnWeights;
  for (const [i, name] of WEIGHTED_LAYERS.entries()) {
    const [kernel, bias] = w[name];
    if (!layers.includes(name)) copy[name] = [kernel.clone(), bias.clone()];
    else {
      const fanIn = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      copy[name] = [tf.randomNormal(kernel.shape, 0, Math.sqrt(2 / fanIn), "float32", seed + i), tf.zerosLike(bias)];
    }
  }
  return copy;
}
