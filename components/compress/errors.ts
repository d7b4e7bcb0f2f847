// Bad settings for the compression cells of 5.3 (bits, sparsity, rank, temperature): one
// error type whose message is the Chinese sentence the page shows beside the input, thrown
// before any work starts, so nothing runs on a setting that makes no sense.
export class CompressSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompressSettingError";
  }
}

/** Bits per weight: an integer from 1 to 16. */
export function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > 16) throw new CompressSettingError(`位数必须是 1 到 16 之间的整数，收到的是 ${bits}。`);
}

/** Fraction of weights to remove: 0 ≤ s < 1 (removing all of them leaves no model). */
export function checkSparsity(sparsity: number): void {
  if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity >= 1) throw new CompressSettingError(`稀疏度必须在 0% 与 100% 之间（可以取 0%，不能取 100%），收到的是 ${(sparsity * 100).toFixed(1)}%。`);
}

/** Rank of a factorisation of an m×n matrix: an integer from 1 to min(m, n). */
export function checkRank(rank: number, m: number, n: number): void {
  const most = Math.min(m, n);
  if (!Number.isInteger(rank) || rank < 1 || rank > most) throw new CompressSettingError(`秩必须是 1 到 ${most}（= min(${m}, ${n})）之间的整数，收到的是 ${rank}。`);
}

/** Distillation temperature: a positive number. */
export function checkTemperature(t: number): void {
  if (!Number.isFinite(t) || t <= 0) throw new CompressSettingError(`温度 T 必须大于 0，收到的是 ${t}。`);
}
