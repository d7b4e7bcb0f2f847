// The book's CNN for MNIST (3.2 节): two conv–ReLU–max-pool stages and two dense layers,
// the tfjs version of the articles' PyTorch Net (with their bugs fixed), and a way to
// read the feature maps of any layer for drawing.
import * as tf from "@book/tf";

export interface CnnOptions {
  filters?: [number, number];
  dense?: number;
  seed?: number;
}

export function buildCnn({ filters = [8, 16], dense = 64, seed = 1 }: CnnOptions = {}): tf.Sequential {
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

/** The activations of layer `name` for one image [28, 28, 1], one 2-D grid per channel. */
export async function featureMaps(model: tf.LayersModel, image: tf.Tensor3D, name: string): Promise<number[][][]> {
  const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
  const output = tf.tidy(() => probe.predict(image.expandDims(0)) as tf.Tensor4D);
  const [, h, w, c] = output.shape;
  const values = await output.data();
  output.dispose();
  return Array.from({ length: c }, (_, ch) => Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, col) => values[(r * w + col) * c + ch])));
}
