// A tiny masked language model (3.6) over the characters of names: BERT's pre-training
// objective at toy scale. The encoder is 3.5's TinyTransformer; each batch is corrupted
// afresh by maskTokens (15% targets; 80/10/10); the loss counts the targets only.
// In the reader's text, "_" (or "[MASK]") marks a character to guess.
import * as tf from "@book/tf";
import { TinyTransformer } from "./transformer.js";
import { maskTokens } from "../text/masking.js";
import { CharVocab, padSequences, PAD } from "../text/vocab.js";
import { NAME_LENGTH } from "./rnn-models.js";

export interface MlmSetup {
  vocab: CharVocab;
  /** The [MASK] id: one past the character vocabulary. */
  maskId: number;
  model: TinyTransformer;
}

export function buildMlm(vocab: CharVocab, { d = 32, heads = 2, layers = 2, ffn = 64, seed = 1 } = {}): MlmSetup {
  return { vocab, maskId: vocab.size, model: new TinyTransformer({ vocab: vocab.size + 1, length: NAME_LENGTH, d, heads, layers, ffn, seed }) };
}

/** Names as right-padded id rows [n, NAME_LENGTH] (int32). */
export function nameRows(vocab: CharVocab, names: string[]): tf.Tensor2D {
  const rows = padSequences(names.map((n) => vocab.encode(n)), NAME_LENGTH, "right");
  return tf.tensor2d(rows.flat(), [names.length, NAME_LENGTH], "int32");
}

function mask(setup: MlmSetup, rows: number[][], random: () => number, rate = 0.15) {
  return maskTokens(rows, { maskId: setup.maskId, firstToken: 4, vocabSize: setup.vocab.size, skip: new Set([PAD]), random, rate });
}

/** Int32 tensor of id rows, and its padding mask (1 for characters, 0 for PAD). */
function tensors(rows: number[][]): { ids: tf.Tensor2D; padding: tf.Tensor2D } {
  const ids = tf.tensor2d(rows.flat(), [rows.length, rows[0].length], "int32");
  return { ids, padding: tf.tidy(() => ids.notEqual(PAD).toFloat() as tf.Tensor2D) };
}

/** One training step: mask the batch (seeded; `rate` of the characters are targets), predict the targets. */
export async function mlmStep(setup: MlmSetup, optimizer: tf.Optimizer, batch: tf.Tensor, random: () => number, rate = 0.15): Promise<{ loss: number; accuracy: number }> {
  const rows = (await batch.array()) as number[][];
  const masked = mask(setup, rows, random, rate);
  const input = tf.tensor2d(masked.input.flat(), [rows.length, rows[0].length], "int32");
  const { ids: targets, padding } = tensors(rows);
  const weights = tf.tensor2d(masked.weights.flat(), [rows.length, rows[0].length]);
  try {
    return await setup.model.trainStep(optimizer, input, targets, { weights, padding });
  } finally {
    tf.dispose([input, targets, weights, padding]);
  }
}

export interface MlmScore {
  /** Share of masked-out characters the model restores. */
  accuracy: number;
  /** Share restored by always guessing the training names' most frequent character. */
  baseline: number;
  baselineChar: string;
  targets: number;
}

/** Held-out names, masked once (seeded) the way training masks them, against the unigram guess. */
export async function evaluateMlm(setup: MlmSetup, rows: tf.Tensor2D, trainRows: tf.Tensor2D, random: () => number): Promise<MlmScore> {
  const counts = new Map<number, number>();
  for (const id of await trainRows.data()) if (id !== PAD) counts.set(id, (counts.get(id) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const original = (await rows.array()) as number[][];
  const masked = mask(setup, original, random);
  // Corruption never writes PAD, so the padding mask of the corrupted rows is the original's.
  const { ids, padding } = tensors(masked.input);
  const { logits, attentions } = setup.model.forward(ids, { padding });
  const best = logits.argMax(-1);
  const predicted = (await best.array()) as number[][];
  tf.dispose([ids, padding, logits, best, ...attentions]);
  let [targets, correct, baseline] = [0, 0, 0];
  masked.weights.forEach((row, r) =>
    row.forEach((w, i) => {
      if (!w) return;
      targets++;
      if (predicted[r][i] === original[r][i]) correct++;
      if (common === original[r][i]) baseline++;
    })
  );
  return { accuracy: correct / targets, baseline: baseline / targets, baselineChar: setup.vocab.tokens[common], targets };
}

export interface MaskGuess {
  position: number;
  top: { char: string; probability: number }[];
}

/** Parses "ma_y" / "ma[MASK]y": the ids, and which positions are masked. */
export function parseMasked(setup: MlmSetup, text: string): { ids: number[]; masked: number[]; chars: string[] } {
  const chars: string[] = [];
  const ids: number[] = [];
  const masked: number[] = [];
  const parts = text.toLowerCase().replaceAll("[mask]", "_");
  for (const c of parts) {
    if (chars.length >= NAME_LENGTH) break;
    if (c === "_") {
      masked.push(chars.length);
      ids.push(setup.maskId);
      chars.push("[MASK]");
    } else if (/[a-z-]/.test(c)) {
      ids.push(setup.vocab.id(c));
      chars.push(c);
    }
  }
  return { ids, masked, chars };
}

/** Top-k guesses for each masked position, and the attention weights of every layer
 * ([heads][T][T] per layer, real characters only). */
export async function guessMasked(setup: MlmSetup, text: string, k = 5): Promise<{ chars: string[]; guesses: MaskGuess[]; attentions: number[][][][] }> {
  const { ids, masked, chars } = parseMasked(setup, text);
  const t = ids.length;
  const { ids: input, padding } = tensors([[...ids, ...new Array(NAME_LENGTH - t).fill(PAD)]]);
  const { logits, attentions } = setup.model.forward(input, { padding });
  const probabilities = tf.tidy(() => tf.softmax(logits));
  const p = (await probabilities.array()) as number[][][];
  const maps = await Promise.all(attentions.map(async (a) => ((await a.array()) as number[][][][])[0].map((head) => head.slice(0, t).map((row) => row.slice(0, t)))));
  tf.dispose([input, padding, logits, probabilities, ...attentions]);
  const guesses = masked.map((position) => ({
    position,
    top: p[0][position]
      .map((probability, id) => ({ id, probability }))
      .filter(({ id }) => id >= 4 && id < setup.vocab.size)
      .sort((a, b) => b.probability - a.probability)
      .slice(0, k)
      .map(({ id, probability }) => ({ char: setup.vocab.tokens[id], probability }))
  }));
  return { chars, guesses, attentions: maps };
}
