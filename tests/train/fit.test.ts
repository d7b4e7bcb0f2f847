import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { makeCircles } from "../../components/data/synthetic.js";
import { fit, type BatchProgress } from "../../components/train/fit.js";
import { formatDuration } from "../../components/train/panel.js";

before(async () => {
  await tf.setBackend("cpu");
});

function mlp(seed = 1): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 16, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 2, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) })
    ]
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

describe("fit", () => {
  it("trains a small MLP on two circles: loss falls and no tensor leaks", async () => {
    const start = tf.memory().numTensors;
    const data = makeCircles(256, { seed: 3 });
    const model = mlp();
    const progress: BatchProgress[] = [];
    const history = await fit(model, data.x, data.y, { epochs: 15, batchSize: 32, validationData: [data.x, data.y], onBatchEnd: (p) => progress.push(p) });
    assert.equal(history.epochs.length, 15);
    assert.equal(history.batches.length, 15 * 8);
    assert.ok(history.epochs.at(-1)!.loss < history.epochs[0].loss * 0.7, `loss ${history.epochs[0].loss} → ${history.epochs.at(-1)!.loss}`);
    assert.ok(history.epochs.at(-1)!.valAccuracy! > 0.9, `accuracy ${history.epochs.at(-1)!.valAccuracy}`);
    assert.equal(progress.at(-1)!.batch, 8);
    assert.ok(progress.every((p) => p.samplesPerSecond > 0 && p.etaMs >= 0));
    model.optimizer.dispose(); // an optimizer passed as an object is not the model's to dispose
    model.dispose();
    data.dispose();
    assert.equal(tf.memory().numTensors, start, "fit leaves no tensors behind");
  });

  it("stops within one batch of the signal and keeps what it learned", async () => {
    const data = makeCircles(256, { seed: 4 });
    const model = mlp();
    const controller = new AbortController();
    let seen = 0;
    const history = await fit(model, data.x, data.y, {
      epochs: 50,
      batchSize: 16,
      signal: controller.signal,
      onBatchEnd: () => {
        if (++seen === 5) controller.abort();
      }
    });
    assert.ok(history.stopped);
    assert.equal(history.batches.length, 5, "no batch after the one that saw the stop");
    model.dispose();
    data.dispose();
  });

  it("is reproducible with the same seed", async () => {
    const data = makeCircles(64, { seed: 5 });
    const run = async () => {
      const model = mlp(7);
      const history = await fit(model, data.x, data.y, { epochs: 2, batchSize: 16, seed: 9 });
      model.dispose();
      return history.batches.map((b) => b.loss);
    };
    assert.deepEqual(await run(), await run());
    data.dispose();
  });
});

describe("makeCircles", () => {
  it("makes balanced, seeded, labelled points", () => {
    const a = makeCircles(100, { seed: 1 });
    const b = makeCircles(100, { seed: 1 });
    assert.deepEqual(a.points, b.points);
    assert.equal(a.labels.filter((l) => l === 1).length, 50);
    assert.deepEqual(a.x.shape, [100, 2]);
    assert.deepEqual(a.y.shape, [100, 2]);
    a.dispose();
    b.dispose();
  });
});

describe("formatDuration", () => {
  it("reads as seconds or minutes", () => {
    assert.equal(formatDuration(4200), "4 秒");
    assert.equal(formatDuration(125_000), "2 分 5 秒");
    assert.equal(formatDuration(Infinity), "—");
  });
});
