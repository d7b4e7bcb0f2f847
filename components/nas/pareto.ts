// The Pareto front of a search (5.4 节): the architectures no other one beats on every
// objective at once (at least as accurate, no more parameters, no slower, and better on one).

export interface Candidate {
  accuracy: number;
  params: number;
  latencyMs: number;
}

/** True when `a` is at least as good as `b` everywhere and strictly better somewhere. */
export function dominates(a: Candidate, b: Candidate): boolean {
  const noWorse = a.accuracy >= b.accuracy && a.params <= b.params && a.latencyMs <= b.latencyMs;
  const better = a.accuracy > b.accuracy || a.params < b.params || a.latencyMs < b.latencyMs;
  return noWorse && better;
}

/** Indices of the candidates that no other candidate dominates, in their original order. */
export function paretoFront(candidates: readonly Candidate[]): number[] {
  return candidates.flatMap((c, i) => (candidates.some((other) => dominates(other, c)) ? [] : [i]));
}
