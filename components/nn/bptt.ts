// Vanishing gradients made visible (3.3.2): ‖∂L/∂h_t‖ for every step t of an unrolled cell.
// Each h_t gets a zero tensor e_t added; ∂L/∂e_t = ∂L/∂h_t exactly, so tf.grads over the
// e_t gives the gradient that backpropagation through time delivers to each step.
import * as tf from "@book/tf";
import { runCell, type CellKind, type RnnWeights } from "./rnn-cells.js";

/** A loss of the last hidden state h_T [batch, units], as in sequence-to-one tasks. */
export type LastStepLoss = (hT: tf.Tensor2D) => tf.Scalar;

/** L = mean over the batch of readout · h_T (a fixed random direction). */
export function readoutLoss(readout: tf.Tensor1D): LastStepLoss {
  return (hT) => hT.matMul(readout.reshape([readout.shape[0], 1])).mean() as tf.Scalar;
}

/** The cross-entropy of a trained dense softmax head on h_T against one-hot labels. */
export function softmaxHeadLoss(kernel: tf.Tensor2D, bias: tf.Tensor1D, labels: tf.Tensor2D): LastStepLoss {
  return (hT) => tf.losses.softmaxCrossEntropy(labels, hT.matMul(kernel).add(bias)) as tf.Scalar;
}

/** The batch-mean norm of ∂L/∂h_t for every step t. */
export async function hiddenGradientNorms(kind: CellKind, w: RnnWeights, x: tf.Tensor3D, loss: LastStepLoss | tf.Tensor1D): Promise<number[]> {
  const [batch, steps] = x.shape;
  const units = w.recurrentKernel.shape[0];
  const lossOfLast = loss instanceof tf.Tensor ? readoutLoss(loss) : loss;
  const norms = tf.tidy(() => {
    const zeros = Array.from({ length: steps }, () => tf.zeros([batch, units]) as tf.Tensor2D);
    const loss = (...e: tf.Tensor[]) => {
      const trace = runCell(kind, w, x, { perturb: e as tf.Tensor2D[] });
      return lossOfLast(trace[steps - 1].h);
    };
    const grads = tf.grads(loss)(zeros);
    return tf.stack(grads.map((g) => g.square().sum(1).sqrt().mean()));
  });
  const values = Array.from(await norms.data());
  norms.dispose();
  return values;
}
