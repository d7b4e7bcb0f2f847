// 3.4's three scoring functions, batched (scoring.ts), equal their loop definitions
// (scoring-loop.ts), with and without a padding mask.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { attend, scores, type AdditiveWeights, type ScoringKind } from "../../components/attention/scoring.js";
import { attendLoop } from "../../components/attention/scoring-loop.js";

before(async () => {
  await tf.setBackend("cpu");
});

const maxDiff = (a: number[][][], b: number[][][]) => Math.max(...a.flat(2).map((v, i) => Math.abs(v - b.flat(2)[i])));

describe("dot, scaled dot and additive attention against loops", () => {
  for (const kind of ["dot", "scaled-dot", "additive"] as ScoringKind[]) {
    for (const masked of [false, true]) {
      it(`${kind}${masked ? " with padding" : ""}: context and weights equal the loop to 1e-5, weights sum to 1`, async () => {
        const start = tf.memory().numTensors;
        // additive: queries and keys of different sizes (d_q 3, d_k 5); the dot forms need equal sizes.
        const [b, tq, tk, dq, dk, dv, a] = [2, 3, 6, kind === "additive" ? 3 : 5, 5, 4, 7];
        const q = tf.randomNormal([b, tq, dq], 0, 1, "float32", 1) as tf.Tensor3D;
        const k = tf.randomNormal([b, tk, dk], 0, 1, "float32", 2) as tf.Tensor3D;
        const v = tf.randomNormal([b, tk, dv], 0, 1, "float32", 3) as tf.Tensor3D;
        const w: AdditiveWeights = { wq: tf.randomNormal([dq, a], 0, 0.5, "float32", 4) as tf.Tensor2D, wk: tf.randomNormal([dk, a], 0, 0.5, "float32", 5) as tf.Tensor2D, v: tf.randomNormal([a], 0, 1, "float32", 6) as tf.Tensor1D };
        const maskRows = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]];
        const mask = masked ? tf.tensor2d(maskRows) : undefined;
        const { context, weights } = tf.tidy(() => attend(scores(kind, q, k, w), v, mask));
        const [qa, ka, va] = [(await q.array()) as number[][][], (await k.array()) as number[][][], (await v.array()) as number[][][]];
        const loopWeights = { wq: (await w.wq.array()) as number[][], wk: (await w.wk.array()) as number[][], v: (await w.v.array()) as number[] };
        const loops = qa.map((_, i) => attendLoop(kind, qa[i], ka[i], va[i], { weights: loopWeights, mask: masked ? maskRows[i] : undefined }));
        const [c, ws] = [(await context.array()) as number[][][], (await weights.array()) as number[][][]];
        assert.ok(maxDiff(c, loops.map((l) => l.context)) < 1e-5, "context");
        assert.ok(maxDiff(ws, loops.map((l) => l.weights)) < 1e-5, "weights");
        for (const row of ws.flat()) assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-5);
        if (masked) for (const row of ws[1]) assert.deepEqual(row.slice(3), [0, 0, 0], "padding gets weight exactly 0");
        tf.dispose([q, k, v, w.wq, w.wk, w.v, context, weights, ...(mask ? [mask] : [])]);
        assert.equal(tf.memory().numTensors, start, "no leak");
      });
    }
  }

  it("scaled dot = dot / √d, and additive attention needs its weights", async () => {
    const q = tf.randomNormal([1, 2, 16], 0, 1, "float32", 7) as tf.Tensor3D;
    const k = tf.randomNormal([1, 4, 16], 0, 1, "float32", 8) as tf.Tensor3D;
    const ratio = tf.tidy(() => scores("dot", q, k).div(scores("scaled-dot", q, k)));
    for (const r of await ratio.data()) assert.ok(Math.abs(r - 4) < 1e-4);
    ratio.dispose();
    assert.throws(() => scores("additive", q, k), /加性注意力需要权重/);
    tf.dispose([q, k]);
  });
});
