// Words ↔ ids for the mail classifier of 3.4: mails are reduced to their body text (headers
// and HTML tags dropped), lowercased and cut into words of letters. The vocabulary keeps the
// most frequent training words; the rest become <unk>. The special ids are the book's one
// layout (text/tokens.ts): 0 <pad>, 1 <s>, 2 </s>, 3 <unk>; words follow from id 4.
import { SPECIAL_TOKENS, TokenVocab } from "./tokens.js";

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

export class WordVocab extends TokenVocab {
  /** The `size` − 4 most frequent words after the special tokens (ties broken alphabetically,
   * so it is deterministic). */
  static fromDocuments(documents: string[][], size: number): WordVocab {
    const counts = new Map<string, number>();
    for (const doc of documents) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, size - SPECIAL_TOKENS.length);
    return new WordVocab(ranked.map(([w]) => w));
  }

  encode(words: string[]): number[] {
    return words.map((w) => this.id(w));
  }

  /** The token of each id; an id outside the vocabulary reads as <unk>. */
  decode(ids: Iterable<number>): string[] {
    return Array.from(ids, (id) => this.tokens[id] ?? "<unk>");
  }
}
