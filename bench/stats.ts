// The statistics of the rigorous training comparison (bench/rigorous.ts): WASM and PyTorch
// measured in turn (ABAB…), one ratio per adjacent pair, and a verdict that never calls a
// target met while the spread of the ratios still reaches below it.

export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function range(values: readonly number[]): { min: number; max: number } {
  return values.length ? { min: Math.min(...values), max: Math.max(...values) } : { min: NaN, max: NaN };
}

/** The order of the measurements: A then B, repeated, so that a change of load on a shared
 * machine falls on both sides of each pair instead of on one side of the comparison. */
export function interleave<A extends string, B extends string>(a: A, b: B, repetitions: number): { side: A | B; repetition: number }[] {
  return Array.from({ length: repetitions }, (_, repetition) => [
    { side: a, repetition },
    { side: b, repetition }
  ]).flat();
}

/** Ratio of each adjacent pair (a[i] / b[i]); the pairs were measured back to back. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`unpaired measurements: ${a.length} vs ${b.length}`);
  return a.map((value, i) => value / b[i]);
}

export type Verdict = "met" | "not met" | "unclear";

/** met: every ratio reaches the target; not met: none does; unclear: the range crosses it. */
export function verdict(ratios: readonly number[], target: number): Verdict {
  if (!ratios.length || ratios.some((r) => !Number.isFinite(r))) return "unclear";
  const { min, max } = range(ratios);
  if (min >= target) return "met";
  if (max < target) return "not met";
  return "unclear";
}

export interface RatioSummary {
  ratios: number[];
  median: number;
  min: number;
  max: number;
  target: number;
  verdict: Verdict;
}

export function summarizeRatios(ratios: number[], target: number): RatioSummary {
  return { ratios, median: median(ratios), ...range(ratios), target, verdict: verdict(ratios, target) };
}
