// Gradient attributions for one image and one class (第6章 6.3 节): vanilla gradient
// saliency (Simonyan et al. 2014), SmoothGrad (Smilkov et al. 2017) and Integrated Gradients
// (Sundararajan et al. 2017) with its completeness check. `logits` maps images
// [n, 28, 28, 1] to scores [n, classes]; the class score is the logit z_c, not softmax.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";

export type Logits = (x: tf.Tensor4D) => tf.Tensor2D;

/** ∂z_c/∂x for every image of a batch (the images do not interact, so the gradient of the
 * sum of their scores is each image's own gradient). */
export function inputGradients(logits: Logits, x: tf.Tensor4D, target: number): tf.Tensor4D {
  return tf.tidy(() => tf.grad((input: tf.Tensor) => logits(input as tf.Tensor4D).slice([0, target], [-1, 1]).sum())(x) as tf.Tensor4D);
}

/** |∂z_c/∂x|: which pixels would change the score fastest. */
export function vanillaSaliency(logits: Logits, x: tf.Tensor4D, target: number): tf.Tensor4D {
  return tf.tidy(() => inputGradients(logits, x, target).abs() as tf.Tensor4D);
}

/** The mean gradient over `samples` noisy copies x + N(0, (noise·range)²), seeded; |mean| as in the paper's figures. */
export function smoothGrad(logits: Logits, x: tf.Tensor4D, target: number, { samples = 32, noise = 0.15, seed = 1 } = {}): tf.Tensor4D {
  if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError("SmoothGrad 的样本数必须是正整数。");
  if (!(noise >= 0)) throw new RangeError("SmoothGrad 的噪声强度不能为负。");
  return tf.tidy(() => {
    const range = x.max().sub(x.min());
    const noisy = x.tile([samples, 1, 1, 1]).add(tf.randomNormal([samples, ...x.shape.slice(1)], 0, 1, "float32", seed).mul(range.mul(noise))) as tf.Tensor4D;
    return inputGradients(logits, noisy, target).mean(0, true).abs() as tf.Tensor4D;
  });
}

export type BaselineKind = "black" | "blurred" | "noise";
export const BASELINE_NAMES: Record<BaselineKind, string> = { black: "全黑图像", blurred: "模糊后的输入", noise: "均匀噪声" };

/** The reference image IG integrates from: all zeros (an empty page), the input blurred by a
 * 5×5 box filter applied twice (its shape without its strokes' detail), or seeded U(0, 1) noise. */
export function baselineImage(kind: BaselineKind, x: tf.Tensor4D, seed = 1): tf.Tensor4D {
  return tf.tidy(() => {
    if (kind === "black") return tf.zerosLike(x);
    if (kind === "noise") {
      const random = seededRandom(seed);
      return tf.tensor4d(Float32Array.from({ length: x.size }, () => random()), x.shape);
    }
    const box = tf.fill([5, 5, 1, 1], 1 / 25) as tf.Tensor4D;
    return tf.conv2d(tf.conv2d(x, box, 1, "same"), box, 1, "same") as tf.Tensor4D;
  });
}

export interface IntegratedGradients {
  /** (x − x′) ⊙ the averaged gradient, [1, 28, 28, 1]. */
  attributions: tf.Tensor4D;
  /** Σ attributions, z_c(x) − z_c(x′), and |Σ − Δ| / |Δ|. */
  sum: number;
  delta: number;
  relativeError: number;
}

/** IG with the trapezoidal rule over `steps` intervals of the straight path x′ → x, the gradients
 * computed in batches of `chunk` points. Completeness says Σ attributions = z_c(x) − z_c(x′). */
export async function integratedGradients(logits: Logits, x: tf.Tensor4D, baseline: tf.Tensor4D, target: number, { steps = 64, chunk = 64 } = {}): Promise<IntegratedGradients> {
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError("积分步数必须是正整数（至少 1 步）。");
  const difference = tf.sub(x, baseline) as tf.Tensor4D;
  let total = tf.zerosLike(x) as tf.Tensor4D;
  for (let start = 0; start <= steps; start += chunk) {
    const count = Math.min(chunk, steps + 1 - start);
    const next = tf.tidy(() => {
      const k = tf.range(start, start + count, 1, "float32");
      const alphas = k.div(steps).reshape([count, 1, 1, 1]);
      const weights = tf.where(k.equal(0).logicalOr(k.equal(steps)), tf.fill([count], 0.5), tf.fill([count], 1)).reshape([count, 1, 1, 1]);
      const points = baseline.add(alphas.mul(difference)) as tf.Tensor4D;
      return total.add(inputGradients(logits, points, target).mul(weights).sum(0, true)) as tf.Tensor4D;
    });
    total.dispose();
    total = next;
  }
  const attributions = tf.tidy(() => total.div(steps).mul(difference) as tf.Tensor4D);
  const sumTensor = attributions.sum();
  const [[sum], delta] = await Promise.all([sumTensor.data(), logitDifference(logits, x, baseline, target)]);
  tf.dispose([difference, total, sumTensor]);
  return { attributions, sum, delta, relativeError: Math.abs(sum - delta) / Math.max(Math.abs(delta), 1e-12) };
}

async function logitDifference(logits: Logits, x: tf.Tensor4D, baseline: tf.Tensor4D, target: number): Promise<number> {
  const scores = tf.tidy(() => logits(tf.concat([x, baseline])).slice([0, target], [2, 1]));
  const [zx, zb] = await scores.data();
  scores.dispose();
  return zx - zb;
}

export interface CompletenessRow {
  kind: BaselineKind;
  steps: number;
  sum: number;
  delta: number;
  relativeError: number;
}

/** IG's completeness check for each baseline and step count. The loop lives here, not in the
 * page's cell, so the notebook's loop guard does not take a long sweep for a hung cell. */
export async function completenessSweep(logits: Logits, x: tf.Tensor4D, target: number, kinds: BaselineKind[], stepCounts: number[]): Promise<CompletenessRow[]> {
  const rows: CompletenessRow[] = [];
  for (const kind of kinds) {
    const base = baselineImage(kind, x);
    for (const steps of stepCounts) {
      const result = await integratedGradients(logits, x, base, target, { steps });
      result.attributions.dispose();
      rows.push({ kind, steps, sum: result.sum, delta: result.delta, relativeError: result.relativeError });
      await new Promise((resolve) => setTimeout(resolve, 0)); // a timer turn for the page
    }
    base.dispose();
  }
  return rows;
}
