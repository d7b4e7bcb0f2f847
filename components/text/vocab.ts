// Characters ↔ integer ids for the character-level models (3.3 names; later chapters'
// tokens): encode, decode, pad to a common length, and batch into an int32 tensor.
// Ids 0–3 are reserved: padding, start, end, unknown.
import * as tf from "@book/tf";

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const UNK = 3;
const SPECIAL = ["<pad>", "<s>", "</s>", "<unk>"];

export class CharVocab {
  readonly tokens: string[];
  private readonly ids: Map<string, number>;

  constructor(chars: string[]) {
    this.tokens = [...SPECIAL, ...chars];
    this.ids = new Map(chars.map((c, i) => [c, i + SPECIAL.length]));
  }

  /** Every character that occurs in the texts, sorted (so the ids do not depend on order). */
  static fromTexts(texts: Iterable<string>): CharVocab {
    const chars = new Set<string>();
    for (const text of texts) for (const c of text) chars.add(c);
    return new CharVocab([...chars].sort());
  }

  get size(): number {
    return this.tokens.length;
  }

  id(char: string): number {
    return this.ids.get(char) ?? UNK;
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
