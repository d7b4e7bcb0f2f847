// Independent answers for 第4章's exercises (components/exercise/bank/ch4-training.ts): plain
// formulas for the numeric ones, plain solutions for the code ones.
import type { Params } from "../../../components/exercise/types.js";

export const formulas: Record<string, (p: any) => number> = {
  "ch4-training-he-std": ({ n }) => Math.sqrt(2 / n),
  "ch4-training-variance-growth": ({ c, depth }) => Math.pow(c / 2, depth),
  "ch4-training-heavy-ball-rate": ({ kappa }) => 1 - 2 / (Math.sqrt(kappa) + 1)
};

export const solutions: Record<string, (p: Params) => string> = {
  "ch4-training-batch-norm": () => `function batchNormTrain(x, gamma, beta) {
  const n = x.length;
  return x.map((row) => row.map((v, j) => {
    let m = 0;
    for (const r of x) m += r[j] / n;
    let s = 0;
    for (const r of x) s += (r[j] - m) * (r[j] - m) / n;
    return beta[j] + gamma[j] * (v - m) / Math.sqrt(s + 1e-3);
  }));
}`,
  "ch4-training-clip": () => `function clipGlobal(grads, maxNorm) {
  const norm = Math.hypot(...grads.flat());
  return norm <= maxNorm ? grads : grads.map((row) => row.map((v) => (v * maxNorm) / norm));
}`
};
