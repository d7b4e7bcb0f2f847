// One fully connected layer with a sigmoid, its gradients written out by hand (3.1 节,
// 公式 3.1.3), and the same gradients from tfjs's autodiff, so the two can be compared.
// tfjs stores a batch as rows, so the page's h = f(Wx + b) becomes H = f(XW + b) here.
import * as tf from "@book/tf";

export interface DenseParams {
  W: tf.Tensor2D; // [inputs, units]
  b: tf.Tensor1D; // [units]
}

export interface DenseGrads {
  dW: tf.Tensor2D;
  db: tf.Tensor1D;
  dX: tf.Tensor2D;
}

/** H = σ(XW + b). */
export function denseForward(X: tf.Tensor2D, { W, b }: DenseParams): tf.Tensor2D {
  return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(X, W), b)) as tf.Tensor2D);
}

/** L = ½ Σ (H − Y)²: the loss both gradient functions differentiate. */
export function squaredError(H: tf.Tensor2D, Y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(H, Y)))) as tf.Scalar);
}

/** Backpropagation by hand: δ = (H − Y) ⊙ H(1 − H); dW = Xᵀδ; db = Σ δ; dX = δWᵀ. */
export function manualGradients(X: tf.Tensor2D, params: DenseParams, Y: tf.Tensor2D): DenseGrads {
  return tf.tidy(() => {
    const H = denseForward(X, params);
    const delta = tf.mul(tf.sub(H, Y), tf.mul(H, tf.sub(1, H))) as tf.Tensor2D;
    return {
      dW: tf.matMul(X, delta, true, false) as tf.Tensor2D,
      db: tf.sum(delta, 0) as tf.Tensor1D,
      dX: tf.matMul(delta, params.W, false, true) as tf.Tensor2D
    };
  });
}

/** The same gradients from automatic differentiation (tf.grads). */
export function autodiffGradients(X: tf.Tensor2D, params: DenseParams, Y: tf.Tensor2D): DenseGrads {
  return tf.tidy(() => {
    const loss = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) => squaredError(denseForward(x as tf.Tensor2D, { W: W as tf.Tensor2D, b: b as tf.Tensor1D }), Y);
    const [dX, dW, db] = tf.grads(loss)([X, params.W, params.b]);
    return { dW: dW as tf.Tensor2D, db: db as tf.Tensor1D, dX: dX as tf.Tensor2D };
  });
}

/** Largest |a − b| over all entries, read back asynchronously (safe on WebGPU). */
export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const [value] = await diff.data();
  diff.dispose();
  return value;
}

export function disposeGrads(grads: DenseGrads): void {
  tf.dispose([grads.dW, grads.db, grads.dX]);
}
