// Inverted dropout equals tf.layers.dropout (same seed) in training, is the identity in
// inference, keeps the mean; penalties have the textbook values; early stopping finds the
// best epoch and waits `patience` epochs.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { dropout } from "../../components/nn/dropout.js";
import { earlyStopping } from "../../components/regularize/early-stopping.js";
import { l1Penalty, l2Penalty } from "../../components/regularize/penalties.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("dropout", () => {
  it("equals tf.layers.dropout with the same seed, and is the identity in inference", async () => {
    const start = tf.memory().numTensors;
    const x = tf.randomNormal([50, 40], 1, 1, "float32", 3);
    const layer = tf.layers.dropout({ rate: 0.3, seed: 42 });
    const theirs = layer.apply(x, { training: true }) as tf.Tensor;
    const ours = dropout(x, 0.3, true, 42);
    assert.deepEqual(Array.from(await ours.data()), Array.from(await theirs.data()));
    const infer = dropout(x, 0.3, false);
    const theirInfer = layer.apply(x, { training: false }) as tf.Tensor;
    assert.deepEqual(Array.from(await infer.data()), Array.from(await x.data()));
    assert.deepEqual(Array.from(await theirInfer.data()), Array.from(await x.data()));
    tf.dispose([x, theirs, ours, infer, theirInfer]);
    assert.equal(tf.memory().numTensors, start);
  });

  it("drops about p of the units and scales the rest by 1/(1−p), keeping the mean", async () => {
    const x = tf.ones([200, 100]);
    const y = dropout(x, 0.25, true, 7);
    const values = Array.from(await y.data());
    const zeros = values.filter((v) => v === 0).length / values.length;
    assert.ok(Math.abs(zeros - 0.25) < 0.01, `dropped share ${zeros}`);
    assert.ok(values.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
    tf.dispose([x, y]);
    assert.throws(() => dropout(tf.ones([1]), 1, true), /丢弃概率/);
    assert.throws(() => dropout(tf.ones([1]), NaN, true), /丢弃概率/);
  });
});

describe("penalties and early stopping", () => {
  it("computes (λ/2)Σw² and λΣ|w|", async () => {
    const w = [tf.tensor2d([[1, -2], [3, 0]]), tf.tensor1d([-1])];
    const [l2, l1] = [l2Penalty(w, 0.1), l1Penalty(w, 0.1)];
    assert.ok(Math.abs((await l2.data())[0] - 0.05 * 15) < 1e-6);
    assert.ok(Math.abs((await l1.data())[0] - 0.1 * 7) < 1e-6);
    tf.dispose([...w, l2, l1]);
  });

  it("stops after `patience` epochs without a new best and remembers the best epoch", () => {
    const stopper = earlyStopping(2);
    const losses = [1.0, 0.8, 0.7, 0.75, 0.72, 0.9];
    const stops = losses.map((loss, i) => stopper.update(i + 1, loss));
    assert.deepEqual(stops, [false, false, false, false, true, true]);
    assert.equal(stopper.bestEpoch, 3);
    assert.equal(stopper.bestLoss, 0.7);
    assert.throws(() => earlyStopping(0), /耐心/);
  });
});
