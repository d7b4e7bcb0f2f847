// BERT's input for a sentence pair (3.6.1): [CLS] A [SEP] B [SEP], with a segment id
// (0 for A and its [SEP], also [CLS]; 1 for B) and a position id per token. The three
// embedding tables are looked up with these three rows of ids and summed.

export interface PackedPair {
  tokens: string[];
  segments: number[];
  positions: number[];
}

export function packSentencePair(a: string[], b: string[]): PackedPair {
  const tokens = ["[CLS]", ...a, "[SEP]", ...b, "[SEP]"];
  const segments = tokens.map((_, i) => (i < a.length + 2 ? 0 : 1));
  return { tokens, segments, positions: tokens.map((_, i) => i) };
}
