import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildCnn } from "../../components/nn/cnn.js";
import { readCnnWeights, type CnnWeights } from "../../components/compress/cnn-weights.js";
import { denseSvd } from "../../components/compress/low-rank.js";
import { compareAll, pruneSweep, quantSweep, rankSweep } from "../../components/compress/sweeps.js";

let w: CnnWeights;
let x: tf.Tensor4D;
const labels = [0, 1, 2, 3];
before(async () => {
  await tf.setBackend("cpu");
  const model = buildCnn({ filters: [2, 4], dense: 6, seed: 4 });
  w = await readCnnWeights(model);
  model.dispose();
  x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 8) as tf.Tensor4D;
});

describe("sweeps", () => {
  it("give one row per setting, accuracies in [0, 1]", async () => {
    const q = await quantSweep(w, { x, labels }, [8, 2], "symmetric");
    assert.deepEqual(q.map((r) => [r.granularity, r.bits]), [["per-tensor", 8], ["per-tensor", 2], ["per-channel", 8], ["per-channel", 2]]);
    const p = await pruneSweep(w, { x, labels }, [0, 0.5]);
    assert.equal(p.length, 4);
    const r = await rankSweep(w, { x, labels }, await denseSvd(w), [1, 6]);
    assert.deepEqual(r.map((row) => row.denseParameters), [106, 636]);
    for (const row of [...q, ...p, ...r]) assert.ok(row.accuracy >= 0 && row.accuracy <= 1);
    const c = await compareAll([{ weights: w }, { weights: w, accuracy: 0.5 }], { x, labels }, x);
    assert.equal(c[1].accuracy, 0.5);
    assert.ok(c.every((row) => row.latency > 0));
  });

  it("check every setting before evaluating anything", async () => {
    await assert.rejects(quantSweep(w, { x, labels }, [8, 17], "symmetric"), /1 到 16/);
    await assert.rejects(quantSweep(w, { x, labels }, [8, 1], "symmetric"), /至少需要 2 位/);
    await assert.rejects(pruneSweep(w, { x, labels }, [0.5, 1]), /稀疏度/);
    await assert.rejects(rankSweep(w, { x, labels }, await denseSvd(w), [4, 0]), /秩必须是 1 到 6/);
  });
});
