// Quantised activations (5.3 节): weights are fixed before deployment, activations are not, so
// their range must be estimated from a few hundred calibration digits. After ReLU every
// activation is ≥ 0: the grid is 0, s, 2s, …, (2^b − 1)s with s = clip / (2^b − 1), and what
// matters is `clip`. min/max takes the largest activation seen; a percentile (99.9%, 99.99%)
// lets the rare large values saturate so that the common small ones get a finer grid.
import * as tf from "@book/tf";
import { breathe } from "./breathe.js";
import { ACTIVATION_POINTS, cnnLogits, toTensors, type CnnWeights } from "./cnn-weights.js";
import { checkBits, CompressSettingError } from "./errors.js";
import { testAccuracy, type ActivationHook } from "./evaluate.js";

/** "max" (min/max calibration: the minimum after ReLU is 0) or a percentile in (0, 100). */
export type Calibration = "max" | number;

export function calibrationName(c: Calibration): string {
  return c === "max" ? "最小/最大值" : `${c}% 分位数`;
}

function checkCalibration(c: Calibration): void {
  if (c !== "max" && !(Number.isFinite(c) && c > 0 && c < 100)) throw new CompressSettingError(`分位数必须在 0 到 100 之间（不含两端），现在是 ${c}。`);
}

/** The value below which `percent`% of `sorted` (ascending) lies (nearest rank). */
export function percentile(sorted: Float32Array, percent: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((percent / 100) * sorted.length - 1e-9) - 1 /* 99.9% of 1000 is 999.0000000000001 in floating point */))];
}

/** Every activation at each point on the calibration digits, sorted ascending. */
export async function collectActivations(w: CnnWeights, x: tf.Tensor4D): Promise<Float32Array[]> {
  const params = toTensors(w);
  try {
    const seen: tf.Tensor[] = [];
    const logits = cnnLogits(w, params.list, x, undefined, (t) => {
      seen.push(tf.keep(t.clone()));
      return t;
    });
    logits.dispose();
    const sorted: Float32Array[] = [];
    for (const t of seen) {
      sorted.push((await t.data() as Float32Array).slice().sort());
      await breathe();
    }
    tf.dispose(seen);
    return sorted;
  } finally {
    params.dispose();
  }
}

/** The clipping value of each activation point under one calibration. */
export function clipRanges(sorted: Float32Array[], calibration: Calibration): number[] {
  checkCalibration(calibration);
  return sorted.map((values) => (calibration === "max" ? values[values.length - 1] ?? 0 : percentile(values, calibration)));
}

/** A hook that rounds each activation to `bits` bits on [0, clip] (values above clip saturate). */
export function quantizeActivations(clips: number[], bits: number): ActivationHook {
  checkBits(bits);
  if (clips.length !== ACTIVATION_POINTS.length || clips.some((c) => !(c >= 0))) throw new CompressSettingError("每个激活位置都需要一个非负的截断值。");
  const levels = 2 ** bits - 1;
  return (t, point) => {
    const clip = clips[point];
    if (clip === 0) return tf.zerosLike(t);
    const scale = clip / levels;
    return t.clipByValue(0, clip).div(scale).round().mul(scale);
  };
}

export interface CalibrationRow {
  calibration: Calibration;
  bits: number;
  clips: number[];
  accuracy: number;
}

/** Test accuracy for each (calibration, bits) with float weights, so only activations change. */
export async function activationSweep(w: CnnWeights, calibrationDigits: tf.Tensor4D, test: { x: tf.Tensor4D; labels: ArrayLike<number> }, calibrations: Calibration[], bits: number[]): Promise<CalibrationRow[]> {
  calibrations.forEach(checkCalibration);
  bits.forEach(checkBits);
  const sorted = await collectActivations(w, calibrationDigits);
  const rows: CalibrationRow[] = [];
  for (const calibration of calibrations) {
    const clips = clipRanges(sorted, calibration);
    for (const b of bits) rows.push({ calibration, bits: b, clips, accuracy: await testAccuracy(w, test.x, test.labels, quantizeActivations(clips, b)) });
  }
  return rows;
}
