// Translation equivariance of convolution and the approximate invariance that pooling adds
// (3.2 节): shift a digit, run the book's CNN on both, and measure how each layer's maps move.
//   conv(shift_s x) = shift_s conv(x) exactly (where both are defined); after layers with a
//   total stride j the maps move by s/j cells, exactly only when j divides s.
import * as tf from "@book/tf";

export type Grid = number[][];

/** The image moved dx pixels right and dy down (negative: left, up), zeros where nothing moved in. */
export function shiftGrid(grid: Grid, dx: number, dy: number): Grid {
  const h = grid.length, w = grid[0].length;
  return Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => {
    const r0 = r - dy, c0 = c - dx;
    return r0 >= 0 && r0 < h && c0 >= 0 && c0 < w ? grid[r0][c0] : 0;
  }));
}

/** The same shift on a batch [n, h, w, c], as tfjs ops (pad on one side, crop the other). */
export function shiftBatch(x: tf.Tensor4D, dx: number, dy: number): tf.Tensor4D {
  return tf.tidy((): tf.Tensor4D => {
    const [, h, w] = x.shape;
    const padded = x.pad([[0, 0], [Math.max(dy, 0), Math.max(-dy, 0)], [Math.max(dx, 0), Math.max(-dx, 0)], [0, 0]]);
    return padded.slice([0, Math.max(-dy, 0), Math.max(-dx, 0), 0], [-1, h, w, -1]) as tf.Tensor4D;
  });
}

/** One layer's activations for one image, channels last: values[(r·w + c)·channels + k]. */
export interface Maps {
  h: number;
  w: number;
  channels: number;
  values: Float32Array;
}

/** Each named layer's output for every image of `images` ([n, 28, 28, 1]), read back per image. */
export async function layerOutputs(model: tf.LayersModel, images: tf.Tensor4D, names: readonly string[]): Promise<Record<string, Maps[]>> {
  const probe = tf.model({ inputs: model.inputs, outputs: names.map((name) => model.getLayer(name).output as tf.SymbolicTensor) });
  const outputs = tf.tidy(() => {
    const result = probe.predict(images);
    return (Array.isArray(result) ? result : [result]) as tf.Tensor[];
  });
  const result: Record<string, Maps[]> = {};
  for (const [i, output] of outputs.entries()) {
    const [n, h, w, channels] = (output.shape.length === 4 ? output.shape : [output.shape[0], 1, 1, output.shape[1]]) as number[]; // dense outputs as 1×1 maps
    const all = (await output.data()) as Float32Array;
    const size = h * w * channels;
    result[names[i]] = Array.from({ length: n }, (_, k) => ({ h, w, channels, values: all.slice(k * size, (k + 1) * size) }));
  }
  tf.dispose(outputs);
  return result;
}

/** ‖b − a‖₂ / ‖a‖₂: how much a layer's output changed, compared cell by cell (no re-alignment). */
export function relativeChange(a: Float32Array, b: Float32Array): number {
  let diff = 0, norm = 0;
  for (let i = 0; i < a.length; ++i) {
    diff += (b[i] - a[i]) ** 2;
    norm += a[i] ** 2;
  }
  return Math.sqrt(diff / Math.max(norm, 1e-30));
}

/** max |shifted[r][c] − original[r − sy][c − sx]| / max |original| over the cells both have:
 * zero (up to rounding) when the layer is equivariant for a shift of (sx, sy) cells. */
export function equivarianceError(original: Maps, shifted: Maps, sx: number, sy: number): number {
  const { h, w, channels } = original;
  let worst = 0, scale = 0;
  for (const v of original.values) scale = Math.max(scale, Math.abs(v));
  for (let r = Math.max(0, sy); r < Math.min(h, h + sy); ++r) {
    for (let c = Math.max(0, sx); c < Math.min(w, w + sx); ++c) {
      for (let k = 0; k < channels; ++k) {
        const a = original.values[((r - sy) * w + (c - sx)) * channels + k];
        worst = Math.max(worst, Math.abs(shifted.values[(r * w + c) * channels + k] - a));
      }
    }
  }
  return worst / Math.max(scale, 1e-30);
}

/** One channel of `maps` as a grid, for drawing. */
export function channelGrid(maps: Maps, channel: number): Grid {
  return Array.from({ length: maps.h }, (_, r) => Array.from({ length: maps.w }, (_, c) => maps.values[(r * maps.w + c) * maps.channels + channel]));
}

/** The channel with the largest activation anywhere: the one worth drawing. */
export function strongestChannel(maps: Maps): number {
  let best = 0, value = -Infinity;
  maps.values.forEach((v, i) => {
    if (v > value) [value, best] = [v, i % maps.channels];
  });
  return best;
}

export interface LayerShiftRow {
  name: string;
  jump: number;
  /** ‖f(Tx) − f(x)‖ / ‖f(x)‖ without re-alignment. */
  change: number;
  /** equivarianceError after moving f(x) by (dx/j, dy/j) cells; null when j does not divide the shift. */
  aligned: number | null;
}

/** For one digit and one shift: each layer's change and, where the shift is a multiple of the
 * layer's total stride `jump`, its equivariance error. `layers` pairs names with jumps (receptive-field.ts). */
export async function shiftReport(model: tf.LayersModel, digit: Grid, dx: number, dy: number, layers: readonly { name: string; jump: number }[]): Promise<{ rows: LayerShiftRow[]; maps: Record<string, Maps[]>; probabilities: [Float32Array, Float32Array] }> {
  const outputName = model.layers.at(-1)!.name;
  const names = [...layers.map((l) => l.name), outputName];
  const pair = tf.tensor4d([...digit.flat(), ...shiftGrid(digit, dx, dy).flat()], [2, digit.length, digit[0].length, 1]);
  const maps = await layerOutputs(model, pair, names);
  pair.dispose();
  const rows = layers.map(({ name, jump }) => {
    const [a, b] = maps[name];
    const divides = dx % jump === 0 && dy % jump === 0;
    return { name, jump, change: relativeChange(a.values, b.values), aligned: divides ? equivarianceError(a, b, dx / jump, dy / jump) : null };
  });
  return { rows, maps, probabilities: [maps[outputName][0].values, maps[outputName][1].values] };
}

export interface SweepRow {
  shift: number;
  accuracy: number;
  /** Mean over the digits of relativeChange, per layer name. */
  change: Record<string, number>;
}

/** Accuracy and each layer's mean relative change when every digit of `x` is moved `shift` pixels
 * right, for each shift. Batch by batch (the first layer's maps of a whole test set would not
 * fit), each batch's unshifted outputs computed once and compared with every shift. */
export async function shiftSweep(model: tf.LayersModel, x: tf.Tensor4D, labels: ArrayLike<number>, shifts: readonly number[], names: readonly string[], { batchSize = 250, onBatch }: { batchSize?: number; onBatch?: (done: number, total: number) => void | Promise<void> } = {}): Promise<SweepRow[]> {
  const probe = tf.model({ inputs: model.inputs, outputs: [...names, model.layers.at(-1)!.name].map((name) => model.getLayer(name).output as tf.SymbolicTensor) });
  const n = x.shape[0];
  const correct = shifts.map(() => 0);
  const sums = shifts.map(() => names.map(() => 0));
  const labelTensor = tf.tensor1d(Array.from(labels), "int32");
  try {
    for (let offset = 0; offset < n; offset += batchSize) {
      const size = Math.min(batchSize, n - offset);
      const [hits, changes] = tf.tidy(() => {
        const batch = x.slice([offset, 0, 0, 0], [size, -1, -1, -1]);
        const batchLabels = labelTensor.slice(offset, size);
        const before = probe.predict(batch) as tf.Tensor[];
        const norms = names.map((_, i) => before[i].square().sum(before[i].shape.slice(1).map((_, a) => a + 1)).sqrt().maximum(1e-30));
        const perShift = shifts.map((shift) => {
          const after = probe.predict(shiftBatch(batch, shift, 0)) as tf.Tensor[];
          const change = names.map((_, i) => after[i].sub(before[i]).square().sum(before[i].shape.slice(1).map((_, a) => a + 1)).sqrt().div(norms[i]).sum());
          return [after.at(-1)!.argMax(1).equal(batchLabels).sum(), tf.stack(change)];
        });
        return [tf.stack(perShift.map(([h]) => h)), tf.stack(perShift.map(([, c]) => c))];
      });
      const [h, c] = [await hits.data(), await changes.data()];
      tf.dispose([hits, changes]);
      shifts.forEach((_, s) => {
        correct[s] += h[s];
        names.forEach((_, i) => (sums[s][i] += c[s * names.length + i]));
      });
      await onBatch?.(offset + size, n);
      await tf.nextFrame();
    }
  } finally {
    labelTensor.dispose();
  }
  return shifts.map((shift, s) => ({ shift, accuracy: correct[s] / n, change: Object.fromEntries(names.map((name, i) => [name, sums[s][i] / n])) }));
}
