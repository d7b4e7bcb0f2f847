// The three Transformer families of 3.6 on one picture: who may attend to whom.
//   encoder-only (BERT): every position sees every position;
//   decoder-only (GPT): position t sees positions ≤ t (the causal mask);
//   encoder-decoder (T5, the original Transformer): the source sees the whole source, each
//   target position sees the whole source (cross-attention) and the target up to itself.
// Each pattern is a 0/1 grid (row = the position that looks, column = the position looked
// at), drawn with the book's heatmap.

export interface AttentionPattern {
  title: string;
  rows: string[];
  cols: string[];
  grid: number[][];
}

export function attentionPatterns(source: string[], target: string[]): AttentionPattern[] {
  const n = source.length;
  const all = [...source, ...target];
  return [
    { title: "仅编码器（BERT）：双向", rows: source, cols: source, grid: source.map(() => source.map(() => 1)) },
    { title: "仅解码器（GPT）：因果", rows: target, cols: target, grid: target.map((_, i) => target.map((_, j) => (j <= i ? 1 : 0))) },
    {
      title: "编码器-解码器（T5）",
      rows: all,
      cols: all,
      grid: all.map((_, i) => all.map((_, j) => (i < n ? (j < n ? 1 : 0) : j < n || j <= i ? 1 : 0)))
    }
  ];
}
