// Seed 000 §4.3's `Attention` module rewritten in TypeScript (3.4): a linear layer scores
// each position of x [b, T, h], softmax over T gives α [b, T], and the pooled vector is
// Σ_t α_t x_t [b, h], which then goes to the wrapped model.
// The seed computes the pooling as torch.bmm(α.view(b, T, 1), x.transpose(1, 2)): a
// [T × 1] times [h × T] product per example, which fails unless h = 1 (PyTorch: "Expected
// size for first two dimensions of batch2 tensor to be: [b, 1] but got: [b, h]"). The
// right product is αᵀ x: [1 × T] times [T × h] = [1 × h] (torch.bmm(α.transpose(1, 2), x)).
import * as tf from "@book/tf";

export interface SeedAttentionWeights {
  /** [h, 1]: nn.Linear(h, 1).weight transposed */
  w: tf.Tensor2D;
  /** [1] */
  b: tf.Tensor1D;
}

/** α = softmax over T of (x w + b): [b, T]. */
export function seedAttentionWeights(x: tf.Tensor3D, { w, b }: SeedAttentionWeights): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, steps, hidden] = x.shape;
    return tf.softmax(x.reshape([-1, hidden]).matMul(w).add(b).reshape([batch, steps])) as tf.Tensor2D;
  });
}

/** The fixed pooling: αᵀ x per example, [b, 1, T] · [b, T, h] → [b, h]. */
export function seedAttentionPool(x: tf.Tensor3D, weights: SeedAttentionWeights): { pooled: tf.Tensor2D; alpha: tf.Tensor2D } {
  return tf.tidy(() => {
    const alpha = seedAttentionWeights(x, weights);
    const pooled = tf.matMul(alpha.expandDims(1), x).squeeze([1]) as tf.Tensor2D;
    return { pooled, alpha };
  });
}

/** The seed's product as written: α [b, T, 1] times xᵀ [b, h, T]. Throws unless h = 1. */
export function seedBmmAsWritten(x: tf.Tensor3D, weights: SeedAttentionWeights): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, steps] = x.shape;
    return tf.matMul(seedAttentionWeights(x, weights).reshape([batch, steps, 1]), x.transpose([0, 2, 1]));
  });
}
