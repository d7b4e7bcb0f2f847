// Momentum (第4章 4.2), in tfjs's form: v ← μv + g, then θ ← θ − ηv (heavy ball) or
// θ ← θ − η(g + μv) (Nesterov: the step looks one velocity ahead).
import * as tf from "@book/tf";
import { checkFactor, checkRate, eachParam, slots, type Optimizer } from "./optimizer.js";

export function momentum(params: readonly tf.Variable[], { lr, mu = 0.9, nesterov = false }: { lr: number; mu?: number; nesterov?: boolean }): Optimizer {
  checkRate(lr);
  checkFactor("动量系数 μ", mu);
  const velocity = slots(params);
  return {
    name: nesterov ? "Nesterov" : "Momentum",
    step: (grads) =>
      eachParam(params, grads, (p, g, i) => {
        const v = tf.add(tf.mul(mu, velocity[i]), g);
        velocity[i].assign(v);
        p.assign(tf.sub(p, tf.mul(lr, nesterov ? tf.add(g, tf.mul(mu, v)) : v)));
      }),
    dispose: () => tf.dispose(velocity)
  };
}
