import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { distillationLoss, distillationTargetsLoss, softened } from "../../components/compress/distill.js";

before(async () => {
  await tf.setBackend("cpu");
});

/** The formula by hand, one row at a time, in float64. */
function byHand(zs: number[][], zt: number[][], labels: number[], alpha: number, t: number): number {
  const softmax = (z: number[]) => {
    const e = z.map((v) => Math.exp(v));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  let total = 0;
  zs.forEach((row, i) => {
    const ce = -Math.log(softmax(row)[labels[i]]);
    const p = softmax(zt[i].map((v) => v / t));
    const q = softmax(row.map((v) => v / t));
    const kl = p.reduce((s, pk, k) => s + pk * Math.log(pk / q[k]), 0);
    total += alpha * ce + (1 - alpha) * t * t * kl;
  });
  return total / zs.length;
}

describe("distillationLoss", () => {
  it("matches a hand computation: 3 classes, z_s = [1, 2, 0], z_t = [3, 0, 1], label 1, α = 0.5, T = 2", async () => {
    // CE = −log σ(z_s)_1 = log(e + e² + 1) − 2 = 0.40760596
    // σ(z_t/2) = [0.6285317, 0.1402444, 0.2312239], σ(z_s/2) = [0.3071959, 0.5064804, 0.1863237]
    // KL = Σ p log(p/q) = 0.4499664 − 0.1800877 + 0.0499214 = 0.3198002; × T² = 1.2792007
    // L = 0.5 · 0.4076060 + 0.5 · 1.2792007 = 0.8434033
    const loss = distillationLoss(tf.tensor2d([[1, 2, 0]]), tf.tensor2d([[3, 0, 1]]), tf.tensor2d([[0, 1, 0]]), { alpha: 0.5, temperature: 2 });
    const value = (await loss.data())[0];
    const expected = 0.8434033;
    assert.ok(Math.abs(value - expected) < 1e-4, `${value} vs ${expected}`);
    assert.ok(Math.abs(value - byHand([[1, 2, 0]], [[3, 0, 1]], [1], 0.5, 2)) < 1e-5);
    loss.dispose();
  });

  it("matches the formula on a random batch for several α and T, and is pure cross-entropy at α = 1", async () => {
    const zs = [[0.3, -1.2, 2.0, 0.5], [1.1, 0.0, -0.4, 0.9], [-2, 3, 0.1, 0.2]];
    const zt = [[2.5, -0.2, 1.0, 0.1], [0.2, 0.3, 0.9, -1.5], [-1, 4, 2, 0]];
    const labels = [2, 3, 1];
    const start = tf.memory().numTensors;
    for (const [alpha, t] of [[0, 1], [0.3, 4], [1, 8], [0.7, 0.5]]) {
      const loss = tf.tidy(() => distillationLoss(tf.tensor2d(zs), tf.tensor2d(zt), tf.oneHot(labels, 4).toFloat() as tf.Tensor2D, { alpha, temperature: t }));
      assert.ok(Math.abs((await loss.data())[0] - byHand(zs, zt, labels, alpha, t)) < 1e-4);
      loss.dispose();
    }
    const combined = tf.tidy(() => distillationTargetsLoss({ alpha: 0.3, temperature: 4 })(tf.tensor2d(zs), tf.concat([tf.oneHot(labels, 4).toFloat(), tf.tensor2d(zt)], 1) as tf.Tensor2D));
    assert.ok(Math.abs((await combined.data())[0] - byHand(zs, zt, labels, 0.3, 4)) < 1e-4);
    combined.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("rejects T ≤ 0 and α outside [0, 1] in Chinese", () => {
    assert.throws(() => softened([1, 2], 0), /温度 T 必须大于 0/);
    assert.throws(() => distillationTargetsLoss({ alpha: 0.5, temperature: -1 }), /温度/);
    assert.throws(() => distillationTargetsLoss({ alpha: 1.5, temperature: 2 }), /α/);
  });

  it("softens: higher T, flatter distribution; sums to 1", () => {
    const z = [8, 2, 1, 0];
    const sharp = softened(z, 1);
    const soft = softened(z, 8);
    assert.ok(Math.abs(soft.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    assert.ok(soft[0] < sharp[0] && soft[3] > sharp[3]);
  });
});
