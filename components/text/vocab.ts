// Characters ↔ integer ids for the character-level models (3.3 names; later chapters'
// tokens): encode, decode, pad to a common length, and batch into an int32 tensor.
// Ids 0–3 are reserved: padding, start, end, unknown (text/tokens.ts, shared with words).
import * as tf from "@book/tf";
import { BOS, EOS, PAD, TokenVocab, UNK } from "./tokens.js";

export { BOS, EOS, PAD, UNK } from "./tokens.js";

export class CharVocab extends TokenVocab {
  /** Every character that occurs in the texts, sorted (so the ids do not depend on order). */
  static fromTexts(texts: Iterable<string>): CharVocab {
    const chars = new Set<string>();
    for (const text of texts) for (const c of text) chars.add(c);
    return new CharVocab([...chars].sort());
  }

  encode(text: string, { bos = false, eos = false } = {}): number[] {
    return [...(bos ? [BOS] : []), ...Array.from(text, (c) => this.id(c)), ...(eos ? [EOS] : [])];
  }

  /** Text of the ids, without padding and start/end marks; unknown ids as "?". */
  decode(ids: Iterable<number>): string {
    let text = "";
    for (const id of ids) {
      if (id === PAD || id === BOS || id === EOS) continue;
      text += id === UNK || id >= this.tokens.length ? "?" : this.tokens[id];
    }
    return text;
  }
}

/** Rows padded with PAD (or cut) to `length`; "left" keeps the ends of the sequences aligned,
 * which suits an RNN that reads to the last step. */
export function padSequences(rows: number[][], length = Math.max(0, ...rows.map((r) => r.length)), align: "left" | "right" = "left"): number[][] {
  return rows.map((row) => {
    const cut = row.length > length ? (align === "left" ? row.slice(row.length - length) : row.slice(0, length)) : row;
    const padding = new Array<number>(length - cut.length).fill(PAD);
    return align === "left" ? [...padding, ...cut] : [...cut, ...padding];
  });
}

/** Encoded, padded texts as an int32 tensor [n, length]. */
export function encodeBatch(vocab: CharVocab, texts: string[], length: number, options: { bos?: boolean; eos?: boolean; align?: "left" | "right" } = {}): tf.Tensor2D {
  const rows = padSequences(texts.map((t) => vocab.encode(t, options)), length, options.align ?? "left");
  return tf.tensor2d(rows.flat(), [texts.length, length], "int32");
}
