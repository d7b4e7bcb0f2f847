// 3.4's encoder–decoder with additive (Bahdanau) attention, in plain tfjs ops on
// tf.variables, built from the book's own parts: the GRU cell of 3.3 (nn/rnn-cells.ts) and
// the additive scores of 3.4 (attention/scoring.ts).
//   encoder   h_j = GRU(h_{j−1}, E_src[x_j])                       j = 1 … T_x
//   attention e_ij = vᵀ tanh(W_a s_{i−1} + U_a h_j), α_i = softmax_j(e_ij) (padding masked)
//             c_i = Σ_j α_ij h_j
//   decoder   s_i = GRU(s_{i−1}, [E_tgt[y_{i−1}]; c_i]),  p(y_i) = softmax(W_o [s_i; c_i] + b_o)
// Training feeds the true previous character (teacher forcing); translate() feeds back its
// own greedy choice and returns α, the alignment the page draws.
import * as tf from "@book/tf";
import { gruStep, gruStepProjected, type RnnWeights } from "../nn/rnn-cells.js";
import { additiveScoresProjected, attend, project } from "../attention/scoring.js";
import { START, TARGET_CHARS, TARGET_LENGTH, TARGET_VOCAB } from "./date-codec.js";

export interface Seq2SeqSize {
  sourceVocab: number;
  embed?: number;
  hidden?: number;
  attention?: number;
  seed?: number;
}

export class BahdanauSeq2Seq {
  readonly hidden: number;
  private readonly v: Record<string, tf.Variable>;

  constructor({ sourceVocab, embed = 16, hidden = 48, attention = 32, seed = 1 }: Seq2SeqSize) {
    this.hidden = hidden;
    let s = seed;
    const glorot = (rows: number, cols: number) => tf.randomUniform([rows, cols], -Math.sqrt(6 / (rows + cols)), Math.sqrt(6 / (rows + cols)), "float32", s++);
    // tidy frees the initial tensor; the variable (its own copy) survives.
    const make = (_name: string, init: () => tf.Tensor) => tf.tidy(() => tf.variable(init()));
    this.v = {
      srcEmbed: make("src-embed", () => tf.randomUniform([sourceVocab, embed], -0.1, 0.1, "float32", s++)),
      tgtEmbed: make("tgt-embed", () => tf.randomUniform([TARGET_VOCAB, embed], -0.1, 0.1, "float32", s++)),
      encKernel: make("enc-kernel", () => glorot(embed, 3 * hidden)),
      encRecurrent: make("enc-recurrent", () => glorot(hidden, 3 * hidden)),
      encBias: make("enc-bias", () => tf.zeros([3 * hidden])),
      wa: make("wa", () => glorot(hidden, attention)),
      ua: make("ua", () => glorot(hidden, attention)),
      va: make("va", () => tf.randomUniform([attention], -0.1, 0.1, "float32", s++)),
      decKernel: make("dec-kernel", () => glorot(embed + hidden, 3 * hidden)),
      decRecurrent: make("dec-recurrent", () => glorot(hidden, 3 * hidden)),
      decBias: make("dec-bias", () => tf.zeros([3 * hidden])),
      // The start symbol is only ever read, never written: 11 output classes.
      wo: make("wo", () => glorot(2 * hidden, TARGET_CHARS.length)),
      bo: make("bo", () => tf.zeros([TARGET_CHARS.length]))
    };
  }

  countParams(): number {
    return Object.values(this.v).reduce((n, t) => n + t.size, 0);
  }

  private gru(prefix: "enc" | "dec"): RnnWeights {
    return { kernel: this.v[`${prefix}Kernel`] as tf.Tensor2D, recurrentKernel: this.v[`${prefix}Recurrent`] as tf.Tensor2D, bias: this.v[`${prefix}Bias`] as tf.Tensor1D };
  }

  /** Encoder outputs [b, T, h], their projection U_a h [b, T, a], and the padding mask. */
  private encode(source: tf.Tensor2D): { states: tf.Tensor3D; keys: tf.Tensor3D; mask: tf.Tensor2D } {
    const [b, t] = source.shape;
    const embedded = tf.gather(this.v.srcEmbed, source) as tf.Tensor3D; // [b, T, e]
    // Every step's input projection x_j W + b in one product, then only U h per step.
    const projected = project(embedded, this.v.encKernel as tf.Tensor2D).add(this.v.encBias) as tf.Tensor3D;
    let h = tf.zeros([b, this.hidden]) as tf.Tensor2D;
    const states: tf.Tensor2D[] = [];
    for (let j = 0; j < t; j++) {
      h = gruStepProjected(projected.slice([0, j, 0], [b, 1, -1]).reshape([b, -1]) as tf.Tensor2D, h, this.v.encRecurrent as tf.Tensor2D).h;
      states.push(h);
    }
    const stacked = tf.stack(states, 1) as tf.Tensor3D;
    return { states: stacked, keys: project(stacked, this.v.ua as tf.Tensor2D), mask: source.notEqual(0).toFloat() as tf.Tensor2D };
  }

  /** One decoder step: attention with s_{i−1}, then the GRU, then the output logits. */
  private step(previous: tf.Tensor1D, s: tf.Tensor2D, enc: { states: tf.Tensor3D; keys: tf.Tensor3D; mask: tf.Tensor2D }) {
    const b = s.shape[0];
    const query = s.matMul(this.v.wa as tf.Tensor2D).reshape([b, 1, -1]) as tf.Tensor3D;
    const { context, weights } = attend(additiveScoresProjected(query, enc.keys, this.v.va as tf.Tensor1D), enc.states, enc.mask);
    const c = context.reshape([b, this.hidden]) as tf.Tensor2D;
    const input = tf.concat([tf.gather(this.v.tgtEmbed, previous) as tf.Tensor2D, c], 1);
    const next = gruStep(input, s, this.gru("dec")).h;
    const logits = tf.concat([next, c], 1).matMul(this.v.wo as tf.Tensor2D).add(this.v.bo) as tf.Tensor2D;
    return { s: next, logits, weights: weights.reshape([b, -1]) as tf.Tensor2D };
  }

  /** Teacher-forced logits [b, 10, 11] for decoder inputs [b, 10] (tensors: call in tf.tidy). */
  logits(source: tf.Tensor2D, decoderInput: tf.Tensor2D): tf.Tensor3D {
    const enc = this.encode(source);
    let s = tf.zeros([source.shape[0], this.hidden]) as tf.Tensor2D;
    const out: tf.Tensor2D[] = [];
    for (let i = 0; i < TARGET_LENGTH; i++) {
      const step = this.step(decoderInput.slice([0, i], [-1, 1]).reshape([-1]) as tf.Tensor1D, s, enc);
      s = step.s;
      out.push(step.logits);
    }
    return tf.stack(out, 1) as tf.Tensor3D;
  }

  /** One Adam step on a batch: x [b, 32] source ids, y [b, 20] = decoder input | target.
   * The batch is trimmed to its longest source first (fewer encoder steps). Returns the mean
   * cross-entropy per character and the share of characters right. */
  async trainStep(optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): Promise<{ loss: number; accuracy: number }> {
    const longest = await longestSource(x as tf.Tensor2D);
    const { value, correct } = tf.tidy(() => {
      const source = (x as tf.Tensor2D).slice([0, 0], [-1, longest]);
      const input = (y as tf.Tensor2D).slice([0, 0], [-1, TARGET_LENGTH]);
      const target = (y as tf.Tensor2D).slice([0, TARGET_LENGTH], [-1, TARGET_LENGTH]);
      let correct: tf.Tensor | null = null;
      const loss = optimizer.minimize(() => {
        const logits = this.logits(source, input);
        correct = tf.keep(logits.argMax(2).equal(target).toFloat().mean()); // minimize's scope frees logits
        return tf.losses.softmaxCrossEntropy(tf.oneHot(target, TARGET_CHARS.length), logits) as tf.Scalar;
      }, true, Object.values(this.v))!;
      return { value: loss, correct: correct! as tf.Tensor };
    });
    const [loss, accuracy] = [(await value.data())[0], (await correct.data())[0]];
    tf.dispose([value, correct]);
    return { loss, accuracy };
  }

  /** Greedy decoding: the ISO strings and each output character's attention over the
   * source [n][10][T] (T = the longest source in the batch). */
  async translate(source: tf.Tensor2D): Promise<{ texts: string[]; alignments: number[][][] }> {
    const longest = await longestSource(source);
    const [ids, weights] = tf.tidy(() => {
      const trimmed = source.slice([0, 0], [-1, longest]);
      const enc = this.encode(trimmed);
      let s = tf.zeros([source.shape[0], this.hidden]) as tf.Tensor2D;
      let previous = tf.fill([source.shape[0]], START, "int32") as tf.Tensor1D;
      const chosen: tf.Tensor1D[] = [];
      const alphas: tf.Tensor2D[] = [];
      for (let i = 0; i < TARGET_LENGTH; i++) {
        const step = this.step(previous, s, enc);
        s = step.s;
        previous = step.logits.argMax(1) as tf.Tensor1D;
        chosen.push(previous);
        alphas.push(step.weights);
      }
      return [tf.stack(chosen, 1), tf.stack(alphas, 1)];
    });
    const [idRows, alignments] = [(await ids.array()) as number[][], (await weights.array()) as number[][][]];
    tf.dispose([ids, weights]);
    return { texts: idRows.map((row) => row.map((i) => TARGET_CHARS[i] ?? "?").join("")), alignments };
  }

  /** Greedy translations of every row of x, in batches of 256. */
  async translateAll(x: tf.Tensor2D, batch = 256): Promise<string[]> {
    const texts: string[] = [];
    for (let start = 0; start < x.shape[0]; start += batch) {
      const part = x.slice([start, 0], [Math.min(batch, x.shape[0] - start), -1]);
      try {
        texts.push(...(await this.translate(part)).texts);
      } finally {
        part.dispose();
      }
    }
    return texts;
  }

  /** Share of sources translated exactly right (all 10 characters). */
  async exactMatch(x: tf.Tensor2D, targets: string[]): Promise<number> {
    const texts = await this.translateAll(x);
    return texts.filter((t, i) => t === targets[i]).length / targets.length;
  }

  dispose(): void {
    tf.dispose(Object.values(this.v));
  }
}

/** The longest real (non-padding) source in a right-padded batch. */
async function longestSource(x: tf.Tensor2D): Promise<number> {
  const length = tf.tidy(() => x.notEqual(0).sum(1).max());
  const value = (await length.data())[0];
  length.dispose();
  return Math.max(1, value);
}
