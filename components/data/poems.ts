// The corpus of 3.6's GPT: five-character Tang poems (data/tang-poems/poems.txt, one poem per
// line, traditional characters as stored in chinese-poetry/chinese-poetry). Held-out poems are
// every tenth poem, so the test text is poems the model never saw, spread over the collection.
// A broken file raises PoemsFormatError instead of feeding the model garbage.
import { DataFormatError } from "./format-error.js";

export class PoemsFormatError extends DataFormatError {
  constructor(detail: string) {
    super("唐诗", detail);
  }
}

export interface PoemCorpus {
  train: string[];
  test: string[];
  /** Every character of the corpus, incl. "\n" (the end of a poem). */
  characters: string[];
}

const POEM = /^(?:[^，。\n]{5}，[^，。\n]{5}。){2,4}$/;

/** Reads the text (a FileAttachment, a Response or the text itself). */
export async function loadPoems(source: { text(): Promise<string> } | string): Promise<PoemCorpus> {
  const text = typeof source === "string" ? source : await source.text();
  const poems = text.split("\n").filter((line) => line.length > 0);
  if (poems.length < 20) throw new PoemsFormatError(`只有 ${poems.length} 首诗（文件可能被截断）`);
  const bad = poems.findIndex((p) => !POEM.test(p));
  if (bad >= 0) throw new PoemsFormatError(`第 ${bad + 1} 行不是五言诗：「${poems[bad].slice(0, 20)}」`);
  const characters = [...new Set(text)].filter((c) => c !== "\r").sort();
  return { train: poems.filter((_, i) => i % 10 !== 9), test: poems.filter((_, i) => i % 10 === 9), characters };
}

/** Poems as one stream, each ended by "\n" (the model learns where a poem stops). */
export function joinPoems(poems: string[]): string {
  return poems.map((p) => p + "\n").join("");
}
