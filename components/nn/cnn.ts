// The book's CNN for MNIST (3.2 节): two conv–ReLU–max-pool stages and two dense layers,
// the tfjs version of the articles' PyTorch Net (with their bugs fixed), and ways to read
// what it computes (every layer's activations, the first layer's filters) for drawing.
import * as tf from "@book/tf";

export interface CnnOptions {
  filters?: [number, number];
  dense?: number;
  seed?: number;
}

/** The articles' network: conv 32 → pool → conv 64 → pool → dense 128 → dense 10. */
export const SEED_CNN: Required<Omit<CnnOptions, "seed">> = { filters: [32, 64], dense: 128 };
/** A quarter-width version for machines that can only train slowly (software GPU, plain CPU). */
export const SMALL_CNN: Required<Omit<CnnOptions, "seed">> = { filters: [8, 16], dense: 64 };

export function buildCnn({ filters = SEED_CNN.filters, dense = SEED_CNN.dense, seed = 1 }: CnnOptions = {}): tf.Sequential {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: filters[0], kernelSize: 3, activation: "relu", kernelInitializer: init(0), name: "conv1" }), // → 26×26
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool1" }), // → 13×13
      tf.layers.conv2d({ filters: filters[1], kernelSize: 3, activation: "relu", kernelInitializer: init(1), name: "conv2" }), // → 11×11
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool2" }), // → 5×5
      tf.layers.flatten({ name: "flatten" }),
      tf.layers.dense({ units: dense, activation: "relu", kernelInitializer: init(2), name: "dense1" }),
      tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: init(3), name: "output" })
    ]
  });
}

/** Layers whose outputs are images (one map per channel). */
export const MAP_LAYERS = ["conv1", "pool1", "conv2", "pool2"] as const;

/** [n, h, w, c] values as c grids of h×w (channels last, as tfjs lays them out). */
function toChannelGrids(values: ArrayLike<number>, h: number, w: number, c: number): number[][][] {
  return Array.from({ length: c }, (_, ch) => Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, col) => values[(r * w + col) * c + ch])));
}

/** The activations of each named layer for one image [28, 28, 1], one 2-D grid per channel:
 * real intermediate outputs of this model, computed in one forward pass. */
export async function layerMaps(model: tf.LayersModel, image: tf.Tensor3D, names: readonly string[] = MAP_LAYERS): Promise<Record<string, number[][][]>> {
  const probe = tf.model({ inputs: model.inputs, outputs: names.map((name) => model.getLayer(name).output as tf.SymbolicTensor) });
  const outputs = tf.tidy(() => {
    const result = probe.predict(image.expandDims(0));
    return (Array.isArray(result) ? result : [result]) as tf.Tensor4D[];
  });
  const maps: Record<string, number[][][]> = {};
  for (const [i, output] of outputs.entries()) {
    const [, h, w, c] = output.shape;
    maps[names[i]] = toChannelGrids(await output.data(), h, w, c);
  }
  tf.dispose(outputs);
  return maps;
}

/** One layer's activations (see layerMaps). */
export async function featureMaps(model: tf.LayersModel, image: tf.Tensor3D, name: string): Promise<number[][][]> {
  return (await layerMaps(model, image, [name]))[name];
}

/** The first convolution's kernels as k×k grids (its input has one channel). */
export async function firstLayerFilters(model: tf.LayersModel, name = "conv1"): Promise<number[][][]> {
  const kernel = model.getLayer(name).getWeights()[0];
  const [kh, kw, , c] = kernel.shape;
  return toChannelGrids(await kernel.data(), kh, kw, c);
}
