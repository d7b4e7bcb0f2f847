// 3.3's long-range experiment: train a plain RNN and an LSTM (tf.layers, same size, same
// optimizer) to output the first symbol of a sequence of length T, for several T, and
// report test accuracy; then measure ‖∂L/∂h_t‖ through the TRAINED weights.
import * as tf from "@book/tf";
import { rememberFirst } from "../data/remember-first.js";
import { hiddenGradientNorms, softmaxHeadLoss } from "../nn/bptt.js";
import { layerWeights } from "../nn/rnn-cells.js";
import { evaluate, fit, type FitHistory, type FitOptions } from "./fit.js";

export interface MemoryRun {
  kind: "rnn" | "lstm";
  length: number;
  accuracy: number;
  model: tf.Sequential;
  history: FitHistory;
}

export const SYMBOLS = 4;

export function buildMemoryModel(kind: "rnn" | "lstm", length: number, units = 16, seed = 1, unitForgetBias = true): tf.Sequential {
  const common = { units, inputShape: [length, SYMBOLS], name: "recurrent", kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) };
  const recurrent = kind === "rnn" ? tf.layers.simpleRNN(common) : tf.layers.lstm({ ...common, recurrentActivation: "sigmoid", unitForgetBias });
  return tf.sequential({ layers: [recurrent, tf.layers.dense({ units: SYMBOLS, activation: "softmax", name: "head", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) })] });
}

/** Trains one model on `trainCount` sequences; accuracy on 500 fresh ones (chance: 25%).
 * unitForgetBias: false starts the LSTM's forget gate at σ(0) = 0.5 (3.3's discussion question). */
export async function trainMemoryModel(kind: "rnn" | "lstm", length: number, { trainCount = 2000, epochs = 10, units = 16, seed = 1, unitForgetBias = true, callbacks = {} as Pick<FitOptions, "signal" | "onBatchEnd" | "onEpochEnd"> } = {}): Promise<MemoryRun> {
  const train = rememberFirst(length, trainCount, { symbols: SYMBOLS, seed });
  const test = rememberFirst(length, 500, { symbols: SYMBOLS, seed: seed + 1000 });
  const model = buildMemoryModel(kind, length, units, seed, unitForgetBias);
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const history = await fit(model, train.x, train.y, { epochs, batchSize: 64, seed, ...callbacks });
  const { valAccuracy } = await evaluate(model, test.x, test.y);
  train.dispose();
  test.dispose();
  optimizer.dispose();
  return { kind, length, accuracy: valAccuracy ?? 0, model, history };
}

/** ‖∂L/∂h_t‖ per step through a trained memory model, on fresh sequences. */
export async function trainedGradientNorms(run: MemoryRun, count = 64, seed = 77): Promise<number[]> {
  const data = rememberFirst(run.length, count, { symbols: SYMBOLS, seed });
  const w = layerWeights(run.model.getLayer("recurrent"));
  const [kernel, bias] = run.model.getLayer("head").getWeights() as [tf.Tensor2D, tf.Tensor1D];
  const norms = await hiddenGradientNorms(run.kind, w, data.x, softmaxHeadLoss(kernel, bias, data.y));
  tf.dispose([w.kernel, w.recurrentKernel, w.bias]);
  data.dispose();
  return norms;
}
