import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { compareNormPlacement, warmupFactor } from "../../components/gpt/norm-placement.js";
import { lmWindows } from "../../components/gpt/windows.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("compareNormPlacement", () => {
  it("warms up linearly", () => {
    assert.deepEqual([0, 1, 3, 9].map((s) => warmupFactor(s, 4)), [0.25, 0.5, 1, 1]);
    assert.equal(warmupFactor(0, 0), 1);
  });
  it("trains four runs from the same start on the same batches, and frees everything", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => (i * 7) % 5);
    const { inputs, targets } = lmWindows(ids, 8, 4);
    const before = tf.memory().numTensors;
    const runs = await compareNormPlacement(inputs, targets, { model: { vocab: 5, context: 8, d: 8, heads: 2, layers: 2, ffn: 16 }, steps: 3, learningRate: 0.01, warmupSteps: 2, batchSize: 4 });
    assert.deepEqual(runs.map((r) => `${r.norm}/${r.warmup}`), ["post/false", "post/true", "pre/false", "pre/true"]);
    for (const r of runs) assert.equal(r.losses.length, 3);
    assert.equal(runs[0].losses[0], runs[1].losses[0], "same weights, same first batch → same first loss");
    assert.notEqual(runs[0].losses[1], runs[1].losses[1], "the warm-up changed the first update");
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([inputs, targets]);
  });
});
