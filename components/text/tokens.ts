// The special tokens every vocabulary of the book reserves, in one layout: ids 0–3 are
// padding, start, end and unknown, whatever the vocabulary's entries are (characters in
// text/vocab.ts, words in text/words.ts); the entries follow from id 4 in their given order.
// The character layout came first and a reader's saved character models depend on it, so it
// is the one kept.

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const UNK = 3;
export const SPECIAL_TOKENS: readonly string[] = ["<pad>", "<s>", "</s>", "<unk>"];

export class TokenVocab {
  /** Every token by id: the special ones, then the entries. */
  readonly tokens: string[];
  private readonly ids: Map<string, number>;

  constructor(entries: readonly string[]) {
    this.tokens = [...SPECIAL_TOKENS, ...entries];
    this.ids = new Map(entries.map((entry, i) => [entry, i + SPECIAL_TOKENS.length]));
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The vocabulary's own entries, without the special tokens. */
  get entries(): string[] {
    return this.tokens.slice(SPECIAL_TOKENS.length);
  }

  /** An entry's id; UNK for anything else. */
  id(entry: string): number {
    return this.ids.get(entry) ?? UNK;
  }

  isSpecial(id: number): boolean {
    return id < SPECIAL_TOKENS.length;
  }
}
