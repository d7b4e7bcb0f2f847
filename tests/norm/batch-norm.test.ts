// The from-scratch batch norm equals tf.layers.batchNormalization (1e-5) in training mode
// (batch statistics, running averages after several batches) and in inference mode; bad
// settings are refused; nothing leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { batchNorm } from "../../components/norm/batch-norm.js";

before(async () => {
  await tf.setBackend("cpu");
});

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const value = (await d.data())[0];
  d.dispose();
  return value;
}

describe("batchNorm", () => {
  it("equals tf.layers.batchNormalization in training and inference mode", async () => {
    const start = tf.memory().numTensors;
    const features = 6;
    const ours = batchNorm(features, { momentum: 0.9 });
    const layer = tf.layers.batchNormalization({ momentum: 0.9, inputShape: [features] });
    layer.build([null, features]);
    // Non-trivial γ, β on both sides.
    const gamma = tf.randomUniform([features], 0.5, 2, "float32", 1);
    const beta = tf.randomNormal([features], 0, 1, "float32", 2);
    const [mean0, var0] = [tf.zeros([features]), tf.ones([features])];
    layer.setWeights([gamma, beta, mean0, var0]);
    ours.params[0].assign(gamma);
    ours.params[1].assign(beta);
    for (let step = 0; step < 5; step++) {
      const x = tf.randomNormal([32, features], 3, 2 + step, "float32", 10 + step);
      const a = ours.apply(x as tf.Tensor2D, true);
      const b = layer.apply(x, { training: true }) as tf.Tensor;
      assert.ok((await maxDiff(a, b)) < 1e-5, `training output, step ${step}`);
      tf.dispose([x, a, b]);
    }
    const [, , movingMean, movingVariance] = layer.getWeights();
    assert.ok((await maxDiff(ours.runningMean, movingMean)) < 1e-5, "running mean");
    assert.ok((await maxDiff(ours.runningVariance, movingVariance)) < 1e-5, "running variance");
    const test = tf.randomNormal([7, features], 3, 2, "float32", 99);
    const a = ours.apply(test as tf.Tensor2D, false);
    const b = layer.apply(test, { training: false }) as tf.Tensor;
    assert.ok((await maxDiff(a, b)) < 1e-5, "inference output");
    // Inference mode leaves the running averages alone.
    const before = Array.from(await ours.runningMean.data());
    tf.dispose(ours.apply(test as tf.Tensor2D, false));
    assert.deepEqual(Array.from(await ours.runningMean.data()), before);
    tf.dispose([a, b, test, gamma, beta, mean0, var0]);
    ours.dispose();
    // The layer was applied to tensors, not wired into a model, so Layer.dispose() refuses: free its weights.
    for (const w of layer.weights) (w as unknown as { dispose(): void }).dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("normalises each feature to mean β and standard deviation ≈ γ in training mode", async () => {
    const ours = batchNorm(3);
    const x = tf.randomNormal([256, 3], 50, 10, "float32", 5) as tf.Tensor2D;
    const y = ours.apply(x, true);
    const { mean, variance } = tf.moments(y, 0);
    for (const m of await mean.data()) assert.ok(Math.abs(m) < 1e-4);
    for (const v of await variance.data()) assert.ok(Math.abs(v - 1) < 1e-3);
    tf.dispose([x, y, mean, variance]);
    ours.dispose();
  });

  it("refuses absurd settings in Chinese", () => {
    assert.throws(() => batchNorm(0), /特征数/);
    assert.throws(() => batchNorm(4, { momentum: 1 }), /momentum/);
    assert.throws(() => batchNorm(4, { epsilon: 0 }), /ε/);
  });
});
