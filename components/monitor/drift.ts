// Drift scores (第7章 7.3): how far the distribution of what the model sees or says now
// has moved from a reference window. PSI (population stability index) is symmetric and
// has rules of thumb (< 0.1 stable, 0.1–0.2 watch, > 0.2 act); KL divergence is the
// information-theoretic quantity it is built from. Empty bins get a floor `eps`, since
// ln(0) is not a number and one empty bin must not make the score infinite.

export const PSI_ALERT = 0.2;
const EPS = 1e-4;

/** Fractions of `values` in each bin; `edges` are the inner bin boundaries, ascending
 * (k edges make k + 1 bins; a value equal to an edge goes to the bin above it). */
export function binFractions(values: ArrayLike<number>, edges: number[]): number[] {
  const counts = new Array(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; ++i) {
    let bin = 0;
    while (bin < edges.length && values[i] >= edges[bin]) bin += 1;
    counts[bin] += 1;
  }
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/** Fractions of each class among predicted labels 0 … classes − 1. */
export function classFractions(predicted: ArrayLike<number>, classes: number): number[] {
  const counts = new Array(classes).fill(0);
  for (let i = 0; i < predicted.length; ++i) counts[predicted[i]] += 1;
  return counts.map((c) => (predicted.length ? c / predicted.length : 0));
}

function floored(p: number[], q: number[], eps: number): [number[], number[]] {
  if (p.length !== q.length || p.length === 0) throw new RangeError(`两个分布的箱数不同（${p.length} 与 ${q.length}）`);
  return [p.map((v) => Math.max(v, eps)), q.map((v) => Math.max(v, eps))];
}

/** PSI = Σ (actual − expected) · ln(actual / expected). */
export function psi(expected: number[], actual: number[], eps = EPS): number {
  const [e, a] = floored(expected, actual, eps);
  return e.reduce((sum, ei, i) => sum + (a[i] - ei) * Math.log(a[i] / ei), 0);
}

/** KL(p ‖ q) = Σ p · ln(p / q), in nats. PSI = KL(a ‖ e) + KL(e ‖ a). */
export function klDivergence(p: number[], q: number[], eps = EPS): number {
  const [pp, qq] = floored(p, q, eps);
  return pp.reduce((sum, pi, i) => sum + pi * Math.log(pi / qq[i]), 0);
}
