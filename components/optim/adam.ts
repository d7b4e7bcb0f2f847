// Adam and AdamW (第4章 4.2). Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
// θ ← θ − η m̂ / (√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); ε outside the root, as in
// tf.train.adam. AdamW adds the decay outside the adaptive scaling: θ ← θ − η(… + λθ), so
// every weight shrinks at the same rate, unlike L2 added to g, which Adam divides by √v̂.
import * as tf from "@book/tf";
import { backendEpsilon, checkFactor, checkRate, eachParam, slots, type Optimizer } from "./optimizer.js";

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function adam(params: readonly tf.Variable[], options: AdamOptions): Optimizer {
  return adaptiveMoments("Adam", params, options, 0);
}

export function adamW(params: readonly tf.Variable[], { weightDecay = 0.01, ...options }: AdamOptions & { weightDecay?: number }): Optimizer {
  if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) throw new Error(`权重衰减系数 λ 必须是非负的有限数，收到 ${weightDecay}`);
  return adaptiveMoments("AdamW", params, options, weightDecay);
}

function adaptiveMoments(name: string, params: readonly tf.Variable[], { lr, beta1 = 0.9, beta2 = 0.999, epsilon = backendEpsilon() }: AdamOptions, weightDecay: number): Optimizer {
  checkRate(lr);
  checkFactor("β₁", beta1);
  checkFactor("β₂", beta2);
  const first = slots(params);
  const second = slots(params);
  // β₁ᵗ and β₂ᵗ kept as float32 products, as tfjs keeps them in variables: in float64 the
  // bias corrections round differently and 25 steps drift ~1e-6 apart.
  let [power1, power2] = [1, 1];
  return {
    name,
    step: (grads) => {
      power1 = Math.fround(power1 * Math.fround(beta1));
      power2 = Math.fround(power2 * Math.fround(beta2));
      const [correct1, correct2] = [Math.fround(1 - power1), Math.fround(1 - power2)];
      eachParam(params, grads, (p, g, i) => {
        const m = tf.add(tf.mul(beta1, first[i]), tf.mul(1 - beta1, g));
        const v = tf.add(tf.mul(beta2, second[i]), tf.mul(1 - beta2, tf.square(g)));
        first[i].assign(m);
        second[i].assign(v);
        let update = tf.div(tf.div(m, correct1), tf.add(tf.sqrt(tf.div(v, correct2)), epsilon));
        if (weightDecay) update = tf.add(update, tf.mul(weightDecay, p));
        p.assign(tf.sub(p, tf.mul(lr, update)));
      });
    },
    dispose: () => tf.dispose([...first, ...second])
  };
}
