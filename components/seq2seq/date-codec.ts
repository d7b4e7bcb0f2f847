// Characters ↔ ids for 3.4's date translator. Source: the characters any date format
// uses (dates.ts), id 0 = padding (right-padded batches). Target: the 11 characters of an
// ISO date plus a start symbol that the decoder reads first; every target is 10 long.
import * as tf from "@book/tf";
import { sourceAlphabet, type DatePair } from "./dates.js";

export const TARGET_CHARS = "0123456789-";
export const START = TARGET_CHARS.length; // id of the start symbol
export const TARGET_VOCAB = TARGET_CHARS.length + 1;
export const TARGET_LENGTH = 10;
export const MAX_SOURCE = 32;

export class DateCodec {
  readonly alphabet = sourceAlphabet();
  private readonly ids = new Map(this.alphabet.map((c, i) => [c, i + 1]));
  get sourceVocab(): number {
    return this.alphabet.length + 1;
  }

  /** null when the text is fine, else what is wrong with it (in Chinese, for the page). */
  problem(text: string): string | null {
    const chars = [...text];
    if (!chars.length) return "请输入一个日期，例如 2021年3月5日 或 March 5, 2021。";
    if (chars.length > MAX_SOURCE) return `输入有 ${chars.length} 个字符，最多 ${MAX_SOURCE} 个。`;
    const unknown = [...new Set(chars.filter((c) => !this.ids.has(c)))];
    if (unknown.length) return `模型没见过这些字符：${unknown.map((c) => (c === " " ? "（空格）" : `“${c}”`)).join("、")}。训练数据只有下面列出的写法用到的字符。`;
    return null;
  }

  /** [n, L] int32, right-padded with 0 to the longest text (or `length`). */
  encodeSources(texts: string[], length = Math.max(...texts.map((t) => [...t].length))): tf.Tensor2D {
    const data = new Int32Array(texts.length * length);
    texts.forEach((t, r) => [...t].slice(0, length).forEach((c, j) => (data[r * length + j] = this.ids.get(c) ?? 0)));
    return tf.tensor2d(data, [texts.length, length], "int32");
  }

  /** Decoder inputs [n, 10] (start symbol, then the target shifted right) and targets [n, 10]. */
  encodeTargets(targets: string[]): { input: tf.Tensor2D; output: tf.Tensor2D } {
    const input = new Int32Array(targets.length * TARGET_LENGTH);
    const output = new Int32Array(targets.length * TARGET_LENGTH);
    targets.forEach((t, r) => {
      for (let j = 0; j < TARGET_LENGTH; j++) {
        output[r * TARGET_LENGTH + j] = TARGET_CHARS.indexOf(t[j]);
        input[r * TARGET_LENGTH + j] = j === 0 ? START : TARGET_CHARS.indexOf(t[j - 1]);
      }
    });
    return { input: tf.tensor2d(input, [targets.length, TARGET_LENGTH], "int32"), output: tf.tensor2d(output, [targets.length, TARGET_LENGTH], "int32") };
  }

  /** A whole set as tensors: x = source ids padded to MAX_SOURCE (batches are trimmed later),
   * y = [decoder input | target] side by side, [n, 20], so the training loop shuffles them together. */
  tensors(pairs: DatePair[]): { x: tf.Tensor2D; y: tf.Tensor2D; dispose(): void } {
    const x = this.encodeSources(pairs.map((p) => p.source), MAX_SOURCE);
    const { input, output } = this.encodeTargets(pairs.map((p) => p.target));
    const y = tf.concat([input, output], 1) as tf.Tensor2D;
    tf.dispose([input, output]);
    return { x, y, dispose: () => tf.dispose([x, y]) };
  }
}
