// Low-rank factorisation of the hidden dense layer (5.3.2): its [in, out] kernel W is
// replaced by two factors W ≈ L·R with L [in, r] and R [r, out] from the truncated SVD
// (the best rank-r approximation in the Frobenius norm, Eckart–Young), so the layer has
// r(in + out) weights instead of in·out and computes x·L·R.
import { checkRank } from "./errors.js";
import { copyCnnWeights, type CnnWeights } from "./cnn-weights.js";
import { svdAsync, truncatedFactors, type Svd } from "./svd.js";

export function denseSvd(w: CnnWeights): Promise<Svd> {
  const [m, n] = w.dense1.kernel.shape;
  return svdAsync(w.dense1.kernel.values, m, n);
}

/** A copy of w whose dense1 is factorised at rank r (decomposition computed once, reused). */
export function factoriseDense(w: CnnWeights, decomposition: Svd, rank: number): CnnWeights {
  const [m, n] = w.dense1.kernel.shape;
  checkRank(rank, m, n);
  const { left, right } = truncatedFactors(decomposition, rank);
  const copy = copyCnnWeights(w);
  copy.dense1.factors = [
    { values: left, shape: [m, rank] },
    { values: right, shape: [rank, n] }
  ];
  return copy;
}

/** Share of ‖W‖²_F kept by the first r singular values. */
export function energyKept(s: ArrayLike<number>, rank: number): number {
  let kept = 0;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    total += s[i] * s[i];
    if (i < rank) kept += s[i] * s[i];
  }
  return total ? kept / total : 1;
}
