// 3.3's remember-first experiment, tiny: the LSTM's forget-gate bias, the early stop on the
// held-out batch, the reader's Stop, gradient norms per step, and no leaked tensor.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildMemoryModel, FORGET_BIAS, trainedGradientNorms, trainMemoryModel } from "../../components/train/memory-experiment.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("remember-first experiment", () => {
  it("starts the LSTM's forget gate (and only it) at the given bias, the same in fast-lstm and tf.layers.lstm", async () => {
    const start = tf.memory().numTensors;
    for (const forgetBias of [FORGET_BIAS, 0]) {
      const [fast, layers] = (["fast", "tfjs"] as const).map((lstm) => buildMemoryModel("lstm", 6, { units: 3, seed: 5, forgetBias, lstm }));
      const bias = Array.from(await fast.getLayer("recurrent").getWeights()[2].data());
      assert.deepEqual(bias, [0, 0, 0, forgetBias, forgetBias, forgetBias, 0, 0, 0, 0, 0, 0]);
      const [a, b] = [fast, layers].map((m) => m.getLayer("recurrent").getWeights());
      for (let i = 0; i < 3; i++) assert.deepEqual(await a[i].data(), await b[i].data(), `weight ${i}`);
      fast.dispose();
      layers.dispose();
    }
    assert.equal(tf.memory().numTensors, start);
  });

  it("the plain RNN: fast-simple-rnn and tf.layers.simpleRNN start from the same weights and train to the same losses", async () => {
    const start = tf.memory().numTensors;
    const train = (rnn: "fast" | "tfjs") => trainMemoryModel("rnn", 5, { trainCount: 128, epochs: 2, earlyStop: false, units: 4, rnn });
    const [fast, layers] = [await train("fast"), await train("tfjs")];
    const losses = (run: typeof fast) => run.history.batches.map((b) => b.loss);
    assert.equal(losses(fast).length, 4);
    losses(fast).forEach((loss, i) => assert.ok(Math.abs(loss - losses(layers)[i]) < 1e-5, `batch ${i}: ${loss} vs ${losses(layers)[i]}`));
    assert.equal(fast.model.getLayer("recurrent").getClassName(), "FastSimpleRNN");
    assert.equal(layers.model.getLayer("recurrent").getClassName(), "SimpleRNN");
    fast.model.dispose();
    layers.model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("stops once the held-out batch is all right, trains every epoch otherwise, and leaks nothing", async () => {
    const start = tf.memory().numTensors;
    const early = await trainMemoryModel("lstm", 3, { trainCount: 512, epochs: 30, learningRate: 0.03, units: 8 });
    assert.ok(early.epochs < 30, `stopped after ${early.epochs} epochs`);
    assert.equal(early.history.epochs.at(-1)?.valAccuracy, 1);
    assert.equal(early.history.stopped, false, "an early stop is a finished run");
    assert.ok(early.accuracy > 0.95, `test accuracy ${early.accuracy}`);
    const norms = await trainedGradientNorms(early, 16);
    assert.equal(norms.length, 3);
    assert.ok(norms.every((n) => Number.isFinite(n) && n > 0));
    early.model.dispose();
    const full = await trainMemoryModel("rnn", 3, { trainCount: 128, epochs: 2, earlyStop: false, units: 4 });
    assert.equal(full.epochs, 2);
    full.model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("the reader's Stop ends the run as stopped", async () => {
    const start = tf.memory().numTensors;
    const stop = new AbortController();
    const run = await trainMemoryModel("rnn", 4, { trainCount: 256, epochs: 5, units: 4, callbacks: { signal: stop.signal, onBatchEnd: () => stop.abort() } });
    assert.equal(run.history.stopped, true);
    assert.equal(run.history.batches.length, 1);
    run.model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
