// 5.2: the calculator's bytes per parameter against what tfjs actually holds while training
// the book's 3.5 Transformer with Adam. tf.memory().numBytes counts every live tensor, so
// the differences between moments of one step are exactly the bytes of the tensors alive:
//   after building     weights (4P) + the sinusoid table (a constant, not a parameter)
//   gradients computed + gradients (4P), activations already released
//   at the update      + Adam's m and v (8P) + its two β^t scalars: 16P, the calculator's fp32 figure
//   after the step     gradients released: 12P
// measurePeakBytes() gives the highest numBytes inside the step (activations included).
import * as tf from "@book/tf";
import { TinyTransformer, type TransformerConfig } from "../nn/transformer.js";
import { measurePeakBytes } from "./peak-bytes.js";
import { yieldToPage } from "../train/loop.js";

export interface TrainingBytes {
  parameters: number;
  /** The sinusoidal position table: a tensor the model owns that is not a parameter. */
  constantBytes: number;
  /** Measured differences from before the model existed. */
  afterBuild: number;
  withGradients: number;
  /** Just after optimizer.applyGradients, before the gradients are released. */
  atUpdate: number;
  afterStep: number;
  /** Highest numBytes during one whole step (forward, backward, update). */
  peakInStep: number;
  /** The calculator's fp32 figures (bytesPerParameter("fp32")): 4P, 8P, 16P, 12P. */
  predicted: { afterBuild: number; withGradients: number; atUpdate: number; afterStep: number };
}

/** Builds a TinyTransformer, takes `steps` Adam steps on token cross-entropy over (ids, targets)
 * and reports the bytes alive at each moment of the last one. Disposes all it created. */
export async function measureTrainingBytes(config: TransformerConfig, ids: tf.Tensor2D, targets: tf.Tensor2D, steps = 2): Promise<TrainingBytes> {
  const base = tf.memory().numBytes;
  const model = new TinyTransformer(config);
  const P = model.countParams();
  const afterBuild = tf.memory().numBytes - base;
  const optimizer = tf.train.adam(0.001);
  const loss = () => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(targets, config.vocab), model.forward(ids).logits) as tf.Scalar);
  let withGradients = 0;
  let atUpdate = 0;
  let peakInStep = 0;
  try {
    for (let step = 0; step < steps; step++) {
      const { peak } = await measurePeakBytes(async () => {
        const { value, grads } = tf.variableGrads(loss, model.variables);
        // On the first step Adam has no m and v yet: weights + gradients only.
        if (step === 0) withGradients = tf.memory().numBytes - base - value.size * 4;
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        if (step === 0) atUpdate = tf.memory().numBytes - base - value.size * 4;
        tf.dispose([value, ...Object.values(grads)]);
        await yieldToPage();
      });
      peakInStep = peak - base;
    }
    const afterStep = tf.memory().numBytes - base;
    return {
      parameters: P,
      constantBytes: model.positions.size * 4,
      afterBuild,
      withGradients,
      atUpdate,
      afterStep,
      peakInStep,
      predicted: { afterBuild: 4 * P, withGradients: 8 * P, atUpdate: 16 * P, afterStep: 12 * P }
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
