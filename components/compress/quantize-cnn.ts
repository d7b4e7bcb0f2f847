// Quantising the whole CNN (5.3.1): every kernel goes through quantize → dequantize (what a
// quantised model computes with), biases stay float32 as in common int8 deployments (they
// are 0.1% of the weights); and the bytes such a model takes to store.
import { copyCnnWeights, weightList, type CnnWeights } from "./cnn-weights.js";
import { quantizedBytes, roundTrip, type QuantSpec } from "./quantize.js";

const channelsOf = (shape: number[]) => shape[shape.length - 1];

/** A copy of w with every kernel (and low-rank factor) quantised and read back. */
export function quantizeCnn(w: CnnWeights, spec: QuantSpec): CnnWeights {
  const copy = copyCnnWeights(w);
  for (const { role, weight } of weightList(copy)) if (role !== "bias") weight.values = roundTrip(weight.values, channelsOf(weight.shape), spec);
  return copy;
}

export interface StorageOptions {
  /** Kernels stored at these bits. */
  quant?: QuantSpec;
  /** Kernels stored sparse: non-zero values plus one bit per position saying which. */
  sparse?: boolean;
}

/** Bytes to store the weights: float32 unless told otherwise; biases always float32. */
export function storageBytes(w: CnnWeights, { quant, sparse = false }: StorageOptions = {}): number {
  let bytes = 0;
  for (const { role, weight } of weightList(w)) {
    const n = weight.values.length;
    if (role === "bias") bytes += 4 * n;
    else if (quant) bytes += quantizedBytes(n, channelsOf(weight.shape), quant);
    else if (sparse) bytes += 4 * weight.values.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0) + Math.ceil(n / 8);
    else bytes += 4 * n;
  }
  return bytes;
}
