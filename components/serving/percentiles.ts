// Latency percentiles (第7章 7.2): p50 is what a typical request sees, p95 and p99 what
// the unlucky one in 20 or in 100 sees; services promise the tail, not the mean.

/** The nearest-rank percentile: the smallest value with at least p% of the values at or
 * below it (p in (0, 100]). NaN for no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`百分位必须在 (0, 100] 之间，收到 ${p}`);
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.ceil((p / 100) * sorted.length) - 1] : NaN);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), mean: sorted.length ? sum / sorted.length : NaN, max: sorted.length ? sorted[sorted.length - 1] : NaN };
}
