// Plain gradient descent (第4章 4.2): θ ← θ − η g.
import * as tf from "@book/tf";
import { checkRate, eachParam, type Optimizer } from "./optimizer.js";

export function sgd(params: readonly tf.Variable[], { lr }: { lr: number }): Optimizer {
  checkRate(lr);
  return {
    name: "SGD",
    step: (grads) => eachParam(params, grads, (p, g) => p.assign(tf.sub(p, tf.mul(lr, g)))),
    dispose: () => {}
  };
}
