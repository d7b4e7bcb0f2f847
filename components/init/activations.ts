// The three activations of 第4章 4.3, as plain tf ops so gradients flow through them.
// GELU uses the tanh approximation (GPT-2, BERT's code): it needs only ops every backend has.
import * as tf from "@book/tf";

export type ActivationName = "tanh" | "relu" | "gelu";

export const ACTIVATIONS: Record<ActivationName, { label: string; apply(z: tf.Tensor): tf.Tensor }> = {
  tanh: { label: "tanh", apply: (z) => tf.tanh(z) },
  relu: { label: "ReLU", apply: (z) => tf.relu(z) },
  gelu: { label: "GELU", apply: gelu }
};

/** GELU(z) ≈ ½ z (1 + tanh(√(2/π) (z + 0.044715 z³))). */
export function gelu(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(z, tf.mul(0.044715, tf.pow(z, 3))));
    return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(inner)));
  });
}

export function isActivation(name: string): name is ActivationName {
  return Object.hasOwn(ACTIVATIONS, name);
}
