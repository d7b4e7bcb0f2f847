// What every from-scratch optimiser of 第4章 4.2 shares: the step interface, state slots
// held as tf.Variables, checks of hyperparameters, and gradients listed in parameter order.
import * as tf from "@book/tf";
import { disposeMomentumLeftovers } from "../util/tf-internals.js";

/** One update rule bound to its parameters; it owns its state variables, never the parameters. */
export interface Optimizer {
  readonly name: string;
  /** Applies one update to every parameter, grads[i] being the gradient of params[i]. */
  step(grads: readonly tf.Tensor[]): void;
  /** Frees the optimiser's state (moment estimates, accumulators). */
  dispose(): void;
}

/** tfjs's default ε: the backend's epsilon (1e-7 for float32). Matching it keeps the comparison exact. */
export function backendEpsilon(): number {
  return tf.backend().epsilon();
}

/** Non-trainable variables shaped like the parameters, filled with value. */
export function slots(params: readonly tf.Variable[], value = 0): tf.Variable[] {
  return params.map((p) => tf.tidy(() => tf.variable(tf.fill(p.shape, value), false)));
}

/** Runs update(param, grad, i) for each pair inside one tidy, after checking the lists agree. */
export function eachParam(params: readonly tf.Variable[], grads: readonly tf.Tensor[], update: (param: tf.Variable, grad: tf.Tensor, index: number) => void): void {
  if (grads.length !== params.length) throw new Error(`梯度有 ${grads.length} 个，参数有 ${params.length} 个，两者必须一一对应`);
  tf.tidy(() => params.forEach((param, i) => update(param, grads[i], i)));
}

/** Learning rates must be positive finite numbers. */
export function checkRate(lr: number): void {
  if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`学习率必须是正的有限数，收到 ${lr}`);
}

/** Decay factors (β, ρ, μ) must lie in [0, 1). */
export function checkFactor(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) throw new Error(`${name} 必须在 [0, 1) 之内，收到 ${value}`);
}

export { lossAndGrads } from "../nn/grads.js";

/** Disposes a tf.train optimiser: tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar its SGD parent keeps. */
export function disposeTfOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  disposeMomentumLeftovers(tf, optimizer);
}
