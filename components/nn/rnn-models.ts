// 3.3's character-level models in tf.layers: a name classifier (embedding → LSTM/GRU →
// P(男)) and a name generator (embedding → LSTM → next-character softmax at every step),
// plus what the chapter draws from them: per-step hidden states and gates, computed by the
// from-scratch cells (rnn-cells.ts) on the trained layer's own weights.
import * as tf from "@book/tf";
import { layerWeights, runCell, type CellKind } from "./rnn-cells.js";
import { fastLstm } from "./fast-lstm.js";
import { fastSimpleRnn } from "./fast-simple-rnn.js";
import { encodeBatch, type CharVocab } from "../text/vocab.js";

export const NAME_LENGTH = 16; // longest name in the data is 15 characters

export interface RnnModelOptions {
  vocabSize: number;
  cell?: "lstm" | "gru" | "rnn";
  embed?: number;
  units?: number;
  seed?: number;
  /** The LSTM layer: fast-lstm.ts (default; same function and initial weights, 711 instead
   * of 2,509 kernels per training step of the name classifier) or tf.layers.lstm (comparisons). */
  lstm?: "fast" | "tfjs";
  /** The plain RNN layer: fast-simple-rnn.ts (default; same function and initial weights, the
   * recurrence as one op) or tf.layers.simpleRNN (comparisons). */
  rnn?: "fast" | "tfjs";
}

function recurrentLayer(cell: CellKind, units: number, seed: number, returnSequences: boolean, name: string, { lstm = "fast", rnn = "fast" }: Pick<RnnModelOptions, "lstm" | "rnn">): tf.layers.Layer {
  const common = { units, returnSequences, name, kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) };
  // Logistic gates as in the chapter's equations and PyTorch (tf.layers defaults to hardSigmoid).
  // unitForgetBias starts the forget gate near σ(1) ≈ 0.73, as Keras and most references do
  // (tfjs's default is 0, and then long sequences barely train).
  if (cell === "lstm") return (lstm === "fast" ? fastLstm : tf.layers.lstm)({ ...common, recurrentActivation: "sigmoid", unitForgetBias: true });
  if (cell === "gru") return tf.layers.gru({ ...common, recurrentActivation: "sigmoid" });
  return (rnn === "fast" ? fastSimpleRnn : tf.layers.simpleRNN)(common);
}

/** Sequence-to-one: a left-padded name → P(男). Padding (id 0) is masked, so it is skipped. */
/** Builds a model, freeing the temporaries that building leaves (an LSTM with maskZero
 * left 4 tensors per model); the weights are variables, which a scope keeps. */
function withoutTemporaries(build: () => tf.Sequential): tf.Sequential {
  let model: tf.Sequential | undefined;
  tf.tidy(() => void (model = build()));
  return model!;
}

export function buildNameClassifier({ vocabSize, cell = "lstm", embed = 16, units = 32, seed = 1, lstm, rnn }: RnnModelOptions): tf.Sequential {
  return withoutTemporaries(() => tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: vocabSize, outputDim: embed, inputLength: NAME_LENGTH, maskZero: true, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed }), name: "embed" }),
      recurrentLayer(cell, units, seed + 10, false, "recurrent", { lstm, rnn }),
      tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 20 }), name: "output" })
    ]
  }));
}

/** Sequence-to-sequence: <s> + name → name + </s>, one softmax over characters per step. */
export function buildCharLm({ vocabSize, cell = "lstm", embed = 24, units = 64, seed = 1, lstm, rnn }: RnnModelOptions): tf.Sequential {
  return withoutTemporaries(() => tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: vocabSize, outputDim: embed, inputLength: NAME_LENGTH + 1, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed }), name: "embed" }),
      recurrentLayer(cell, units, seed + 10, true, "recurrent", { lstm, rnn }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: vocabSize, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 20 }) }), name: "output" })
    ]
  }));
}

/** Inputs and one-hot-free targets for the generator: x = <s> name, y = name </s>, right-padded. */
export function lmPairs(vocab: CharVocab, names: string[]): { x: tf.Tensor2D; y: tf.Tensor3D } {
  const x = encodeBatch(vocab, names, NAME_LENGTH + 1, { bos: true, align: "right" });
  const y = tf.tidy(() => {
    const ids = encodeBatch(vocab, names, NAME_LENGTH + 1, { eos: true, align: "right" });
    return tf.oneHot(ids, vocab.size).toFloat() as tf.Tensor3D;
  });
  return { x, y };
}

/** P(男) for each name, read back with await. */
export async function classifyNames(model: tf.LayersModel, vocab: CharVocab, names: string[]): Promise<Float32Array> {
  const x = encodeBatch(vocab, names, NAME_LENGTH);
  const p = model.predict(x) as tf.Tensor;
  const values = (await p.data()) as Float32Array;
  tf.dispose([x, p]);
  return values;
}

export interface HiddenTrace {
  chars: string[];
  /** [step][unit] */
  hidden: number[][];
  /** LSTM only: gate → [step][unit] */
  gates: Record<string, number[][]>;
}

/** The recurrent layer's hidden state (and gates) at every character of `name`, recomputed
 * with the book's own cell on the trained weights. */
export async function hiddenStates(model: tf.LayersModel, vocab: CharVocab, name: string, cell: CellKind = "lstm"): Promise<HiddenTrace> {
  const chars = [...name].slice(-NAME_LENGTH);
  const weights = layerWeights(model.getLayer("recurrent"));
  const [table] = model.getLayer("embed").getWeights();
  try {
    const traced = tf.tidy(() => {
      // The embedding lookup by hand: only the name's characters, no padding steps.
      const embedded = tf.gather(table, tf.tensor1d(vocab.encode(chars.join("")), "int32")).expandDims(0) as tf.Tensor3D;
      const trace = runCell(cell, weights, embedded);
      const hidden = tf.concat(trace.map((s) => s.h), 0);
      const gates = trace[0].gates ? Object.fromEntries(Object.keys(trace[0].gates).filter((g) => g !== "candidate").map((g) => [g, tf.concat(trace.map((s) => s.gates![g]), 0)])) : {};
      return { hidden, gates };
    });
    const read = async (t: tf.Tensor) => (await t.array()) as number[][];
    const result: HiddenTrace = { chars, hidden: await read(traced.hidden), gates: {} };
    for (const [g, t] of Object.entries(traced.gates)) result.gates[g] = await read(t);
    tf.dispose([traced.hidden, ...Object.values(traced.gates)]);
    return result;
  } finally {
    tf.dispose([weights.kernel, weights.recurrentKernel, weights.bias]);
  }
}
