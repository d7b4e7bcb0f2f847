// 3.3's long-range experiment: train a plain RNN and an LSTM (same size, same optimizer, same
// budget) to output the first symbol of a sequence of length T, for several T, and report
// test accuracy; then measure ‖∂L/∂h_t‖ through the TRAINED weights.
// The LSTM is fast-lstm.ts (what tf.layers.lstm computes, whole sequence per kernel on wasm:
// ~3× faster here); the plain RNN is fast-simple-rnn.ts (what tf.layers.simpleRNN computes, the
// recurrence as one op: ~5× fewer kernels per training step).
import * as tf from "@book/tf";
import { rememberFirst } from "../data/remember-first.js";
import { hiddenGradientNorms, softmaxHeadLoss } from "../nn/bptt.js";
import { fastLstm } from "../nn/fast-lstm.js";
import { fastSimpleRnn } from "../nn/fast-simple-rnn.js";
import { layerWeights } from "../nn/rnn-cells.js";
import { evaluate, fit, type FitHistory, type FitOptions } from "./fit.js";

export interface MemoryRun {
  kind: "rnn" | "lstm";
  length: number;
  accuracy: number;
  /** Epochs trained: fewer than asked where the model got every held-out sequence right. */
  epochs: number;
  model: tf.Sequential;
  history: FitHistory;
}

export const SYMBOLS = 4;
/** The LSTM's initial forget-gate bias: σ(4) ≈ 0.98, so 0.98^49 ≈ 0.4 of the cell state (and
 * of its gradient) survives 50 steps from the start. With tfjs's unitForgetBias (1, σ ≈ 0.73:
 * 0.73^49 ≈ 2e-7) the LSTM starts with a gradient that vanishes as fast as the plain RNN's, and
 * whether it finds the first symbol within 15 epochs depends on the seed. */
export const FORGET_BIAS = 4;
export const LEARNING_RATE = 0.003;

export interface MemoryModelOptions {
  units?: number;
  seed?: number;
  /** LSTM only: the forget gate's initial bias (0 is tfjs's default, 1 its unitForgetBias). */
  forgetBias?: number;
  /** LSTM only: fast-lstm.ts (default) or tf.layers.lstm (same function and initial weights). */
  lstm?: "fast" | "tfjs";
  /** Plain RNN only: fast-simple-rnn.ts (default) or tf.layers.simpleRNN (same function and
   * initial weights). */
  rnn?: "fast" | "tfjs";
}

export function buildMemoryModel(kind: "rnn" | "lstm", length: number, { units = 16, seed = 1, forgetBias = FORGET_BIAS, lstm = "fast", rnn = "fast" }: MemoryModelOptions = {}): tf.Sequential {
  const common = { units, inputShape: [length, SYMBOLS], name: "recurrent", kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) };
  const recurrent = kind === "rnn" ? (rnn === "fast" ? fastSimpleRnn : tf.layers.simpleRNN)(common) : (lstm === "fast" ? fastLstm : tf.layers.lstm)({ ...common, recurrentActivation: "sigmoid", unitForgetBias: false });
  const model = tf.sequential({ layers: [recurrent, tf.layers.dense({ units: SYMBOLS, activation: "softmax", name: "head", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) })] });
  if (kind === "lstm") {
    // Gates in tf.layers' order i, f, c̃, o: only the forget gate's bias is not zero.
    const [kernel, recurrentKernel] = recurrent.getWeights();
    const bias = tf.tidy(() => tf.concat([tf.zeros([units]), tf.fill([units], forgetBias), tf.zeros([2 * units])]));
    recurrent.setWeights([kernel, recurrentKernel, bias]);
    bias.dispose();
  }
  return model;
}

export interface TrainMemoryOptions extends MemoryModelOptions {
  trainCount?: number;
  /** At most this many epochs (fewer where the model is done early, see earlyStop). */
  epochs?: number;
  /** Stop once every one of 256 held-out sequences is answered right. */
  earlyStop?: boolean;
  learningRate?: number;
  callbacks?: Pick<FitOptions, "signal" | "onBatchEnd" | "onEpochEnd">;
}

/** Trains one model on `trainCount` sequences (Adam, batch 64) for at most `epochs` epochs;
 * accuracy on 500 fresh ones (chance: 25%). The early stop only saves the reader's time: a
 * model that answers every held-out sequence has nothing left to learn here, and a model
 * that cannot learn the task still trains for every epoch. */
export async function trainMemoryModel(kind: "rnn" | "lstm", length: number, { trainCount = 2000, epochs = 15, earlyStop = true, learningRate = LEARNING_RATE, callbacks = {}, ...modelOptions }: TrainMemoryOptions = {}): Promise<MemoryRun> {
  const seed = modelOptions.seed ?? 1;
  const train = rememberFirst(length, trainCount, { symbols: SYMBOLS, seed });
  const held = rememberFirst(length, 256, { symbols: SYMBOLS, seed: seed + 2000 });
  const test = rememberFirst(length, 500, { symbols: SYMBOLS, seed: seed + 1000 });
  const model = buildMemoryModel(kind, length, modelOptions);
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  // The loop stops on an abort signal: ours fires when the held-out batch is all right, or
  // when the reader's Stop fires.
  const stop = new AbortController();
  const { signal, onEpochEnd, ...progress } = callbacks;
  const forward = () => stop.abort();
  signal?.addEventListener("abort", forward);
  if (signal?.aborted) stop.abort();
  try {
    const history = await fit(model, train.x, train.y, {
      epochs,
      batchSize: 64,
      seed,
      ...progress,
      signal: stop.signal,
      validationData: earlyStop ? [held.x, held.y] : undefined,
      onEpochEnd: (log) => {
        onEpochEnd?.(log);
        if ((log.valAccuracy ?? 0) >= 1) stop.abort();
      }
    });
    history.stopped = signal?.aborted ?? false; // an early stop is a finished run
    const { valAccuracy } = await evaluate(model, test.x, test.y);
    return { kind, length, accuracy: valAccuracy ?? 0, epochs: history.epochs.length, model, history };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    signal?.removeEventListener("abort", forward);
    tf.dispose([train.x, train.y, held.x, held.y, test.x, test.y]);
    optimizer.dispose();
  }
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
