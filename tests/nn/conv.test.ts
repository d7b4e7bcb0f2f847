import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { channel, conv2dLoop, convOutputSize, maxPoolLoop, rotate180, toImage, toKernel, trueConv2dLoop, type Padding } from "../../components/nn/conv.js";
import { seededRandom } from "../../components/data/synthetic.js";

before(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(42);
const array = (shape: number[]): any => (shape.length === 1 ? Array.from({ length: shape[0] }, () => random() * 2 - 1) : Array.from({ length: shape[0] }, () => array(shape.slice(1))));

async function maxDiff(a: number[][][], b: tf.Tensor): Promise<number> {
  const values = await b.data();
  assert.equal(a.flat(2).length, values.length, "same number of values");
  return Math.max(...a.flat(2).map((v, i) => Math.abs(v - values[i])));
}

describe("conv2dLoop", () => {
  const cases: [h: number, w: number, cin: number, k: number, cout: number, stride: number, padding: Padding][] = [
    [5, 5, 1, 3, 1, 1, "valid"],
    [7, 6, 2, 3, 4, 2, "same"],
    [8, 8, 3, 5, 2, 3, "same"],
    [6, 9, 1, 2, 3, 2, "valid"],
    [9, 9, 2, 3, 2, 2, 1],
    [28, 28, 1, 3, 8, 1, "valid"]
  ];
  for (const [h, w, cin, k, cout, stride, padding] of cases) {
    it(`matches tf.conv2d for ${h}×${w}×${cin}, kernel ${k}×${k}×${cout}, stride ${stride}, padding ${padding}`, async () => {
      const x = array([h, w, cin]);
      const kernel = array([k, k, cin, cout]);
      const ours = conv2dLoop(x, kernel, { stride, padding });
      const theirs = tf.tidy(() => tf.conv2d(tf.tensor3d(x), tf.tensor4d(kernel), stride, typeof padding === "number" ? ([[0, 0], [padding, padding], [padding, padding], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]) : padding));
      assert.deepEqual([ours.length, ours[0].length, ours[0][0].length], theirs.shape);
      assert.ok((await maxDiff(ours, theirs)) < 1e-5);
      theirs.dispose();
    });
  }
  it("computes the output size of 公式 3.2.3", () => {
    assert.equal(convOutputSize(28, 3, 0, 1), 26);
    assert.equal(convOutputSize(5, 3, 1, 2), 3);
    assert.equal(conv2dLoop(array([5, 5, 1]), array([3, 3, 1, 1]), { stride: 2, padding: 1 }).length, 3);
  });
  it("gives the output shape tf.layers.conv2d and maxPooling2d compute (valid padding)", () => {
    for (const [n, k, s] of [[28, 3, 1], [28, 5, 2], [13, 3, 1], [11, 2, 2], [32, 3, 3]]) {
      const conv = tf.layers.conv2d({ filters: 1, kernelSize: k, strides: s });
      const pool = tf.layers.maxPooling2d({ poolSize: k, strides: s });
      const expected = convOutputSize(n, k, 0, s);
      assert.deepEqual(conv.computeOutputShape([null, n, n, 1]), [null, expected, expected, 1], `conv n=${n} k=${k} s=${s}`);
      assert.deepEqual(pool.computeOutputShape([null, n, n, 1]), [null, expected, expected, 1], `pool n=${n} k=${k} s=${s}`);
    }
  });
});

describe("true convolution vs cross-correlation", () => {
  it("differ by a 180° turn of the kernel", () => {
    const x = toImage([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const k = toKernel([[1, 0], [0, 0]]); // picks the top-left pixel of each window
    assert.deepEqual(channel(conv2dLoop(x, k)), [[1, 2], [4, 5]]);
    assert.deepEqual(channel(trueConv2dLoop(x, k)), [[5, 6], [8, 9]]); // flipped: bottom-right
    assert.deepEqual(channel(trueConv2dLoop(x, rotate180(k))), channel(conv2dLoop(x, k)));
  });
});

describe("maxPoolLoop", () => {
  for (const [h, w, c, size, stride, padding] of [[4, 4, 1, 2, 2, "valid"], [7, 5, 3, 3, 2, "same"], [6, 6, 2, 2, 1, "valid"]] as [number, number, number, number, number, "valid" | "same"][]) {
    it(`matches tf.maxPool for ${h}×${w}×${c}, window ${size}, stride ${stride}, ${padding}`, async () => {
      const x = array([h, w, c]);
      const ours = maxPoolLoop(x, { size, stride, padding });
      const theirs = tf.tidy(() => tf.maxPool(tf.tensor3d(x), size, stride, padding));
      assert.deepEqual([ours.length, ours[0].length, ours[0][0].length], theirs.shape);
      assert.ok((await maxDiff(ours, theirs)) < 1e-6);
      theirs.dispose();
    });
  }
});
