// Batch normalisation from the formulas (第4章 4.4), over a [batch, features] input:
//   training:  x̂ = (x − μ_B) / √(σ²_B + ε),  y = γ x̂ + β,  with the batch's own mean and
//              (biased) variance; the running averages move towards them:
//              m ← m − (1 − momentum)(m − μ_B),  v ← v − (1 − momentum)(v − σ²_B)
//   inference: the same formula with the running averages m, v instead of μ_B, σ²_B.
// Defaults and update rule are tf.layers.batchNormalization's (momentum 0.99, ε = 1e-3,
// running mean 0 and variance 1 at the start), so the unit test can compare them exactly.
import * as tf from "@book/tf";

export interface BatchNormOptions {
  momentum?: number;
  epsilon?: number;
}

export interface BatchNorm {
  /** γ and β: trained by the optimiser with the other parameters. */
  readonly params: [tf.Variable, tf.Variable];
  readonly runningMean: tf.Variable;
  readonly runningVariance: tf.Variable;
  /** training: normalise by the batch's statistics and update the running averages. */
  apply(x: tf.Tensor2D, training: boolean): tf.Tensor2D;
  dispose(): void;
}

export function batchNorm(features: number, { momentum = 0.99, epsilon = 1e-3 }: BatchNormOptions = {}): BatchNorm {
  if (!(Number.isInteger(features) && features > 0)) throw new Error(`特征数必须是正整数，收到 ${features}`);
  if (!(momentum >= 0 && momentum < 1)) throw new Error(`momentum 必须在 [0, 1) 之内，收到 ${momentum}`);
  if (!(epsilon > 0)) throw new Error(`ε 必须是正数，收到 ${epsilon}`);
  const variable = (value: number, trainable: boolean) => tf.tidy(() => tf.variable(tf.fill([features], value), trainable));
  const gamma = variable(1, true);
  const beta = variable(0, true);
  const runningMean = variable(0, false);
  const runningVariance = variable(1, false);
  const normalise = (x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor) => tf.add(tf.mul(gamma, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)))), beta);
  return {
    params: [gamma, beta],
    runningMean,
    runningVariance,
    apply: (x, training) =>
      tf.tidy(() => {
        if (!training) return normalise(x, runningMean, runningVariance) as tf.Tensor2D;
        const mean = tf.mean(x, 0);
        const variance = tf.mean(tf.square(tf.sub(x, mean)), 0);
        // assign() is not recorded by the gradient tape: the running averages are bookkeeping.
        runningMean.assign(tf.sub(runningMean, tf.mul(1 - momentum, tf.sub(runningMean, mean))));
        runningVariance.assign(tf.sub(runningVariance, tf.mul(1 - momentum, tf.sub(runningVariance, variance))));
        return normalise(x, mean, variance) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose([gamma, beta, runningMean, runningVariance])
  };
}
