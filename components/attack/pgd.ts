// Adversarial examples under an L∞ budget (第6章 6.4 节), from the formulas: FGSM (Goodfellow
// et al. 2015) is one signed-gradient step of size ε; PGD (Madry et al. 2018) takes many steps
// of size α, each followed by projection back onto {x′ : ‖x′ − x‖∞ ≤ ε} ∩ [0, 1]^d.
// Untargeted attacks climb the loss of the true label; targeted ones descend the loss of the
// chosen label. These are attacks: they show how fragile a model is, they protect nothing.
import * as tf from "@book/tf";
import type { Logits } from "../explain/attributions.js";

export interface AttackOptions {
  epsilon: number;
  /** PGD only: step size α and number of steps. */
  stepSize?: number;
  steps?: number;
  /** Labels to push towards (targeted); without them the attack pushes away from `labels`. */
  targets?: tf.Tensor1D;
  /** PGD: start from a seeded uniform point of the ε-ball (Madry et al.) instead of x. */
  randomStart?: boolean;
  seed?: number;
}

/** A Chinese message for settings an attack cannot run with, or null. */
export function attackSettingsError({ epsilon, stepSize, steps }: { epsilon: number; stepSize?: number; steps?: number }): string | null {
  if (!Number.isFinite(epsilon) || epsilon < 0 || epsilon > 1) return `扰动上限 ε 必须在 0 到 1 之间（像素取值范围是 [0, 1]），现在是 ${epsilon}。`;
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) return `迭代次数必须是正整数，现在是 ${steps}。`;
  if (stepSize !== undefined && !(Number.isFinite(stepSize) && stepSize > 0)) return `步长 α 必须大于 0，现在是 ${stepSize}。`;
  return null;
}

/** Σ over the batch of m = log Σ_{j≠y} e^{z_j} − z_y. Cross-entropy is log(1 + e^m), an increasing
 * function of m, so both have gradients of the same sign; but where a confident model's softmax
 * rounds to exactly 1 in float32 the cross-entropy gradient p − y is exactly 0 and FGSM would not
 * move at all (a numerical "gradient masking"), while m's gradient stays non-zero. */
export function marginLoss(z: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const mask = tf.oneHot(labels.toInt(), z.shape[1]);
    const others = z.add(mask.mul(-1e9)).logSumExp(1);
    return others.sub(z.mul(mask).sum(1)).sum() as tf.Scalar;
  });
}

function lossOf(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar {
  return marginLoss(logits(x), labels);
}

/** sign(∇ₓ loss), with the sign flipped for targeted attacks (descend towards the target). */
function ascentDirection(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D, targets?: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const g = tf.grad((input: tf.Tensor) => lossOf(logits, input as tf.Tensor4D, targets ?? labels))(x);
    return (targets ? g.neg() : g).sign() as tf.Tensor4D;
  });
}

function project(candidate: tf.Tensor4D, x: tf.Tensor4D, epsilon: number): tf.Tensor4D {
  return tf.tidy(() => tf.minimum(tf.maximum(candidate, x.sub(epsilon)), x.add(epsilon)).clipByValue(0, 1) as tf.Tensor4D);
}

export function fgsm(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D, { epsilon, targets }: AttackOptions): tf.Tensor4D {
  const error = attackSettingsError({ epsilon });
  if (error) throw new RangeError(error);
  return tf.tidy(() => project(x.add(ascentDirection(logits, x, labels, targets).mul(epsilon)) as tf.Tensor4D, x, epsilon));
}

export function pgd(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D, { epsilon, stepSize = epsilon / 4, steps = 10, targets, randomStart = true, seed = 1 }: AttackOptions): tf.Tensor4D {
  const error = attackSettingsError({ epsilon, stepSize, steps });
  if (error) throw new RangeError(error);
  let current = tf.tidy(() => (randomStart ? project(x.add(tf.randomUniform(x.shape, -epsilon, epsilon, "float32", seed)) as tf.Tensor4D, x, epsilon) : x.clone()));
  for (let i = 0; i < steps; ++i) {
    const next = tf.tidy(() => project(current.add(ascentDirection(logits, current, labels, targets).mul(stepSize)) as tf.Tensor4D, x, epsilon));
    current.dispose();
    current = next;
  }
  return current;
}
