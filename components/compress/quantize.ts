// Uniform quantisation of a weight tensor (5.3.1): the float values are mapped to b-bit
// integers q with a scale s (and, asymmetric, a zero point z) and read back as x̂ = s(q − z).
// Per-tensor uses one (s, z) for the whole tensor; per-channel one per output channel, which
// is the last axis of tfjs kernels ([kh, kw, in, out] and [in, out]), so element i belongs
// to channel i mod channels.
//   symmetric:  q ∈ [−(2^{b−1}−1), 2^{b−1}−1], s = max|x| / (2^{b−1}−1), z = 0
//   asymmetric: q ∈ [0, 2^b − 1], s = (max − min) / (2^b − 1), z = round(−min / s)
// The asymmetric range is widened to contain 0, so a zero weight (a pruned one, ReLU's
// zero) comes back exactly 0; inside the range the error is at most s/2.
import { checkBits, CompressSettingError } from "./errors.js";

export type Scheme = "symmetric" | "asymmetric";
export type Granularity = "per-tensor" | "per-channel";

export interface QuantSpec {
  bits: number;
  scheme: Scheme;
  granularity: Granularity;
}

export interface Quantized {
  spec: QuantSpec;
  /** The integers, one per value. */
  q: Int32Array;
  /** One scale and zero point per channel (one in all for per-tensor). */
  scales: Float64Array; // float64 while computing; stored as float32 (quantizedBytes)
  zeroPoints: Int32Array;
  channels: number;
}

/** The integer range [lo, hi] of a scheme at b bits. */
export function integerRange({ bits, scheme }: Pick<QuantSpec, "bits" | "scheme">): [number, number] {
  checkBits(bits);
  if (scheme === "asymmetric") return [0, 2 ** bits - 1];
  if (bits < 2) throw new CompressSettingError("对称量化至少需要 2 位（1 位时只剩下 0 一个整数），请改用非对称量化或增加位数。");
  const hi = 2 ** (bits - 1) - 1;
  return [-hi, hi];
}

/** Scale and zero point for values in [min, max]. */
export function quantParams(min: number, max: number, spec: Pick<QuantSpec, "bits" | "scheme">): { scale: number; zeroPoint: number } {
  const [lo, hi] = integerRange(spec);
  if (spec.scheme === "symmetric") {
    const m = Math.max(Math.abs(min), Math.abs(max));
    return { scale: m > 0 ? m / hi : 1, zeroPoint: 0 };
  }
  const [a, b] = [Math.min(min, 0), Math.max(max, 0)];
  if (b === a) return { scale: 1, zeroPoint: 0 };
  const scale = (b - a) / (hi - lo);
  return { scale, zeroPoint: Math.min(hi, Math.max(lo, Math.round(-a / scale))) };
}

export function quantize(values: ArrayLike<number>, channels: number, spec: QuantSpec): Quantized {
  const [lo, hi] = integerRange(spec);
  const groups = spec.granularity === "per-channel" ? channels : 1;
  if (!Number.isInteger(groups) || groups < 1 || values.length % groups !== 0) throw new CompressSettingError(`通道数 ${channels} 与权重个数 ${values.length} 不相符。`);
  const mins = new Float64Array(groups).fill(Infinity);
  const maxs = new Float64Array(groups).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const g = i % groups;
    if (values[i] < mins[g]) mins[g] = values[i];
    if (values[i] > maxs[g]) maxs[g] = values[i];
  }
  const scales = new Float64Array(groups);
  const zeroPoints = new Int32Array(groups);
  for (let g = 0; g < groups; g++) {
    const { scale, zeroPoint } = quantParams(mins[g], maxs[g], spec);
    scales[g] = scale;
    zeroPoints[g] = zeroPoint;
  }
  const q = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const g = i % groups;
    q[i] = Math.min(hi, Math.max(lo, Math.round(values[i] / scales[g]) + zeroPoints[g]));
  }
  return { spec, q, scales, zeroPoints, channels: groups };
}

export function dequantize({ q, scales, zeroPoints, channels }: Quantized): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const g = i % channels;
    out[i] = scales[g] * (q[i] - zeroPoints[g]);
  }
  return out;
}

/** Quantise and read back: the values a quantised model computes with. */
export function roundTrip(values: ArrayLike<number>, channels: number, spec: QuantSpec): Float32Array {
  return dequantize(quantize(values, channels, spec));
}

/** Bytes to store `count` weights at b bits, packed, plus a float32 scale per channel and,
 * asymmetric, a zero point per channel in as many whole bytes as b bits need. */
export function quantizedBytes(count: number, channels: number, spec: QuantSpec): number {
  const groups = spec.granularity === "per-channel" ? channels : 1;
  const zeroPointBytes = spec.scheme === "asymmetric" ? Math.ceil(spec.bits / 8) : 0;
  return Math.ceil((count * spec.bits) / 8) + groups * (4 + zeroPointBytes);
}

/** The grid of values a quantised tensor can take (for drawing over a histogram). */
export function gridValues(scale: number, zeroPoint: number, spec: Pick<QuantSpec, "bits" | "scheme">): number[] {
  const [lo, hi] = integerRange(spec);
  return Array.from({ length: hi - lo + 1 }, (_, k) => scale * (lo + k - zeroPoint));
}
