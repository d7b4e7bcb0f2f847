// Adversarial training (第6章 6.4 节), the defence: keep training a copy of the book's CNN on
// batches where half the images are replaced by attacks on the current weights. The attack is
// FGSM from a random point of the ε-ball with step 1.25ε ("fast adversarial training", Wong,
// Rice & Kolter 2020), cheap enough for a browser; robustness is then measured with PGD.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";
import { type CnnWeights, cnnLogits, WEIGHTED_LAYERS } from "../explain/cnn-function.js";
import { minimizeStep } from "../util/minimize-step.js";
import { breathe } from "../compress/breathe.js";
import { attackSettingsError, pgd } from "./pgd.js";

export interface AdversarialTrainingOptions {
  epsilon: number;
  steps: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** `false`: the same run on clean batches only (the fair baseline: same copy, same steps). */
  adversarial?: boolean;
  onStep?: (step: number, loss: number) => void;
  signal?: AbortSignal;
}

/** Trains variables initialised from copies of `start`; returns them (the caller disposes). */
export async function trainAdversarially(start: CnnWeights, x: tf.Tensor4D, labels: tf.Tensor1D, { epsilon, steps, batchSize = 64, learningRate = 5e-4, seed = 1, adversarial = true, onStep, signal }: AdversarialTrainingOptions): Promise<CnnWeights> {
  const error = attackSettingsError({ epsilon, steps });
  if (error) throw new RangeError(error);
  const weights = Object.fromEntries(WEIGHTED_LAYERS.map((name) => [name, start[name].map((w) => tf.variable(w) as tf.Tensor)])) as unknown as CnnWeights;
  const variables = WEIGHTED_LAYERS.flatMap((name) => weights[name]) as tf.Variable[];
  const optimizer = tf.train.adam(learningRate);
  const random = seededRandom(seed);
  const n = x.shape[0];
  const logits = (input: tf.Tensor4D) => cnnLogits(weights, input);
  try {
    for (let step = 0; step < steps; ++step) {
      if (signal?.aborted) break;
      const picked = tf.tensor1d(Array.from({ length: batchSize }, () => Math.floor(random() * n)), "int32");
      const xb = tf.gather(x, picked) as tf.Tensor4D;
      const yb = tf.gather(labels, picked) as tf.Tensor1D;
      // The attack sees the current weights but is not differentiated through.
      const half = Math.floor(batchSize / 2);
      const xAttacked = adversarial
        ? tf.tidy(() => {
            const attacked = pgd(logits, xb.slice([0, 0, 0, 0], [half, -1, -1, -1]), yb.slice([0], [half]), { epsilon, steps: 1, stepSize: 1.25 * epsilon, randomStart: true, seed: seed + step });
            return tf.concat([attacked, xb.slice([half, 0, 0, 0], [-1, -1, -1, -1])]) as tf.Tensor4D;
          })
        : xb.clone();
      const { loss } = await minimizeStep(optimizer, variables, () => {
        const z = logits(xAttacked);
        const oneHot = tf.oneHot(yb.toInt(), 10);
        return { loss: tf.losses.softmaxCrossEntropy(oneHot, z) as tf.Scalar, accuracy: z.argMax(1).equal(yb.toInt()).mean() as tf.Scalar };
      });
      tf.dispose([picked, xb, yb, xAttacked]);
      onStep?.(step + 1, loss);
      await breathe(); // timers, not only messages: the notebook's loop guard listens to a timer heartbeat
    }
  } finally {
    optimizer.dispose();
  }
  return weights;
}
