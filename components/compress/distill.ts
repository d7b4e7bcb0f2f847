// Knowledge distillation (5.3.2): the student learns from the labels and from the
// teacher's softened distribution at temperature T. Convention used throughout the page:
//   L = α·CE(y, σ(z_s)) + (1 − α)·T²·KL(σ(z_t/T) ‖ σ(z_s/T)),
// averaged over the batch; T² keeps the soft term's gradient on the same scale as T grows
// (the gradient of the KL term shrinks like 1/T²).
import * as tf from "@book/tf";
import { checkTemperature, CompressSettingError } from "./errors.js";

export interface DistillSettings {
  alpha: number;
  temperature: number;
}

export function checkAlpha(alpha: number): void {
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) throw new CompressSettingError(`α 必须在 0 与 1 之间，收到的是 ${alpha}。`);
}

/** Softmax of z/T for one row of logits (plain numbers, for showing the teacher's output). */
export function softened(logits: ArrayLike<number>, temperature: number): number[] {
  checkTemperature(temperature);
  const scaled = Array.from(logits, (z) => z / temperature);
  const top = Math.max(...scaled);
  const e = scaled.map((z) => Math.exp(z - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

export function distillationLoss(studentLogits: tf.Tensor2D, teacherLogits: tf.Tensor2D, oneHot: tf.Tensor2D, { alpha, temperature }: DistillSettings): tf.Scalar {
  checkTemperature(temperature);
  checkAlpha(alpha);
  return tf.tidy(() => {
    const hard = tf.neg(oneHot.mul(tf.logSoftmax(studentLogits)).sum(1)).mean();
    const logP = tf.logSoftmax(teacherLogits.div(temperature));
    const logQ = tf.logSoftmax(studentLogits.div(temperature));
    const kl = logP.exp().mul(logP.sub(logQ)).sum(1).mean();
    return hard.mul(alpha).add(kl.mul((1 - alpha) * temperature * temperature)) as tf.Scalar;
  });
}

/** The loss for trainWeights when the targets are [one-hot (10) | teacher logits (10)]. */
export function distillationTargetsLoss(settings: DistillSettings): (logits: tf.Tensor2D, targets: tf.Tensor2D) => tf.Scalar {
  checkTemperature(settings.temperature);
  checkAlpha(settings.alpha);
  return (logits, targets) => {
    const [oneHot, teacher] = tf.split(targets, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return distillationLoss(logits, teacher, oneHot, settings);
  };
}
