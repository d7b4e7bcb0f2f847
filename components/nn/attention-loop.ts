// Scaled dot-product attention with plain loops over numbers, one query at a time: the
// definition of 3.5 written out, used to check the tensor version (attention.ts) and to
// read in the chapter. q [T_q][d], k [T_k][d], v [T_k][d_v]; allowed(i, j) = false masks.
export interface LoopOptions {
  scale?: boolean;
  allowed?: (query: number, key: number) => boolean;
}

export function attentionLoop(q: number[][], k: number[][], v: number[][], { scale = true, allowed = () => true }: LoopOptions = {}): { output: number[][]; weights: number[][] } {
  const d = q[0].length;
  const weights = q.map((qi, i) => {
    const scores = k.map((kj, j) => (allowed(i, j) ? qi.reduce((s, x, c) => s + x * kj[c], 0) / (scale ? Math.sqrt(d) : 1) : -Infinity));
    const max = Math.max(...scores);
    const exp = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - max)));
    const sum = exp.reduce((a, b) => a + b, 0);
    return exp.map((e) => e / sum);
  });
  const output = weights.map((w) => v[0].map((_, c) => w.reduce((s, wj, j) => s + wj * v[j][c], 0)));
  return { output, weights };
}
