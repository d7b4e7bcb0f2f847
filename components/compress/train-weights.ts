// Training a copy of the CNN's weights (5.3): quantisation-aware training (a transform on
// every kernel), fine-tuning after pruning (masks re-applied after every step so pruned
// weights stay exactly zero) and distillation (a loss of the logits and the batch's
// targets). The book's loop (components/train/loop.ts) supplies batches, shuffling,
// yields to the page and the stop signal.
import * as tf from "@book/tf";
import { trainSteps, type FitHistory, type LoopOptions } from "../train/loop.js";
import { breathe } from "./breathe.js";
import { cnnLogits, copyCnnWeights, toTensors, weightList, type CnnWeights } from "./cnn-weights.js";

export interface TrainWeightsOptions extends Pick<LoopOptions, "signal" | "onBatchEnd" | "onEpochEnd" | "onGpuError"> {
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Rewrites each kernel in the forward pass (index into weightList). */
  transform?: (kernel: tf.Tensor, index: number) => tf.Tensor;
  /** 0/1 per weight, for the entries of weightList (null: no mask). */
  masks?: (Float32Array | null)[];
  /** Default: softmax cross-entropy with one-hot targets. */
  loss?: (logits: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar;
}

/** Trains a copy of `w` on (x, targets); `w` itself is not changed. */
export async function trainWeights(w: CnnWeights, x: tf.Tensor4D, targets: tf.Tensor2D, options: TrainWeightsOptions): Promise<{ weights: CnnWeights; history: FitHistory }> {
  const { epochs, batchSize = 64, learningRate = 1e-3, seed = 1, transform, masks, signal, onBatchEnd, onEpochEnd, onGpuError } = options;
  const loss = options.loss ?? ((logits, y) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar);
  const initial = toTensors(w);
  const variables = initial.list.map((t) => tf.variable(t));
  initial.dispose();
  const shapes = weightList(w).map((e) => e.weight.shape);
  const maskTensors = (masks ?? []).map((m, i) => (m ? tf.tensor(m, shapes[i]) : null));
  const optimizer = tf.train.adam(learningRate);
  const applyMasks = () => tf.tidy(() => maskTensors.forEach((m, i) => m && variables[i].assign(variables[i].mul(m))));
  try {
    applyMasks();
    const history = await trainSteps(
      x,
      targets,
      async (xb, yb) => {
        const cost = optimizer.minimize(() => loss(cnnLogits(w, variables, xb as tf.Tensor4D, transform), yb as tf.Tensor2D), true, variables) as tf.Scalar;
        applyMasks();
        const value = (await cost.data())[0];
        cost.dispose();
        await breathe();
        return { loss: value };
      },
      { epochs, batchSize, seed, signal, onBatchEnd, onEpochEnd, onGpuError }
    );
    const weights = copyCnnWeights(w);
    const entries = weightList(weights);
    for (const [i, v] of variables.entries()) entries[i].weight.values.set(await v.data());
    return { weights, history };
  } finally {
    tf.dispose([...variables, ...maskTensors.filter((m): m is tf.Tensor => m !== null)]);
    optimizer.dispose();
  }
}
