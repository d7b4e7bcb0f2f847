import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { multiHeadAttention, positionalEncoding, scaledDotProductAttention } from "../../components/nn/attention.js";
import { attentionLoop } from "../../components/nn/attention-loop.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { TinyTransformer } from "../../components/nn/transformer.js";
import { alignmentByHead, reverseTask } from "../../components/data/sequence-tasks.js";

before(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(3);
const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => random() * 2 - 1));
const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

async function rows(t: tf.Tensor, ...index: number[]): Promise<number[][]> {
  let all = (await t.array()) as any;
  for (const i of index) all = all[i];
  return all as number[][];
}

describe("scaled dot-product attention", () => {
  for (const [tq, tk, d, causal, padded] of [[4, 4, 8, false, 0], [5, 5, 3, true, 0], [3, 6, 4, false, 2], [6, 6, 5, true, 1]] as const) {
    it(`equals the loop for T_q=${tq}, T_k=${tk}, d=${d}${causal ? ", causal" : ""}${padded ? `, ${padded} padded keys` : ""}; masked weights are 0 and rows sum to 1`, async () => {
      const [q, k, v] = [matrix(tq, d), matrix(tk, d), matrix(tk, 3)];
      const valid = tk - padded;
      const padding = tf.tensor2d([Array.from({ length: tk }, (_, j) => (j < valid ? 1 : 0))]);
      const inputs = [tf.tensor4d([[q]]), tf.tensor4d([[k]]), tf.tensor4d([[v]])];
      const start = tf.memory().numTensors;
      const { output, weights } = scaledDotProductAttention(inputs[0], inputs[1], inputs[2], { causal, padding: padded ? padding : undefined });
      const reference = attentionLoop(q, k, v, { allowed: (i, j) => j < valid && (!causal || j <= i) });
      const w = await rows(weights, 0, 0);
      assert.ok(maxDiff(w, reference.weights) < 1e-5);
      assert.ok(maxDiff(await rows(output, 0, 0), reference.output) < 1e-5);
      for (const [i, row] of w.entries()) {
        assert.ok(Math.abs(row.reduce((a, b) => a + b) - 1) < 1e-5, "a row sums to 1");
        for (const [j, value] of row.entries()) if (j >= valid || (causal && j > i)) assert.equal(value, 0, `weight (${i}, ${j}) is masked`);
      }
      tf.dispose([output, weights]);
      assert.equal(tf.memory().numTensors, start, "no leak");
      tf.dispose([padding, ...inputs]);
    });
  }
  it("saturates without 1/√d_k as d_k grows", async () => {
    const peak = async (d: number, scale: boolean) => {
      const q = tf.randomNormal([1, 1, 1, d], 0, 1, "float32", 1) as tf.Tensor4D;
      const k = tf.randomNormal([1, 1, 16, d], 0, 1, "float32", 2) as tf.Tensor4D;
      const { weights, output } = scaledDotProductAttention(q, k, k, { scale });
      const value = Math.max(...(await weights.data()));
      tf.dispose([q, k, weights, output]);
      return value;
    };
    assert.ok((await peak(512, false)) > 0.99, "unscaled: one key takes all the weight");
    assert.ok((await peak(512, true)) < 0.9, "scaled: the softmax stays soft");
  });
});

describe("multi-head attention", () => {
  it("equals the loop applied per head on the projected inputs, and a switched-off head contributes nothing", async () => {
    const [t, d, heads] = [5, 8, 2];
    const x = matrix(t, d);
    const w = { wq: matrix(d, d), wk: matrix(d, d), wv: matrix(d, d), wo: matrix(d, d) };
    const tensors = { wq: tf.tensor2d(w.wq), wk: tf.tensor2d(w.wk), wv: tf.tensor2d(w.wv), wo: tf.tensor2d(w.wo) };
    const xt = tf.tensor3d([x]);
    const { output, weights } = multiHeadAttention(xt, xt, tensors, heads, { causal: true });
    const mul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
    const [q, k, v] = [mul(x, w.wq), mul(x, w.wk), mul(x, w.wv)];
    const dh = d / heads;
    const perHead = Array.from({ length: heads }, (_, h) => {
      const cut = (m: number[][]) => m.map((row) => row.slice(h * dh, (h + 1) * dh));
      return attentionLoop(cut(q), cut(k), cut(v), { allowed: (i, j) => j <= i });
    });
    for (let h = 0; h < heads; h++) assert.ok(maxDiff(await rows(weights, 0, h), perHead[h].weights) < 1e-5, `head ${h} weights`);
    const concat = perHead[0].output.map((row, i) => [...row, ...perHead[1].output[i]]);
    assert.ok(maxDiff(await rows(output, 0), mul(concat, w.wo)) < 1e-4, "concatenate heads, then W_O");
    const off = multiHeadAttention(xt, xt, tensors, heads, { headMask: tf.tensor1d([1, 0]) });
    const unmasked = attentionLoop(q.map((r) => r.slice(0, dh)), k.map((r) => r.slice(0, dh)), v.map((r) => r.slice(0, dh)));
    assert.ok(maxDiff(await rows(off.output, 0), mul(unmasked.output.map((row) => [...row, ...new Array(dh).fill(0)]), w.wo)) < 1e-4);
    tf.dispose([xt, output, weights, off.output, off.weights, ...Object.values(tensors)]);
  });
});

describe("positional encoding", () => {
  it("is sin at even and cos at odd dimensions of pos / 10000^(2i/d)", async () => {
    const pe = await rows(positionalEncoding(50, 16));
    assert.equal(pe[0][0], 0);
    assert.equal(pe[0][1], 1);
    assert.ok(Math.abs(pe[1][0] - Math.sin(1)) < 1e-6);
    assert.ok(Math.abs(pe[1][1] - Math.cos(1)) < 1e-6);
    assert.ok(Math.abs(pe[7][4] - Math.sin(7 / 10000 ** (4 / 16))) < 1e-6, "PE(7, 2·2)");
    assert.ok(Math.abs(pe[7][5] - Math.cos(7 / 10000 ** (4 / 16))) < 1e-6, "PE(7, 2·2+1)");
    assert.ok(Math.abs(pe[49][15] - Math.cos(49 / 10000 ** (14 / 16))) < 1e-6);
  });
});

describe("TinyTransformer", () => {
  it("learns to reverse digits, with a head whose argmax attention follows the mirrored position", async () => {
    const train = reverseTask(1024, 6, { seed: 1 });
    const model = new TinyTransformer({ vocab: 10, length: 6, d: 32, heads: 2, layers: 1, ffn: 64 });
    const optimizer = tf.train.adam(0.005);
    const losses: number[] = [];
    for (let s = 0; s < 150; s++) {
      const start = (s * 64) % 1024;
      const [xb, yb] = [train.x.slice([start, 0], [64, 6]) as tf.Tensor2D, train.y.slice([start, 0], [64, 6]) as tf.Tensor2D];
      losses.push((await model.trainStep(optimizer, xb, yb)).loss);
      tf.dispose([xb, yb]);
    }
    assert.ok(losses.at(-1)! < losses[0] * 0.2, `loss ${losses[0]} → ${losses.at(-1)}`);
    const test = reverseTask(128, 6, { seed: 9 });
    const { logits, attentions } = model.forward(test.x);
    const scores = alignmentByHead(await attentions[0].data(), [128, 2, 6], test.alignment);
    assert.ok(Math.max(...scores) >= 0.9, `alignment per head ${scores}`);
    tf.dispose([logits, ...attentions]);
    train.dispose();
    test.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
