// Gradient clipping by global norm (第4章 4.6; 3.3 uses it against exploding gradients):
// if ‖g‖ = √(Σ_i ‖g_i‖²) over all parameters exceeds c, every gradient is multiplied by
// c/‖g‖, so the direction is kept and only the length is capped.
import * as tf from "@book/tf";
import type { Optimizer } from "./optimizer.js";

export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** New, clipped gradients (the caller disposes them and the norm; the inputs are left alone). */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) throw new Error(`裁剪阈值必须是正的有限数，收到 ${maxNorm}`);
  const norm = globalNorm(grads);
  const clipped = tf.tidy(() => {
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return grads.map((g) => tf.mul(g, scale));
  });
  return { grads: clipped, norm };
}

export interface RecordedOptimizer extends Optimizer {
  /** ‖g‖ of every step before and after clipping (after = before when maxNorm is null). Reads once, at the end. */
  norms(): Promise<{ before: number[]; after: number[] }>;
}

/** Wraps (and takes over) an optimiser so that every step first clips the gradients to maxNorm (null: no
 * clipping, only recording). The norms stay on the device until norms() reads them all at
 * once: step() is synchronous, and one read per step would stall the training loop. */
export function withClipping(inner: Optimizer, maxNorm: number | null): RecordedOptimizer {
  const before: tf.Scalar[] = [];
  const after: tf.Scalar[] = [];
  return {
    name: maxNorm === null ? inner.name : `${inner.name}，裁剪到 ${maxNorm}`,
    step(grads) {
      if (maxNorm === null) {
        before.push(globalNorm(grads));
        inner.step(grads);
        return;
      }
      const { grads: clipped, norm } = clipByGlobalNorm(grads, maxNorm);
      before.push(norm);
      after.push(globalNorm(clipped));
      inner.step(clipped);
      tf.dispose(clipped);
    },
    async norms() {
      const read = async (list: tf.Scalar[]) => {
        if (!list.length) return [];
        const stacked = tf.stack(list);
        const values = Array.from(await stacked.data());
        stacked.dispose();
        return values;
      };
      const b = await read(before);
      return { before: b, after: maxNorm === null ? b : await read(after) };
    },
    dispose() {
      tf.dispose([...before, ...after]);
      before.length = after.length = 0;
      inner.dispose();
    }
  };
}
