// The encoder and decoder blocks against the same blocks written with plain loops
// (attentionLoop per head, LayerNorm and the feed-forward net element by element).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { decoderBlock, encoderBlock, initBlock, blockTensors, type DecoderBlockWeights, type EncoderBlockWeights } from "../../components/nn/blocks.js";
import { attentionLoop } from "../../components/nn/attention-loop.js";
import { seededRandom } from "../../components/data/synthetic.js";

before(async () => {
  await tf.setBackend("cpu");
});

type M = number[][];
const random = seededRandom(21);
const matrix = (rows: number, cols: number, scale = 1): M => Array.from({ length: rows }, () => Array.from({ length: cols }, () => (random() * 2 - 1) * scale));
const vector = (n: number, offset = 0) => Array.from({ length: n }, () => offset + random() * 0.4 - 0.2);
const mul = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const add = (a: M, b: M): M => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const maxDiff = (a: M, b: M) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

function layerNormLoop(x: M, gamma: number[], beta: number[]): M {
  return x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + 1e-5)) * gamma[j] + beta[j]);
  });
}

/** Plain numbers for every weight of a block, and the same weights as tensors. */
function randomBlock(d: number, ffn: number, decoder: boolean) {
  const attention = () => ({ wq: matrix(d, d, 0.5), wk: matrix(d, d, 0.5), wv: matrix(d, d, 0.5), wo: matrix(d, d, 0.5) });
  const norm = () => [vector(d, 1), vector(d)] as [number[], number[]];
  const plain = { attention: attention(), norm1: norm(), ffn: [matrix(d, ffn, 0.5), vector(ffn), matrix(ffn, d, 0.5), vector(d)] as [M, number[], M, number[]], norm2: norm(), cross: attention(), normCross: norm() };
  const mha = (w: typeof plain.attention) => ({ wq: tf.tensor2d(w.wq), wk: tf.tensor2d(w.wk), wv: tf.tensor2d(w.wv), wo: tf.tensor2d(w.wo) });
  const n = ([g, b]: [number[], number[]]) => [tf.tensor1d(g), tf.tensor1d(b)] as [tf.Tensor1D, tf.Tensor1D];
  const tensors: EncoderBlockWeights = { attention: mha(plain.attention), norm1: n(plain.norm1), ffn: [tf.tensor2d(plain.ffn[0]), tf.tensor1d(plain.ffn[1]), tf.tensor2d(plain.ffn[2]), tf.tensor1d(plain.ffn[3])], norm2: n(plain.norm2) };
  return { plain, tensors: decoder ? ({ ...tensors, cross: mha(plain.cross), normCross: n(plain.normCross) } as DecoderBlockWeights) : tensors };
}

function mhaLoop(x: M, memory: M, w: { wq: M; wk: M; wv: M; wo: M }, heads: number, allowed: (i: number, j: number) => boolean) {
  const [q, k, v] = [mul(x, w.wq), mul(memory, w.wk), mul(memory, w.wv)];
  const dh = q[0].length / heads;
  const perHead = Array.from({ length: heads }, (_, h) => {
    const cut = (m: M) => m.map((row) => row.slice(h * dh, (h + 1) * dh));
    return attentionLoop(cut(q), cut(k), cut(v), { allowed });
  });
  const concat = x.map((_, i) => perHead.flatMap((p) => p.output[i]));
  return { output: mul(concat, w.wo), weights: perHead.map((p) => p.weights) };
}

function ffnLoop(x: M, [w1, b1, w2, b2]: [M, number[], M, number[]]): M {
  const hidden = mul(x, w1).map((row) => row.map((v, j) => Math.max(0, v + b1[j])));
  return mul(hidden, w2).map((row) => row.map((v, j) => v + b2[j]));
}

const rowsOf = async (t: tf.Tensor, ...index: number[]) => {
  let all = (await t.array()) as any;
  for (const i of index) all = all[i];
  return all as M;
};

describe("Transformer blocks", () => {
  const [d, ffn, heads] = [8, 12, 2];

  it("the encoder block equals the loop version (padding mask included)", async () => {
    const { plain, tensors } = randomBlock(d, ffn, false);
    const x = matrix(5, d);
    const start = tf.memory().numTensors;
    const xt = tf.tensor3d([x]);
    const padding = tf.tensor2d([[1, 1, 1, 1, 0]]);
    const { output, weights } = encoderBlock(xt, tensors, heads, { padding });
    const attended = mhaLoop(x, x, plain.attention, heads, (_, j) => j < 4);
    const h = layerNormLoop(add(x, attended.output), ...plain.norm1);
    const expected = layerNormLoop(add(h, ffnLoop(h, plain.ffn)), ...plain.norm2);
    assert.ok(maxDiff(await rowsOf(output, 0), expected) < 1e-4, "output");
    for (let head = 0; head < heads; head++) assert.ok(maxDiff(await rowsOf(weights, 0, head), attended.weights[head]) < 1e-5, `head ${head}`);
    tf.dispose([xt, padding, output, weights]);
    assert.equal(tf.memory().numTensors, start, "no leak");
    tf.dispose(blockTensors(tensors));
  });

  it("the decoder block equals the loop version: causal self-attention, then cross-attention to the (padded) memory", async () => {
    const { plain, tensors } = randomBlock(d, ffn, true);
    const [y, memory] = [matrix(4, d), matrix(6, d)];
    const [yt, mt] = [tf.tensor3d([y]), tf.tensor3d([memory])];
    const memoryPadding = tf.tensor2d([[1, 1, 1, 1, 1, 0]]);
    const { output, selfWeights, crossWeights } = decoderBlock(yt, mt, tensors as DecoderBlockWeights, heads, { memoryPadding });
    const self = mhaLoop(y, y, plain.attention, heads, (i, j) => j <= i);
    const h1 = layerNormLoop(add(y, self.output), ...plain.norm1);
    const cross = mhaLoop(h1, memory, plain.cross, heads, (_, j) => j < 5);
    const h2 = layerNormLoop(add(h1, cross.output), ...plain.normCross);
    const expected = layerNormLoop(add(h2, ffnLoop(h2, plain.ffn)), ...plain.norm2);
    assert.ok(maxDiff(await rowsOf(output, 0), expected) < 1e-4, "output");
    for (let head = 0; head < heads; head++) {
      assert.ok(maxDiff(await rowsOf(selfWeights, 0, head), self.weights[head]) < 1e-5, `self head ${head}`);
      const crossRows = await rowsOf(crossWeights, 0, head);
      assert.ok(maxDiff(crossRows, cross.weights[head]) < 1e-5, `cross head ${head}`);
      assert.deepEqual(crossRows.map((row) => row[5]), [0, 0, 0, 0], "the padded memory position gets no weight");
    }
    assert.deepEqual(crossWeights.shape, [1, heads, 4, 6]);
    tf.dispose([yt, mt, memoryPadding, output, selfWeights, crossWeights, ...blockTensors(tensors)]);
  });

  it("a decoder position never depends on later target positions", async () => {
    const block = initBlock(d, ffn, (() => { let s = 3; return () => s++; })(), true);
    const memory = tf.randomNormal([1, 6, d], 0, 1, "float32", 1) as tf.Tensor3D;
    const y = matrix(5, d);
    const changed = y.map((row, i) => (i === 4 ? row.map((v) => v + 3) : row));
    const run = async (rows: M) => {
      const yt = tf.tensor3d([rows]);
      const { output, selfWeights, crossWeights } = decoderBlock(yt, memory, block, heads);
      const out = await rowsOf(output, 0);
      tf.dispose([yt, output, selfWeights, crossWeights]);
      return out;
    };
    const [before, after] = [await run(y), await run(changed)];
    assert.ok(maxDiff(before.slice(0, 4), after.slice(0, 4)) < 1e-6, "positions 0–3 unchanged");
    assert.ok(maxDiff([before[4]], [after[4]]) > 1e-3, "position 4 changed");
    tf.dispose([memory, ...blockTensors(block)]);
  });
});
