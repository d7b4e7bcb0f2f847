// AdaGrad (第4章 4.2): s ← s + g², θ ← θ − η g / √(s + ε). As in tf.train.adagrad, s starts
// at 0.1 (not 0) and ε sits inside the square root.
import * as tf from "@book/tf";
import { backendEpsilon, checkRate, eachParam, slots, type Optimizer } from "./optimizer.js";

export function adagrad(params: readonly tf.Variable[], { lr, initialAccumulator = 0.1, epsilon = backendEpsilon() }: { lr: number; initialAccumulator?: number; epsilon?: number }): Optimizer {
  checkRate(lr);
  const sumSquares = slots(params, initialAccumulator);
  return {
    name: "AdaGrad",
    step: (grads) =>
      eachParam(params, grads, (p, g, i) => {
        const s = tf.add(sumSquares[i], tf.square(g));
        sumSquares[i].assign(s);
        p.assign(tf.sub(p, tf.mul(lr, tf.div(g, tf.sqrt(tf.add(s, epsilon))))));
      }),
    dispose: () => tf.dispose(sumSquares)
  };
}
