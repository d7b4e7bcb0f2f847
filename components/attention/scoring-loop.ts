// 3.4's three scoring functions with plain loops over numbers, for one example: the
// definitions read straight off the formulas, used to check the batched tfjs version
// (scoring.ts). q [T_q][d_q], k [T_k][d_k], v [T_k][d_v]; mask[j] = 0 hides key j.
import type { ScoringKind } from "./scoring.js";

export interface AdditiveLoopWeights {
  wq: number[][]; // [d_q][a]
  wk: number[][]; // [d_k][a]
  v: number[]; // [a]
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
/** x [d] · W [d][a] → [a] */
const times = (x: number[], w: number[][]) => w[0].map((_, c) => x.reduce((s, xi, i) => s + xi * w[i][c], 0));

export function scoreLoop(kind: ScoringKind, q: number[], k: number[], w?: AdditiveLoopWeights): number {
  if (kind === "dot") return dot(q, k);
  if (kind === "scaled-dot") return dot(q, k) / Math.sqrt(q.length);
  if (!w) throw new Error("加性注意力需要权重");
  const qp = times(q, w.wq);
  const kp = times(k, w.wk);
  return w.v.reduce((s, vj, j) => s + vj * Math.tanh(qp[j] + kp[j]), 0);
}

export function attendLoop(kind: ScoringKind, q: number[][], k: number[][], v: number[][], { weights: w, mask }: { weights?: AdditiveLoopWeights; mask?: number[] } = {}): { context: number[][]; weights: number[][] } {
  const weights = q.map((qi) => {
    const s = k.map((kj, j) => (mask && !mask[j] ? -Infinity : scoreLoop(kind, qi, kj, w)));
    const max = Math.max(...s);
    const e = s.map((x) => (x === -Infinity ? 0 : Math.exp(x - max)));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
  const context = weights.map((row) => v[0].map((_, c) => row.reduce((s, a, j) => s + a * v[j][c], 0)));
  return { context, weights };
}
