// Vanishing gradients made visible (3.3.2): ‖∂L/∂h_t‖ for every step t of an unrolled cell.
// Each h_t gets a zero tensor e_t added; ∂L/∂e_t = ∂L/∂h_t exactly, so tf.grads over the
// e_t gives the gradient that backpropagation through time delivers to each step.
import * as tf from "@book/tf";
import { runCell, type CellKind, type RnnWeights } from "./rnn-cells.js";

/** L = mean over the batch of (readout · h_T): a loss that depends on the last step only,
 * as in sequence-to-one tasks. Returns the batch-mean norm of ∂L/∂h_t per step t. */
export async function hiddenGradientNorms(kind: CellKind, w: RnnWeights, x: tf.Tensor3D, readout: tf.Tensor1D): Promise<number[]> {
  const [batch, steps] = x.shape;
  const units = w.recurrentKernel.shape[0];
  const norms = tf.tidy(() => {
    const zeros = Array.from({ length: steps }, () => tf.zeros([batch, units]) as tf.Tensor2D);
    const loss = (...e: tf.Tensor[]) => {
      const trace = runCell(kind, w, x, { perturb: e as tf.Tensor2D[] });
      return trace[steps - 1].h.matMul(readout.reshape([units, 1])).mean() as tf.Scalar;
    };
    const grads = tf.grads(loss)(zeros);
    return tf.stack(grads.map((g) => g.square().sum(1).sqrt().mean()));
  });
  const values = Array.from(await norms.data());
  norms.dispose();
  return values;
}
