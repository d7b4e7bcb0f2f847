// Independent answers for 3.2's exercises (components/exercise/bank/ch3-2-cnn.ts): plain
// formulas for the numeric ones, a plain solution for the code one.
import type { Params } from "../../../components/exercise/types.js";

export const formulas: Record<string, (p: any) => number> = {
  "ch3-2-output-size": ({ n, k, p, s }) => Math.floor((n + 2 * p - k) / s) + 1,
  "ch3-2-conv-params": ({ cin, cout, k }) => cout * (cin * k * k) + cout,
  // conv k1 (jump 1) → pool (adds pool − 1, jump becomes pool) → conv k2 (adds (k2 − 1)·pool)
  "ch3-2-receptive-field": ({ k1, pool, k2 }) => k1 + (pool - 1) + (k2 - 1) * pool
};

export const solutions: Record<string, (p: Params) => string> = {
  "ch3-2-cross-correlate": () => `function crossCorrelate(x, kernel) {
  const out = [];
  for (let i = 0; i + kernel.length <= x.length; i++) {
    const row = [];
    for (let j = 0; j + kernel[0].length <= x[0].length; j++) {
      let s = 0;
      kernel.forEach((kr, a) => kr.forEach((kv, b) => (s += kv * x[i + a][j + b])));
      row.push(s);
    }
    out.push(row);
  }
  return out;
}`
};
