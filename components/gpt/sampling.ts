// Turning next-character logits into a choice (3.6): temperature T (softmax of logits / T),
// top-k (keep the k likeliest), top-p / nucleus (keep the smallest set of likeliest characters
// whose probabilities add up to at least p), then a draw from a seeded generator. Plain
// arrays: one row of logits per step, so the rules are easy to read and to test.

export interface SamplingOptions {
  temperature: number;
  /** Keep only the k likeliest characters (Infinity or undefined: all). */
  topK?: number;
  /** Keep the likeliest characters until their probability reaches p; 1 keeps all. */
  topP?: number;
}

/** A clear Chinese message for settings that cannot be sampled with, or null. */
export function checkSampling({ temperature, topK, topP }: SamplingOptions): string | null {
  if (!Number.isFinite(temperature) || temperature <= 0)
    return `温度必须是大于 0 的数（现在是 ${temperature}）。温度越接近 0 越接近“总选最可能的字”；想要完全确定的输出，请把 top-k 设为 1。`;
  if (topK !== undefined && topK !== Infinity && (!Number.isInteger(topK) || topK < 1))
    return `top-k 必须是不小于 1 的整数（现在是 ${topK}）：k = 0 一个字也不留，无从抽样；不想限制请留空。`;
  if (topP !== undefined && (!Number.isFinite(topP) || topP <= 0 || topP > 1))
    return `top-p 必须在 (0, 1] 之间（现在是 ${topP}）：它是保留下来的字的概率之和，1 表示不截断。`;
  return null;
}

/** The distribution actually sampled from: temperature, then top-k, then top-p, renormalised. */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions): Float64Array {
  const problem = checkSampling(options);
  if (problem) throw new RangeError(problem);
  const { temperature, topK = Infinity, topP = 1 } = options;
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] / temperature);
  const p = Float64Array.from(logits, (l) => Math.exp(l / temperature - max));
  normalise(p);
  const order = [...p.keys()].sort((a, b) => p[b] - p[a] || a - b);
  const keep = new Uint8Array(p.length);
  let mass = 0;
  for (let rank = 0; rank < order.length && rank < topK; rank++) {
    keep[order[rank]] = 1;
    mass += p[order[rank]];
    if (mass >= topP) break;
  }
  for (let i = 0; i < p.length; i++) if (!keep[i]) p[i] = 0;
  return normalise(p);
}

/** Draws an index from a distribution that sums to 1. */
export function drawFrom(p: ArrayLike<number>, random: () => number): number {
  let r = random();
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    last = i;
    if ((r -= p[i]) < 0) return i;
  }
  return last; // rounding left a sliver of r: the last character with any probability
}

function normalise(p: Float64Array): Float64Array {
  const sum = p.reduce((a, b) => a + b, 0);
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}
