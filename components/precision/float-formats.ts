// 5.2: the 16-bit floating-point formats, bit by bit. A binary float is ±(1.m)·2^e with a
// fixed number of exponent and mantissa bits; below the smallest exponent the leading 1 is
// dropped (subnormals) and the spacing stays 2^(emin − mantissa). encodeFloat() rounds any
// JavaScript number to the nearest value of the format — ties to the even mantissa, too large
// to ±Infinity — and returns its bit pattern; decodeFloat() reads a pattern back. Rounding
// works on the exact binary64 significand (BigInt), so there is no double rounding.

export interface FloatFormat {
  name: string;
  exponentBits: number;
  mantissaBits: number;
}

export const FP16: FloatFormat = { name: "FP16", exponentBits: 5, mantissaBits: 10 };
export const BF16: FloatFormat = { name: "BF16", exponentBits: 8, mantissaBits: 7 };
export const FP32: FloatFormat = { name: "FP32", exponentBits: 8, mantissaBits: 23 };

export const bias = (f: FloatFormat) => 2 ** (f.exponentBits - 1) - 1;
/** Exponent of the smallest normal number (−14 for FP16, −126 for BF16 and FP32). */
export const minExponent = (f: FloatFormat) => 1 - bias(f);
export const maxFinite = (f: FloatFormat) => (2 - 2 ** -f.mantissaBits) * 2 ** bias(f);
export const smallestNormal = (f: FloatFormat) => 2 ** minExponent(f);
export const smallestSubnormal = (f: FloatFormat) => 2 ** (minExponent(f) - f.mantissaBits);

/** The bit pattern (sign, exponent, mantissa) of x rounded to the format, round-to-nearest-even. */
export function encodeFloat(x: number, f: FloatFormat): number {
  const signBit = x < 0 || Object.is(x, -0) ? 1 : 0;
  const sign = signBit << (f.exponentBits + f.mantissaBits);
  const infinity = sign | (((1 << f.exponentBits) - 1) << f.mantissaBits);
  if (Number.isNaN(x)) return infinity | (1 << (f.mantissaBits - 1)); // a quiet NaN
  if (!Number.isFinite(x)) return infinity;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  if (biased === 0) return sign; // zero, or a binary64 subnormal (< 2^-1022): far below any 16-bit format
  // x = significand · 2^(e − 52), significand an integer with its leading 1 at bit 52.
  const significand = (1n << 52n) | (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const e = biased - 1023;
  // Keep the bits down to the format's spacing at this exponent: 2^(max(e, emin) − mantissa).
  const shift = BigInt(52 - f.mantissaBits + Math.max(minExponent(f) - e, 0));
  let kept = shift > 60n ? 0n : significand >> shift;
  const rest = shift > 60n ? significand : significand - (kept << shift);
  const half = shift > 60n ? 1n << 60n : 1n << (shift - 1n);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  if (e < minExponent(f)) return sign | Number(kept); // subnormal (or, rounded up, the smallest normal)
  let exponent = e;
  if (kept === 1n << BigInt(f.mantissaBits + 1)) {
    kept >>= 1n;
    exponent += 1;
  }
  if (exponent > bias(f)) return infinity;
  return sign | ((exponent + bias(f)) << f.mantissaBits) | Number(kept - (1n << BigInt(f.mantissaBits)));
}

/** The number a bit pattern of the format stands for. */
export function decodeFloat(bits: number, f: FloatFormat): number {
  const mantissa = bits & ((1 << f.mantissaBits) - 1);
  const field = (bits >>> f.mantissaBits) & ((1 << f.exponentBits) - 1);
  const sign = bits >>> (f.exponentBits + f.mantissaBits) ? -1 : 1;
  if (field === (1 << f.exponentBits) - 1) return mantissa ? NaN : sign * Infinity;
  if (field === 0) return sign * mantissa * smallestSubnormal(f);
  return sign * (1 + mantissa / 2 ** f.mantissaBits) * 2 ** (field - bias(f));
}

/** x rounded to FP16: the same as Math.f16round (where the engine has it). */
export const f16round = (x: number) => decodeFloat(encodeFloat(x, FP16), FP16);

/** x as a float32 (what a tensor holds), then rounded to BF16. */
export const bf16round = (x: number) => decodeFloat(encodeFloat(Math.fround(x), BF16), BF16);

/** The engine's own Math.f16round where it exists (recent browsers), else the bit-level one. */
export function platformF16round(): { round: (x: number) => number; native: boolean } {
  const native = (Math as unknown as { f16round?: (x: number) => number }).f16round;
  return native ? { round: native, native: true } : { round: f16round, native: false };
}

/** Sign, exponent and mantissa of a pattern as strings of 0 and 1, for showing. */
export function bitFields(bits: number, f: FloatFormat): { sign: string; exponent: string; mantissa: string } {
  const all = bits.toString(2).padStart(1 + f.exponentBits + f.mantissaBits, "0");
  return { sign: all[0], exponent: all.slice(1, 1 + f.exponentBits), mantissa: all.slice(1 + f.exponentBits) };
}
