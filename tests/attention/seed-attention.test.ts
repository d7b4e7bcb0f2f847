// Seed 000 §4.3 rewritten: the seed's bmm fails on its own shapes; the fix equals Σ_t α_t x_t.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { seedAttentionPool, seedBmmAsWritten } from "../../components/attention/seed-attention.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("seed 000 §4.3's attention", () => {
  it("the seed's bmm throws a shape error for h > 1; the fixed pooling is the loop Σ α_t x_t", async () => {
    const start = tf.memory().numTensors;
    const x = tf.randomNormal([2, 5, 8], 0, 1, "float32", 1) as tf.Tensor3D;
    const weights = { w: tf.randomNormal([8, 1], 0, 1, "float32", 2) as tf.Tensor2D, b: tf.tensor1d([0.3]) };
    assert.throws(() => seedBmmAsWritten(x, weights), /inner dimensions|must match/i);
    const { pooled, alpha } = seedAttentionPool(x, weights);
    assert.deepEqual(pooled.shape, [2, 8]);
    const [xs, as, ps] = [(await x.array()) as number[][][], (await alpha.array()) as number[][], (await pooled.array()) as number[][]];
    for (let i = 0; i < 2; i++) {
      assert.ok(Math.abs(as[i].reduce((s, a) => s + a, 0) - 1) < 1e-6);
      for (let c = 0; c < 8; c++) {
        const loop = xs[i].reduce((s, row, t) => s + as[i][t] * row[c], 0);
        assert.ok(Math.abs(loop - ps[i][c]) < 1e-5);
      }
    }
    tf.dispose([x, weights.w, weights.b, pooled, alpha]);
    assert.equal(tf.memory().numTensors, start, "no leak (also after the seed's product threw)");
  });

  it("with h = 1 the seed's product runs, but gives a T × T matrix, not a pooled vector", () => {
    const x = tf.randomNormal([2, 5, 1], 0, 1, "float32", 3) as tf.Tensor3D;
    const weights = { w: tf.ones([1, 1]) as tf.Tensor2D, b: tf.zeros([1]) as tf.Tensor1D };
    const out = seedBmmAsWritten(x, weights);
    assert.deepEqual(out.shape, [2, 5, 5]);
    tf.dispose([x, weights.w, weights.b, out]);
  });
});
