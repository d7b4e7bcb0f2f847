import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { countSteps } from "../../components/bench/step-counts.js";
import { benchTraining, type BenchData } from "../../components/bench/throughput.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("kernels per training step", () => {
  it("counts every kernel the run makes, per step, with the most frequent first, and no GPU figures off WebGPU", async () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([4, 5, 6]);
    const start = tf.memory().numTensors;
    const step = async () => {
      const out = tf.tidy(() => tf.add(a, b).mul(a).add(b).relu());
      await out.data();
      out.dispose();
    };
    const counts = await countSteps(async () => {
      for (let i = 0; i < 4; i++) await step();
    }, 4);
    assert.equal(counts.steps, 4);
    assert.equal(counts.kernelsPerStep, 4);
    assert.deepEqual(counts.topKernels, [
      { name: "Add", perStep: 2 },
      { name: "Multiply", perStep: 1 },
      { name: "Relu", perStep: 1 }
    ]);
    assert.equal(counts.dispatchesPerStep, null);
    assert.equal(counts.uploadsPerStep, null);
    assert.equal(counts.writesPerStep, null);
    assert.equal(tf.memory().numTensors, start);
    tf.dispose([a, b]);
  });

  it("benchTraining adds the counts of a training step when asked, and leaks no tensor", async () => {
    const start = tf.memory().numTensors;
    const result = await benchTraining({} as BenchData, { model: "transformer", size: "small", batchSize: 8, warmupBatches: 1, batches: 2, countBatches: 2 });
    assert.equal(tf.memory().numTensors, start);
    assert.ok(result.counts, "counts recorded");
    assert.equal(result.counts.steps, 2);
    // Forward, gradients and Adam: far more kernels than the model has layers.
    assert.ok(result.counts.kernelsPerStep > 100, `${result.counts.kernelsPerStep} kernels per step`);
    assert.ok(result.counts.topKernels.length > 0 && result.counts.topKernels[0].perStep > 1);
    const plain = await benchTraining({} as BenchData, { model: "transformer", size: "small", batchSize: 8, warmupBatches: 0, batches: 1 });
    assert.equal(plain.counts, undefined, "no counts unless asked for");
  });

  it("repeats the timed batches until minSeconds have passed", async () => {
    const result = await benchTraining({} as BenchData, { model: "transformer", size: "small", batchSize: 4, warmupBatches: 0, batches: 1, minSeconds: 0.3 });
    // Repeated, unless on a loaded machine the first batch alone already took about
    // minSeconds (the loop's own timer sees a little less than the run's).
    assert.ok(result.batches > 1 || result.msPerBatch > 150, `${result.batches} timed batches of ${result.msPerBatch} ms`);
    assert.ok(Number.isFinite(result.samplesPerSecond) && result.samplesPerSecond > 0);
  });
});
