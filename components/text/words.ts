// Words ↔ ids for the mail classifier of 3.4: mails are reduced to their body text (headers
// and HTML tags dropped), lowercased and cut into words of letters. The vocabulary keeps the
// most frequent training words; the rest become <unk>. Ids 0 and 1 are <pad> and <unk>.

export const WORD_PAD = 0;
export const WORD_UNK = 1;

/** The body of a raw RFC 822 mail as lowercase words (2–20 letters). */
export function mailWords(raw: string, limit = Infinity): string[] {
  const blank = raw.search(/\r?\n\r?\n/);
  const body = blank >= 0 ? raw.slice(blank) : raw;
  const text = body.replace(/<[^>]*>/g, " ").replace(/&[a-z]+;/gi, " ").toLowerCase();
  const words: string[] = [];
  for (const match of text.matchAll(/[a-z]{2,20}/g)) {
    words.push(match[0]);
    if (words.length >= limit) break;
  }
  return words;
}

export class WordVocab {
  readonly words: string[];
  private readonly ids: Map<string, number>;

  constructor(words: string[]) {
    this.words = ["<pad>", "<unk>", ...words];
    this.ids = new Map(words.map((w, i) => [w, i + 2]));
  }

  /** The `size − 2` most frequent words (ties broken alphabetically, so it is deterministic). */
  static fromDocuments(documents: string[][], size: number): WordVocab {
    const counts = new Map<string, number>();
    for (const doc of documents) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, size - 2);
    return new WordVocab(ranked.map(([w]) => w));
  }

  get size(): number {
    return this.words.length;
  }

  encode(words: string[]): number[] {
    return words.map((w) => this.ids.get(w) ?? WORD_UNK);
  }

  decode(ids: Iterable<number>): string[] {
    return Array.from(ids, (id) => this.words[id] ?? "<unk>");
  }
}
