// Data parallelism on the page-thread stand-in for workers: the average of equal shards'
// gradients equals the full batch's gradient; a synchronous step with K = 2 equals the full-batch
// step; a worker lost mid-training does not lose the step or corrupt the replicas; GPipe over
// micro-batches equals one full-batch step; async SGD with τ = 0 is plain SGD. No tensor leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { averageGradients, DataParallelTrainer, splitBatch, type Batch } from "../../components/parallel/data-parallel.js";
import { initialParameters, lossAndGradient, maxAbsDifference, sgdUpdate } from "../../components/parallel/mlp.js";
import { startPool } from "../../components/parallel/pool.js";
import { gatherStages, gpipeStep, setupStages } from "../../components/parallel/pipeline.js";
import { staleSgd } from "../../components/parallel/async-sgd.js";

before(async () => {
  await tf.setBackend("cpu");
});

const sizes = [20, 16, 10];
function batchOf(n: number, inputs = 20, seed = 1): Batch {
  const x = Float32Array.from({ length: n * inputs }, (_, i) => Math.abs(Math.sin(seed * 97 + i * 0.37)));
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 10);
  return { x, labels, n, inputs };
}

describe("data parallel", () => {
  it("averages equal shards' gradients into the full-batch gradient", async () => {
    const params = initialParameters(sizes, 3);
    const batch = batchOf(24);
    const tensors = tf.memory().numTensors;
    const full = await lossAndGradient(params, sizes, batch.x, batch.labels, batch.n);
    for (const k of [2, 3, 4]) {
      const shards = await Promise.all(splitBatch(batch, k).map((s) => lossAndGradient(params, sizes, s.x, s.labels, s.n)));
      assert.ok(maxAbsDifference(averageGradients(shards.map((s) => s.gradient)), full.gradient) < 1e-6, `K=${k}`);
    }
    assert.equal(tf.memory().numTensors, tensors);
    assert.throws(() => splitBatch(batch, 5), /不能被 5 个 Worker 整除/);
  });

  it("one K = 2 step equals the full-batch step, and a lost worker neither loses a step nor corrupts a replica", async () => {
    const params = initialParameters(sizes, 5);
    const batch = batchOf(16);
    const pool = await startPool(2);
    assert.equal(pool.where, "page");
    const trainer = new DataParallelTrainer(pool, sizes, params);
    await trainer.broadcast();
    await trainer.step(batch, { lr: 0.5 });
    const expected = Float32Array.from(params);
    sgdUpdate(expected, (await lossAndGradient(params, sizes, batch.x, batch.labels, batch.n)).gradient, 0.5);
    assert.ok(maxAbsDifference(trainer.params, expected) < 1e-6);
    assert.equal(await trainer.replicaDrift(), 0);

    pool.workers[1].lose("模拟故障");
    const result = await trainer.step(batch, { lr: 0.5 });
    assert.equal(result.workers, 1);
    sgdUpdate(expected, (await lossAndGradient(expected, sizes, batch.x, batch.labels, batch.n)).gradient, 0.5);
    assert.ok(maxAbsDifference(trainer.params, expected) < 1e-5);
    assert.equal(await trainer.replicaDrift(), 0);
    pool.terminate();
    await assert.rejects(trainer.step(batch, { lr: 0.5 }), /所有 Worker 都已停止/);
  });

  it("a GPipe step over micro-batches equals one full-batch step", async () => {
    const deep = [20, 12, 12, 12, 10];
    const params = initialParameters(deep, 7);
    const batch = batchOf(12);
    const pool = await startPool(2);
    await setupStages(pool.workers, deep, params);
    const { spans, bubble } = await gpipeStep(pool.workers, batch, 3, 0.3);
    assert.equal(spans.length, 2 * 2 * 3);
    assert.ok(bubble >= 0 && bubble < 1);
    const expected = Float32Array.from(params);
    sgdUpdate(expected, (await lossAndGradient(params, deep, batch.x, batch.labels, batch.n)).gradient, 0.3);
    assert.ok(maxAbsDifference(await gatherStages(pool.workers), expected) < 1e-5);
    await assert.rejects(gpipeStep(pool.workers, batch, 5, 0.3), /不能被微批次数 5 整除/);
    pool.terminate();
  });

  it("async SGD with τ = 0 is plain SGD; a stale run differs", async () => {
    const params = initialParameters(sizes, 9);
    const batches = [batchOf(8, 20, 1), batchOf(8, 20, 2)];
    const fresh = await staleSgd(sizes, params, batches, batches[0], { tau: 0, lr: 0.5, steps: 4 });
    const expected = Float32Array.from(params);
    for (let t = 0; t < 4; t++) sgdUpdate(expected, (await lossAndGradient(expected, sizes, batches[t % 2].x, batches[t % 2].labels, 8)).gradient, 0.5);
    const last = (await lossAndGradient(expected, sizes, batches[0].x, batches[0].labels, 8)).loss;
    assert.ok(Math.abs(fresh.losses[3] - last) < 1e-5);
    const stale = await staleSgd(sizes, params, batches, batches[0], { tau: 2, lr: 0.5, steps: 4 });
    assert.notEqual(stale.losses[3], fresh.losses[3]);
  });
});
