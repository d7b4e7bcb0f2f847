// One optimisation step for models built from tf.variables (3.4's attention pooling, 3.5's
// Transformer): minimise the loss, measure accuracy on the same forward pass, read both back
// with await (safe on WebGPU) and leave no tensor behind.
import * as tf from "@book/tf";

export async function minimizeStep(optimizer: tf.Optimizer, variables: tf.Variable[], compute: () => { loss: tf.Scalar; accuracy: tf.Scalar }): Promise<{ loss: number; accuracy: number }> {
  const [lossT, accuracyT] = tf.tidy(() => {
    let accuracy: tf.Scalar | null = null;
    const loss = optimizer.minimize(
      () => {
        const result = compute();
        accuracy = tf.keep(result.accuracy);
        return result.loss;
      },
      true,
      variables
    ) as tf.Scalar;
    return [loss, accuracy as unknown as tf.Scalar];
  });
  const [loss, accuracy] = [(await lossT.data())[0], (await accuracyT.data())[0]];
  tf.dispose([lossT, accuracyT]);
  return { loss, accuracy };
}
