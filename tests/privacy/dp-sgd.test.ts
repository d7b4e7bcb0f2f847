// 第6章 privacy: the RDP accountant reproduces published figures, per-example gradients equal
// tf.grad on each example alone, every clipped per-example gradient has norm ≤ C, DP-SGD runs
// and refuses bad settings, and the membership ROC/AUC behave at their extremes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

/** The values of a tensor computed by `make`, which is then disposed. */
async function valuesOf(make: () => tf.Tensor): Promise<Float32Array> {
  const t = tf.tidy(make);
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}
import * as tf from "@book/tf";
import { buildMlp, clippedGradientSum, disposeMlp, dpSgdError, mlpLosses, mlpVariables, perExampleGradients, trainDpSgd } from "../../components/privacy/dp-sgd.js";
import { areaUnderCurve, rocCurve } from "../../components/privacy/membership.js";
import { accountantError, epsilonSpent } from "../../components/privacy/rdp-accountant.js";

describe("epsilonSpent", () => {
  it("matches TF Privacy's compute_dp_sgd_privacy example: N=60000, batch 256, σ=1.12, 60 epochs, δ=1e-5 → ε = 2.92", () => {
    // tensorflow/privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy.py, module docstring:
    // "The output states that DP-SGD with these parameters satisfies (2.92, 1e-5)-DP."
    // Its steps are ceil(epochs · N / batch) = 14,063.
    const { epsilon } = epsilonSpent({ q: 256 / 60000, sigma: 1.12, steps: Math.ceil((60 * 60000) / 256), delta: 1e-5 });
    assert.equal(epsilon.toFixed(2), "2.92");
  });
  it("matches Opacus's scripts/compute_dp_sgd_privacy.py example with orders 10, 20, 100 → ε = 2.95", () => {
    // pytorch/opacus, scripts/compute_dp_sgd_privacy.py docstring: "--dataset-size=60000 --batch-size=256
    // --noise_multiplier=1.12 --epochs=60 --delta=1e-5 --a 10 20 100 … satisfies (epsilon,delta)-DP of (2.95, 1e-5)";
    // its steps are epochs · ceil(N / batch) = 14,100.
    const { epsilon, order } = epsilonSpent({ q: 256 / 60000, sigma: 1.12, steps: 60 * Math.ceil(60000 / 256), delta: 1e-5, orders: [10, 20, 100] });
    assert.equal(epsilon.toFixed(2), "2.95");
    assert.equal(order, 10);
  });
  it("grows with steps, shrinks with σ, and refuses bad parameters in Chinese", () => {
    const at = (steps: number, sigma: number) => epsilonSpent({ q: 0.01, sigma, steps, delta: 1e-5 }).epsilon;
    assert.ok(at(100, 1) < at(1000, 1));
    assert.ok(at(1000, 2) < at(1000, 1));
    assert.match(accountantError({ q: 0.01, sigma: 0, steps: 1, delta: 1e-5 }) ?? "", /σ 必须大于 0/);
    assert.match(accountantError({ q: 0.01, sigma: 1, steps: 1, delta: 1 }) ?? "", /δ 必须在 0 和 1 之间/);
    assert.throws(() => epsilonSpent({ q: 0.01, sigma: 1, steps: 1, delta: 0 }), /δ 必须在 0 和 1 之间/);
  });
});

describe("per-example gradients and clipping", () => {
  it("equal tf.grad of each example's own loss, and every clipped one has norm ≤ C", async () => {
    await tf.setBackend("cpu");
    const m = buildMlp(16, 3, 20, 4);
    const x = tf.randomUniform([6, 20], 0, 1, "float32", 5) as tf.Tensor2D;
    const labels = tf.tensor1d([0, 1, 2, 3, 1, 2], "int32");
    const start = tf.memory().numTensors;
    const rows = perExampleGradients(m, x, labels);
    const values = await rows.array();
    for (let i = 0; i < 6; ++i) {
      const own = tf.tidy(() => {
        const grads = tf.grads((w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) => {
          const xi = x.slice([i, 0], [1, -1]);
          const z = tf.relu(xi.matMul(w1).add(b1)).matMul(w2).add(b2);
          return tf.losses.softmaxCrossEntropy(tf.oneHot(labels.slice([i], [1]), 4), z);
        })(mlpVariables(m));
        return tf.concat(grads.map((g) => g.reshape([-1])));
      });
      const expected = await own.data();
      own.dispose();
      expected.forEach((v, k) => assert.ok(Math.abs(v - values[i][k]) < 1e-5, `example ${i}, entry ${k}`));
    }
    for (const clip of [0.01, 0.1, 1]) {
      const norms = tf.tidy(() => rows.norm("euclidean", 1));
      const clipped = tf.tidy(() => rows.mul(tf.minimum(1, tf.div(clip, norms)).expandDims(1)));
      const clippedNorms = await valuesOf(() => clipped.norm("euclidean", 1));
      clippedNorms.forEach((n) => assert.ok(n <= clip * (1 + 1e-5), `clipped norm ${n} > C = ${clip}`));
      const { grads, norms: ours } = clippedGradientSum(m, x, labels, clip);
      const expected = await valuesOf(() => clipped.sum(0));
      const got = await valuesOf(() => tf.concat(grads.map((g) => g.reshape([-1]))));
      expected.forEach((v, k) => assert.ok(Math.abs(v - got[k]) < 1e-5, `clipped sum entry ${k}`));
      const oursNorms = await ours.data();
      (await norms.data()).forEach((v, k) => assert.ok(Math.abs(v - oursNorms[k]) < 1e-4 * Math.max(1, v)));
      tf.dispose([norms, clipped, ...grads, ours]);
    }
    rows.dispose();
    assert.equal(tf.memory().numTensors, start, "no tensor left behind");
    tf.dispose([x, labels]);
    disposeMlp(m);
  });
});

describe("trainDpSgd", () => {
  it("lowers the loss on a separable toy task, reports ε from the accountant, and refuses bad settings", async () => {
    await tf.setBackend("cpu");
    const m = buildMlp(16, 1, 20, 2);
    const x = tf.randomUniform([200, 20], 0, 1, "float32", 9) as tf.Tensor2D;
    const labels = tf.tidy(() => x.slice([0, 0], [-1, 1]).reshape([-1]).greater(0.5).toInt()) as tf.Tensor1D;
    const lossBefore = await valuesOf(() => mlpLosses(m, x, labels).mean());
    const epsilons: number[] = [];
    const result = await trainDpSgd(m, x, labels, { sigma: 0.8, clip: 1, q: 0.1, epochs: 10, learningRate: 0.5, delta: 1e-5, onStep: ({ epsilon }) => epsilons.push(epsilon) });
    const lossAfter = await valuesOf(() => mlpLosses(m, x, labels).mean());
    assert.ok(lossAfter[0] < lossBefore[0], `loss ${lossBefore[0]} → ${lossAfter[0]}`);
    assert.equal(result.steps, 100);
    assert.equal(result.epsilon, epsilonSpent({ q: 0.1, sigma: 0.8, steps: 100, delta: 1e-5 }).epsilon);
    assert.ok(epsilons.every((e, i) => i === 0 || e >= epsilons[i - 1]), "ε only grows");
    for (const bad of [{ sigma: 0 }, { sigma: -1 }, { clip: 0 }, { delta: 0 }, { delta: 1 }])
      await assert.rejects(() => trainDpSgd(m, x, labels, { sigma: 1, clip: 1, q: 0.1, epochs: 1, learningRate: 0.1, delta: 1e-5, ...bad }), /必须/);
    assert.match(dpSgdError({ sigma: 1, clip: -1, q: 0.1, epochs: 1, delta: 1e-5 }) ?? "", /裁剪范数 C 必须大于 0/);
    tf.dispose([x, labels]);
    disposeMlp(m);
  });
});

describe("rocCurve and areaUnderCurve", () => {
  it("give AUC 1 when every member's loss is lower, 0.5 for identical losses, and the Mann–Whitney value otherwise", () => {
    assert.equal(areaUnderCurve(rocCurve([0.1, 0.2], [0.5, 0.9])), 1);
    assert.equal(areaUnderCurve(rocCurve([0.3, 0.3], [0.3, 0.3])), 0.5);
    // Pairs (member < non-member): 0.1<0.2, 0.1<0.4, 0.3>0.2, 0.3<0.4 → 3 of 4.
    assert.equal(areaUnderCurve(rocCurve([0.1, 0.3], [0.2, 0.4])), 0.75);
  });
});
