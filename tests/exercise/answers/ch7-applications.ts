// Independent answers for 第7章's exercises (components/exercise/bank/ch7-applications.ts):
// Little's law, PSI of two bins, Chinchilla's N_opt from C = 6·N·D with D = 20·N, and a plain
// nearest-rank percentile.
import type { Params } from "../../../components/exercise/types.js";

export const formulas: Record<string, (p: any) => number> = {
  "ch7-littles-law": ({ rate, latency }) => rate * (latency / 1000),
  "ch7-psi": ({ p, q }) => {
    const term = (a: number, b: number) => (a - b) * Math.log(a / b);
    return term(p, q) + term(1 - p, 1 - q);
  },
  "ch7-chinchilla": ({ mantissa, exponent }) => Math.sqrt((mantissa * 10 ** exponent) / 120) / 1e9
};

export const solutions: Record<string, (p: Params) => string> = {
  "ch7-percentile": () => `function nearestRank(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}`
};
