// Accuracy under attack as a function of ε (第6章 6.4 节): one curve per attack, measured on
// real test digits in batches, yielding to the page between batches.
import * as tf from "@book/tf";
import type { Logits } from "../explain/attributions.js";
import { breathe } from "../compress/breathe.js";
import { attackSettingsError, fgsm, pgd } from "./pgd.js";

export type AttackName = "fgsm" | "pgd";
export const ATTACK_LABELS: Record<AttackName, string> = { fgsm: "FGSM", pgd: "PGD" };

/** The number of images the model classifies correctly, per batch of the images given. */
export async function countCorrect(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D): Promise<number> {
  const hits = tf.tidy(() => logits(x).argMax(1).equal(labels.toInt()).sum());
  const n = (await hits.data())[0];
  hits.dispose();
  return n;
}

/** The attacked image batch for one attack (PGD: `steps` steps of 2.5ε/steps, Madry et al.'s choice). */
export function attackBatch(attack: AttackName, logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D, epsilon: number, steps = 10, seed = 1): tf.Tensor4D {
  if (epsilon === 0) return x.clone();
  return attack === "fgsm" ? fgsm(logits, x, labels, { epsilon }) : pgd(logits, x, labels, { epsilon, steps, stepSize: (2.5 * epsilon) / steps, seed });
}

export interface RobustPoint {
  epsilon: number;
  accuracy: number;
}

/** Accuracy at each ε for each attack, on x [n, 28, 28, 1] with integer labels. */
export async function accuracyVsEpsilon(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D, epsilons: number[], { attacks = ["fgsm", "pgd"] as AttackName[], steps = 10, batchSize = 100, signal }: { attacks?: AttackName[]; steps?: number; batchSize?: number; signal?: AbortSignal } = {}): Promise<Record<AttackName, RobustPoint[]>> {
  for (const epsilon of epsilons) {
    const error = attackSettingsError({ epsilon, steps });
    if (error) throw new RangeError(error);
  }
  const n = x.shape[0];
  const result = {} as Record<AttackName, RobustPoint[]>;
  for (const attack of attacks) {
    result[attack] = [];
    for (const epsilon of epsilons) {
      let correct = 0;
      for (let start = 0; start < n; start += batchSize) {
        if (signal?.aborted) throw new DOMException("已停止", "AbortError");
        const size = Math.min(batchSize, n - start);
        const xb = x.slice([start, 0, 0, 0], [size, -1, -1, -1]);
        const yb = labels.slice([start], [size]);
        const adversarial = attackBatch(attack, logits, xb, yb, epsilon, steps);
        correct += await countCorrect(logits, adversarial, yb);
        tf.dispose([xb, yb, adversarial]);
        await breathe(); // timers, not only messages: the notebook's loop guard listens to a timer heartbeat
      }
      result[attack].push({ epsilon, accuracy: correct / n });
    }
  }
  return result;
}
