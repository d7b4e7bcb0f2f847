// 5.2's mixed-precision experiment on real MNIST digits: an MLP whose master weights are FP32
// tf.variables, while the forward pass works on 16-bit copies — inputs, weights, every layer's
// output and the logits go through a cast (tensor-rounding.ts), so the gradients flowing back
// through those casts are rounded to 16 bits as well. The loss (softmax cross-entropy) is
// computed in FP32, as the frameworks do. A LossScaler decides the scale S and whether a step
// whose gradients overflowed is skipped; applied gradients are divided by S in FP32 and go to a
// plain SGD update of the masters, so an update that underflowed is really lost.
import * as tf from "@book/tf";
import { glorotParam } from "../nn/blocks.js";
import { param } from "../nn/params.js";
import { seededRandom } from "../data/synthetic.js";
import { yieldToPage } from "../train/loop.js";
import { BF16, FP16, type FloatFormat } from "./float-formats.js";
import { castOp, type Precision } from "./tensor-rounding.js";
import type { LossScaler } from "./loss-scaling.js";

export const FORMATS: Record<Precision, FloatFormat | null> = { fp32: null, fp16: FP16, bf16: BF16 };

export interface MixedMlp {
  weights: tf.Variable[];
  /** Logits in the given precision from inputs already cast to it; `probe` sees each layer's output. */
  forward(x: tf.Tensor2D, precision: Precision, probe?: (h: tf.Tensor) => tf.Tensor): tf.Tensor2D;
  dispose(): void;
}

/** sizes e.g. [784, 128, 64, 10]; Glorot-uniform weights from `seed`, zero biases. */
export function mixedMlp(sizes: number[], seed = 1): MixedMlp {
  const weights = sizes.slice(1).flatMap((out, i) => [glorotParam(sizes[i], out, seed + i), param(() => tf.zeros([out]))]);
  return {
    weights,
    forward(x, precision, probe = (h) => h) {
      const cast = castOp(FORMATS[precision]);
      let h: tf.Tensor = x;
      for (let i = 0; i < weights.length; i += 2) {
        const z = cast(tf.add(tf.matMul(h, cast(weights[i])), cast(weights[i + 1])));
        h = probe(i + 2 < weights.length ? tf.relu(z) : z);
      }
      return h as tf.Tensor2D;
    },
    dispose: () => tf.dispose(weights)
  };
}

export interface MixedStep {
  step: number;
  loss: number;
  scale: number;
  skipped: boolean;
}

export interface MixedRunOptions {
  precision: Precision;
  scaler: LossScaler;
  steps: number;
  batchSize?: number;
  lr?: number;
  sizes?: number[];
  seed?: number;
  /** Average the loss over this many more elements, as a language model averages over every
   * token of a batch (10⁵–10⁶): each gradient gets that much smaller. The learning rate is
   * multiplied by the same number, so in FP32 the updates are the same as with 1. */
  normalizer?: number;
  signal?: AbortSignal;
  onStep?(step: MixedStep): void;
}

export interface MixedRun {
  steps: MixedStep[];
  skipped: number;
  /** Test accuracy with the same precision's forward pass. */
  accuracy: number;
}

/** Trains a fresh MLP on x [n, 784], y [n, 10] (one-hot) for `steps` mini-batches in a seeded
 * order (the same for every precision), then measures accuracy on (testX, testY). */
export async function trainMixed(x: tf.Tensor2D, y: tf.Tensor2D, testX: tf.Tensor2D, testY: tf.Tensor2D, options: MixedRunOptions): Promise<MixedRun> {
  const { precision, scaler, steps, batchSize = 64, lr = 0.1, sizes = [784, 64, 10], seed = 1, normalizer = 1 } = options;
  const model = mixedMlp(sizes, seed);
  const cast = castOp(FORMATS[precision]);
  const batches = batchOrder(x.shape[0], batchSize, steps, seed);
  const history: MixedStep[] = [];
  try {
    for (let step = 0; step < steps && !options.signal?.aborted; step++) {
      const scale = scaler.scale;
      const index = tf.tensor1d(batches[step], "int32");
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.mul(tf.losses.softmaxCrossEntropy(tf.gather(y, index), model.forward(cast(tf.gather(x, index)) as tf.Tensor2D, precision)), scale / normalizer) as tf.Scalar), model.weights);
      const gradients = model.weights.map((w) => grads[w.name]);
      const bad = tf.tidy(() => tf.addN(gradients.map((g) => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(g)), "float32")))));
      const [scaledLoss, nonFinite] = [(await value.data())[0], (await bad.data())[0]];
      const apply = scaler.update(nonFinite === 0);
      if (apply) tf.tidy(() => model.weights.forEach((w, i) => w.assign(tf.sub(w, tf.mul(gradients[i], (lr * normalizer) / scale)))));
      tf.dispose([index, value, bad, ...gradients]);
      const record = { step: step + 1, loss: (scaledLoss * normalizer) / scale, scale, skipped: !apply };
      history.push(record);
      options.onStep?.(record);
      await yieldToPage();
    }
    // Test accuracy in slices of 500, yielding in between: one pass over 2,000 digits with
    // every cast would hold the page for seconds on a slow backend.
    let correct = 0;
    for (let start = 0; start < testX.shape[0]; start += 500) {
      const size = Math.min(500, testX.shape[0] - start);
      const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.forward(cast(testX.slice([start, 0], [size, -1])) as tf.Tensor2D, precision), 1), tf.argMax(testY.slice([start, 0], [size, -1]), 1)), "float32")));
      correct += (await hits.data())[0];
      hits.dispose();
      await yieldToPage();
    }
    const accuracy = correct / testX.shape[0];
    return { steps: history, skipped: history.filter((s) => s.skipped).length, accuracy };
  } finally {
    model.dispose();
  }
}

/** `steps` batches of row indices: seeded shuffles of 0..n−1, one after another. */
export function batchOrder(n: number, batchSize: number, steps: number, seed: number): Int32Array[] {
  const random = seededRandom(seed);
  const batches: Int32Array[] = [];
  let order: number[] = [];
  while (batches.length < steps) {
    if (order.length < batchSize) {
      const fresh = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [fresh[i], fresh[j]] = [fresh[j], fresh[i]];
      }
      order = order.concat(fresh);
    }
    batches.push(Int32Array.from(order.splice(0, batchSize)));
  }
  return batches;
}
