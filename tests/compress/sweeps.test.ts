import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import type { CnnWeights } from "../../components/compress/cnn-weights.js";
import { tinyCnn } from "../fixtures/tiny-cnn.js";
import { denseSvd } from "../../components/compress/low-rank.js";
import { compareAll, pruneSweep, quantSweep, rankSweep } from "../../components/compress/sweeps.js";

let w: CnnWeights;
let x: tf.Tensor4D;
let labels: number[];
before(async () => ({ w, x, labels } = await tinyCnn()));

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
