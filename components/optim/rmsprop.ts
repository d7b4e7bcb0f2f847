// RMSProp (第4章 4.2): s ← ρs + (1−ρ)g², θ ← θ − η g / √(s + ε). As in tf.train.rmsprop,
// ε sits inside the square root and an optional momentum μ accumulates the scaled steps.
import * as tf from "@book/tf";
import { backendEpsilon, checkFactor, checkRate, eachParam, slots, type Optimizer } from "./optimizer.js";

export function rmsprop(params: readonly tf.Variable[], { lr, rho = 0.9, mu = 0, epsilon = backendEpsilon() }: { lr: number; rho?: number; mu?: number; epsilon?: number }): Optimizer {
  checkRate(lr);
  checkFactor("衰减系数 ρ", rho);
  checkFactor("动量系数 μ", mu);
  const meanSquares = slots(params);
  const moments = slots(params);
  return {
    name: "RMSProp",
    step: (grads) =>
      eachParam(params, grads, (p, g, i) => {
        const s = tf.add(tf.mul(rho, meanSquares[i]), tf.mul(1 - rho, tf.square(g)));
        const m = tf.add(tf.mul(mu, moments[i]), tf.div(tf.mul(lr, g), tf.sqrt(tf.add(s, epsilon))));
        meanSquares[i].assign(s);
        moments[i].assign(m);
        p.assign(tf.sub(p, m));
      }),
    dispose: () => tf.dispose([...meanSquares, ...moments])
  };
}
