// 5.3 activation calibration: percentiles by nearest rank, the quantised activations lie on
// the grid 0, s, …, (2^b − 1)s and saturate at the clip, min/max clips at the largest value
// seen, a percentile below it; the sweep gives a row per setting, refuses bad ones, leaks nothing.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import type { CnnWeights } from "../../components/compress/cnn-weights.js";
import { tinyCnn } from "../fixtures/tiny-cnn.js";
import { activationSweep, clipRanges, collectActivations, percentile, quantizeActivations } from "../../components/compress/activation-quant.js";
import { denseSvd } from "../../components/compress/low-rank.js";
import { rankFinetune } from "../../components/compress/sweeps.js";

let w: CnnWeights;
let x: tf.Tensor4D;
let labels: number[];
before(async () => ({ w, x, labels } = await tinyCnn()));

describe("activation calibration", () => {
  it("percentile by nearest rank", () => {
    const sorted = Float32Array.from({ length: 1000 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 99.9), 999);
    assert.equal(percentile(sorted, 50), 500);
    assert.equal(percentile(sorted, 0.01), 1);
  });

  it("quantised activations lie on the grid and saturate at the clip", async () => {
    const hook = quantizeActivations([3, 3, 3], 2); // grid 0, 1, 2, 3
    const out = tf.tidy(() => hook(tf.tensor1d([0, 0.4, 0.6, 1.49, 2.51, 3, 7]), 0));
    assert.deepEqual(Array.from(await out.data()), [0, 0, 1, 1, 3, 3, 3]);
    out.dispose();
    assert.throws(() => quantizeActivations([1, 1, 1], 0), /1 到 16/);
    assert.throws(() => quantizeActivations([1, 1], 8), /截断值/);
  });

  it("min/max takes the largest activation, a percentile clips below it; the sweep leaks nothing", async () => {
    const start = tf.memory().numTensors;
    const sorted = await collectActivations(w, x);
    assert.deepEqual(sorted.map((s) => s.length), [4 * 13 * 13 * 2, 4 * 5 * 5 * 4, 4 * 6]);
    const [max, p] = [clipRanges(sorted, "max"), clipRanges(sorted, 90)];
    max.forEach((m, i) => assert.equal(m, sorted[i][sorted[i].length - 1]));
    p.forEach((c, i) => assert.ok(c <= max[i]));
    assert.throws(() => clipRanges(sorted, 100), /分位数必须在 0 到 100 之间/);
    const rows = await activationSweep(w, x, { x, labels }, ["max", 99.9], [8, 2]);
    assert.deepEqual(rows.map((r) => [r.calibration, r.bits]), [["max", 8], ["max", 2], [99.9, 8], [99.9, 2]]);
    rows.forEach((r) => assert.ok(r.accuracy >= 0 && r.accuracy <= 1));
    await assert.rejects(activationSweep(w, x, { x, labels }, ["max"], [8, 17]), /1 到 16/);
    assert.equal(tf.memory().numTensors, start);
  });

  it("low-rank fine-tuning: one row per rank, bad ranks refused first", async () => {
    const svd = await denseSvd(w);
    const y = tf.oneHot(tf.tensor1d(labels, "int32"), 10).toFloat() as tf.Tensor2D;
    const start = tf.memory().numTensors;
    const rows = await rankFinetune(w, { x, labels }, { x, y }, svd, [1, 3], { epochs: 1, batchSize: 4 });
    assert.equal(tf.memory().numTensors, start);
    assert.deepEqual(rows.map((r) => [r.rank, r.parameters]), [[1, 2 * 9 + 2 + 4 * 18 + 4 + 106 + 6 + 60 + 10], [3, 2 * 9 + 2 + 4 * 18 + 4 + 318 + 6 + 60 + 10]]);
    await assert.rejects(rankFinetune(w, { x, labels }, { x, y }, svd, [2, 0], { epochs: 1 }), /秩必须是 1 到 6/);
    y.dispose();
  });
});
