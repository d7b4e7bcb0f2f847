// Pruning (5.3.1). Unstructured: zero the weights of smallest magnitude, either the same
// fraction in every layer or one threshold over all layers together (global), which takes
// more from layers with many small weights. Structured: remove whole output channels of
// the convolutions (and units of the hidden dense layer) with the smallest L1 norm, which
// gives a smaller dense network; zeros inside a dense tensor do not make it any faster.
import { checkSparsity, CompressSettingError } from "./errors.js";
import { copyCnnWeights, weightList, type CnnWeights, type Weight } from "./cnn-weights.js";

export type PruneScope = "global" | "per-layer";

/** A 0/1 mask per weightList entry (biases are not pruned: null), with exactly
 * round(sparsity · n) zeros among the n kernel weights (per layer, or over all of them). */
export function magnitudeMasks(w: CnnWeights, sparsity: number, scope: PruneScope): (Float32Array | null)[] {
  checkSparsity(sparsity);
  const entries = weightList(w);
  const kernels = entries.map((e, i) => (e.role === "bias" ? -1 : i)).filter((i) => i >= 0);
  const masks: (Float32Array | null)[] = entries.map((e) => (e.role === "bias" ? null : new Float32Array(e.weight.values.length).fill(1)));
  const groups = scope === "global" ? [kernels] : kernels.map((i) => [i]);
  for (const group of groups) {
    // The cut-th smallest |w| over the group is the threshold: everything below it goes,
    // and of the weights equal to it, as many as are needed (first in order) to make the
    // count exact. A typed-array sort keeps this fast for the 225k weights of the book's CNN.
    const magnitudes = Float32Array.from(group.flatMap((layer) => Array.from(entries[layer].weight.values, Math.abs)));
    const cut = Math.round(sparsity * magnitudes.length);
    if (cut === 0) continue;
    magnitudes.sort();
    const threshold = magnitudes[cut - 1];
    let below = 0;
    for (let k = 0; k < cut; k++) if (magnitudes[k] < threshold) below++;
    let ties = cut - below;
    for (const layer of group) {
      const values = entries[layer].weight.values;
      const mask = masks[layer]!;
      for (let j = 0; j < values.length; j++) {
        const size = Math.fround(Math.abs(values[j]));
        if (size < threshold) mask[j] = 0;
        else if (size === threshold && ties > 0) {
          mask[j] = 0;
          ties--;
        }
      }
    }
  }
  return masks;
}

/** A copy of w with the masks applied. */
export function applyMasks(w: CnnWeights, masks: (Float32Array | null)[]): CnnWeights {
  const copy = copyCnnWeights(w);
  weightList(copy).forEach(({ weight }, i) => {
    const m = masks[i];
    if (m) for (let j = 0; j < m.length; j++) weight.values[j] *= m[j];
  });
  return copy;
}

/** Fraction of zeros among the kernel weights of each layer, and over all of them. */
export function sparsityByLayer(w: CnnWeights): { layer: string; zeros: number; total: number }[] {
  return weightList(w)
    .filter((e) => e.role !== "bias")
    .map(({ layer, weight }) => ({ layer, zeros: weight.values.reduce((n, v) => n + (v === 0 ? 1 : 0), 0), total: weight.values.length }));
}

/** Indices of the `keep` channels (last axis) with the largest L1 norm, in order. */
export function strongestChannels(kernel: Weight, keep: number): number[] {
  const channels = kernel.shape[kernel.shape.length - 1];
  const norms = new Float64Array(channels);
  kernel.values.forEach((v, i) => (norms[i % channels] += Math.abs(v)));
  return Array.from(norms.keys())
    .sort((a, b) => norms[b] - norms[a] || a - b)
    .slice(0, keep)
    .sort((a, b) => a - b);
}

/** Keep only the listed indices along one axis of a weight. */
export function selectAlong(w: Weight, axis: number, keep: number[]): Weight {
  const shape = w.shape.slice();
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const size = shape[axis];
  shape[axis] = keep.length;
  const values = new Float32Array(outer * keep.length * inner);
  let at = 0;
  for (let o = 0; o < outer; o++) for (const k of keep) for (let i = 0; i < inner; i++) values[at++] = w.values[(o * size + k) * inner + i];
  return { values, shape };
}

/** A smaller network: `fraction` of the channels of conv1 and conv2 and of dense1's units
 * removed (smallest L1 norm first), with the next layer's matching inputs removed too.
 * dense1's input is the flattened 5×5×c2 map (channels last), so removing conv2 channel k
 * removes the 25 rows (r·5 + c)·c2 + k of its kernel. */
export function pruneChannels(w: CnnWeights, fraction: number): CnnWeights {
  checkSparsity(fraction);
  if (w.dense1.factors) throw new CompressSettingError("通道剪枝需要完整的全连接层，请先不要对它做低秩分解。");
  const keepOf = (n: number) => Math.max(1, Math.round(n * (1 - fraction)));
  const c1 = w.conv1.kernel.shape[3];
  const c2 = w.conv2.kernel.shape[3];
  const d = w.dense1.kernel.shape[1];
  const k1 = strongestChannels(w.conv1.kernel, keepOf(c1));
  const k2 = strongestChannels(w.conv2.kernel, keepOf(c2));
  const kd = strongestChannels(w.dense1.kernel, keepOf(d));
  const spatial = w.dense1.kernel.shape[0] / c2;
  const rows = Array.from({ length: spatial }, (_, p) => k2.map((k) => p * c2 + k)).flat();
  const conv2Kernel = selectAlong(selectAlong(w.conv2.kernel, 3, k2), 2, k1);
  return {
    conv1: { kernel: selectAlong(w.conv1.kernel, 3, k1), bias: selectAlong(w.conv1.bias, 0, k1) },
    conv2: { kernel: conv2Kernel, bias: selectAlong(w.conv2.bias, 0, k2) },
    dense1: { kernel: selectAlong(selectAlong(w.dense1.kernel, 1, kd), 0, rows), bias: selectAlong(w.dense1.bias, 0, kd) },
    output: { kernel: selectAlong(w.output.kernel, 0, kd), bias: { values: w.output.bias.values.slice(), shape: w.output.bias.shape.slice() } }
  };
}
