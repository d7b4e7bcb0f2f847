// torchMultiheadAttention against torch.nn.MultiheadAttention: values computed once with
// PyTorch by tests/nn/torch-mha.py (committed next to this test as torch-mha.json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { torchMultiheadAttention } from "../../components/nn/torch-mha.js";
import { multiHeadAttention } from "../../components/nn/attention.js";

before(async () => {
  await tf.setBackend("cpu");
});

interface Case { name: string; query: number[][][]; key: number[][][]; value: number[][][]; output: number[][][]; weights: number[][][]; causal?: boolean; keyPadding?: number[][] }
const ref = JSON.parse(readFileSync(new URL("./torch-mha.json", import.meta.url), "utf8")) as { heads: number; inProjWeight: number[][]; inProjBias: number[]; outProjWeight: number[][]; outProjBias: number[]; cases: Case[] };
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

describe("torchMultiheadAttention", () => {
  for (const c of ref.cases)
    it(`matches nn.MultiheadAttention (${c.name})`, async () => {
      const before = tf.memory().numTensors;
      const w = { inProjWeight: tf.tensor2d(ref.inProjWeight), inProjBias: tf.tensor1d(ref.inProjBias), outProjWeight: tf.tensor2d(ref.outProjWeight), outProjBias: tf.tensor1d(ref.outProjBias) };
      const [q, k, v] = [tf.tensor3d(c.query), tf.tensor3d(c.key), tf.tensor3d(c.value)];
      const keyPadding = c.keyPadding ? tf.tensor2d(c.keyPadding) : undefined;
      const out = torchMultiheadAttention(q, k, v, w, ref.heads, { causal: c.causal, keyPadding });
      const outDiff = maxDiff(Array.from(await out.output.data()), c.output.flat(2));
      const weightDiff = maxDiff(Array.from(await out.weights.data()), c.weights.flat(2));
      assert.ok(outDiff < 1e-5, `output differs by ${outDiff}`);
      assert.ok(weightDiff < 1e-6, `weights differ by ${weightDiff}`);
      tf.dispose([out.output, out.weights, out.headWeights, q, k, v, ...Object.values(w), ...(keyPadding ? [keyPadding] : [])]);
      assert.equal(tf.memory().numTensors, before);
    });

  it("is the book's multiHeadAttention with wq = W_qᵀ … when the biases are 0", async () => {
    const e = 8;
    const inProjWeight = tf.randomNormal([3 * e, e], 0, 0.4, "float32", 1) as tf.Tensor2D;
    const outProjWeight = tf.randomNormal([e, e], 0, 0.4, "float32", 2) as tf.Tensor2D;
    const x = tf.randomNormal([2, 4, e], 0, 1, "float32", 3) as tf.Tensor3D;
    const [wq, wk, wv] = tf.split(inProjWeight, 3, 0).map((m) => m.transpose()) as tf.Tensor2D[];
    const book = multiHeadAttention(x, x, { wq, wk, wv, wo: outProjWeight.transpose() }, 2, { causal: true });
    const torchLike = torchMultiheadAttention(x, x, x, { inProjWeight, inProjBias: tf.zeros([3 * e]), outProjWeight, outProjBias: tf.zeros([e]) }, 2, { causal: true });
    assert.ok(maxDiff(Array.from(await book.output.data()), Array.from(await torchLike.output.data())) < 1e-5);
  });
});
