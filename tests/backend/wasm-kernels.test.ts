// The WASM training kernels against tfjs's CPU kernels, through the real gradients the
// book's models take (tf.grads of conv2d and of gather), on many shapes, strides and paddings.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { buildCnn, SMALL_CNN } from "../../components/nn/cnn.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(7);
const values = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs f on a backend with fresh tensors from the same numbers; returns plain arrays. */
async function on(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(f);
  const data = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(outs);
  assert.equal(tf.memory().numTensors, before, `no tensor leak on ${backend}`);
  return data;
}

/** max |a − b| over max |b|: float32 sums of 40,000 products differ in the last digits
 * between any two summation orders, so the error is measured against the tensor's scale. */
function relativeError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}

type Pad = "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]];

describe("Conv2DBackpropFilter on wasm", () => {
  const cases: [x: [number, number, number, number], k: number, outC: number, stride: number | [number, number], pad: Pad][] = [
    [[2, 5, 5, 1], 3, 2, 1, "valid"],
    [[3, 28, 28, 1], 3, 8, 1, "valid"],
    [[4, 13, 13, 8], 3, 16, 1, "valid"],
    [[2, 7, 6, 3], 3, 4, 2, "same"],
    [[2, 8, 9, 2], 5, 3, 3, "same"],
    [[1, 9, 9, 2], 3, 2, 2, "valid"],
    [[2, 10, 7, 2], 2, 3, [2, 1], "valid"],
    [[2, 9, 9, 2], 3, 2, 2, [[0, 0], [1, 2], [2, 0], [0, 0]]],
    [[1, 7, 5, 3], 3, 5, 1, "same"],
    [[1, 11, 9, 4], 3, 6, 2, "valid"],
    [[3, 12, 12, 5], 4, 7, 2, "same"],
    [[2, 6, 6, 3], 1, 4, 1, "valid"],
    [[64, 28, 28, 1], 3, 32, 1, "valid"],
    [[4, 13, 13, 32], 3, 64, 1, "valid"]
  ];
  for (const [xShape, k, outC, stride, pad] of cases) {
    it(`equals cpu for x [${xShape}], ${k}×${k}→${outC}, stride ${stride}, pad ${JSON.stringify(pad)}`, async () => {
      const fShape: [number, number, number, number] = [k, k, xShape[3], outC];
      const xv = values(size(xShape));
      const fv = values(size(fShape));
      const probe = (() => {
        const y = tf.conv2d(tf.tensor4d(xv, xShape), tf.tensor4d(fv, fShape), stride, pad);
        return values(size(y.shape));
      })();
      const grads = () => {
        const x = tf.tensor4d(xv, xShape);
        const f = tf.tensor4d(fv, fShape);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
          const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
          return y.mul(tf.tensor(probe, y.shape)).sum();
        });
        return g([x, f]);
      };
      const [cpuDx, cpuDf] = await on("cpu", grads);
      const [wasmDx, wasmDf] = await on("wasm", grads);
      assert.ok(relativeError(wasmDf, cpuDf) < 1e-5, `filter gradient: ${relativeError(wasmDf, cpuDf)}`);
      assert.ok(relativeError(wasmDx, cpuDx) < 1e-5, `input gradient: ${relativeError(wasmDx, cpuDx)}`);
    });
  }
});

describe("gradients through 3.2's CNN on wasm", () => {
  it("equal cpu's for every weight (conv, pool and dense gradients together)", async () => {
    const model = buildCnn({ ...SMALL_CNN, seed: 3 });
    const images = values(3 * 28 * 28).map((v) => Math.max(0, v));
    const labels = [3, 7, 1].flatMap((digit) => Array.from({ length: 10 }, (_, k) => (k === digit ? 1 : 0)));
    const grads = () => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.tensor2d(labels, [3, 10]), model.apply(tf.tensor4d(images, [3, 28, 28, 1])) as tf.Tensor) as tf.Scalar);
      return model.trainableWeights.map((w) => grads[w.originalName]);
    };
    const cpu = await on("cpu", grads);
    const wasm = await on("wasm", grads);
    assert.equal(wasm.length, 8);
    for (const [i, g] of wasm.entries()) assert.ok(relativeError(g, cpu[i]) < 1e-5, `${model.trainableWeights[i].name}: ${relativeError(g, cpu[i])}`);
    model.dispose();
  });
});

describe("UnsortedSegmentSum on wasm", () => {
  it("equals cpu, drops ids out of range, and sums repeated ids", async () => {
    const data = values(6 * 4);
    const ids = [0, 2, 2, -1, 4, 2];
    const f = () => [tf.unsortedSegmentSum(tf.tensor2d(data, [6, 4]), tf.tensor1d(ids, "int32"), 4)];
    const [cpu] = await on("cpu", f);
    const [wasm] = await on("wasm", f);
    assert.ok(relativeError(wasm, cpu) < 1e-6);
    assert.equal(wasm.slice(4, 8).every((v) => v === 0), true, "segment 1 has no members");
  });
  it("gives gather (embedding lookup) the same gradient as cpu", async () => {
    const table = values(10 * 5);
    const indices = [[1, 3, 3], [9, 0, 1]];
    const probe = values(2 * 3 * 5);
    const f = () => {
      const g = tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor2d(indices, [2, 3], "int32")).mul(tf.tensor3d(probe, [2, 3, 5])).sum());
      return [g(tf.tensor2d(table, [10, 5]))];
    };
    const [cpu] = await on("cpu", f);
    const [wasm] = await on("wasm", f);
    assert.ok(relativeError(wasm, cpu) < 1e-6);
  });
});

describe("MaxPoolGrad on wasm", () => {
  const cases: [x: [number, number, number, number], size: number, stride: number, pad: "valid" | "same"][] = [
    [[2, 26, 26, 4], 2, 2, "valid"],
    [[2, 11, 11, 3], 2, 2, "valid"],
    [[1, 9, 8, 2], 3, 2, "same"],
    [[2, 7, 7, 2], 3, 1, "valid"]
  ];
  for (const [xShape, poolSize, stride, pad] of cases) {
    it(`equals cpu for x [${xShape}], pool ${poolSize}, stride ${stride}, ${pad}, with ties`, async () => {
      // ReLU'd values: many exact zeros, so the first-maximum rule matters.
      const xv = values(size(xShape)).map((v) => Math.max(0, Math.round(v * 4) / 4));
      const probe = (() => {
        const y = tf.maxPool(tf.tensor4d(xv, xShape), poolSize, stride, pad);
        return values(size(y.shape));
      })();
      const f = () => {
        const g = tf.grad((x: tf.Tensor) => {
          const y = tf.maxPool(x as tf.Tensor4D, poolSize, stride, pad);
          return y.mul(tf.tensor(probe, y.shape)).sum();
        });
        return [g(tf.tensor4d(xv, xShape))];
      };
      const [cpu] = await on("cpu", f);
      const [wasm] = await on("wasm", f);
      // Windows that do not overlap give each dx one term: bit-identical. Overlapping ones
      // add their terms in another order than the CPU kernel.
      if (stride >= poolSize) assert.deepEqual(wasm, cpu, "bit-identical");
      else assert.ok(relativeError(wasm, cpu) < 1e-6, `${relativeError(wasm, cpu)}`);
    });
  }
  it("equals cpu where a window holds only −∞ or NaN (no maximum: no gradient)", async () => {
    const xv = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, NaN, 2, Number.NEGATIVE_INFINITY, NaN, 1, 1, 0, NaN, 3, 3, NaN, NaN, 5, NaN];
    const f = () => [tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, "valid").mul(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).sum())(tf.tensor4d(xv, [1, 4, 4, 1]))];
    const [cpu] = await on("cpu", f);
    const [wasm] = await on("wasm", f);
    assert.deepEqual(wasm, cpu);
  });
});

describe("BatchMatMul with transposes on wasm", () => {
  for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
    it(`equals cpu with transposeA=${ta}, transposeB=${tb}, batched`, async () => {
      const av = values(3 * 5 * 7);
      const bv = values(3 * 7 * 4);
      const f = () => [tf.matMul(tf.tensor3d(av, ta ? [3, 7, 5] : [3, 5, 7]), tf.tensor3d(bv, tb ? [3, 4, 7] : [3, 7, 4]), ta, tb)];
      const [cpu] = await on("cpu", f);
      const [wasm] = await on("wasm", f);
      assert.ok(relativeError(wasm, cpu) < 1e-5);
    });
  }
});

describe("Sum over leading axes on wasm (rows added into the output, no transpose)", () => {
  const cases: [number[], number | number[], boolean][] = [
    [[1, 1024, 128], 1, false],
    [[1024, 128], 0, true],
    [[6, 5, 4, 3], [1, 2], false],
    [[6, 5, 4, 3], [0, 1], true],
    [[6, 5, 4, 3], [-3], false],
    [[3, 7, 21], [1], false], // eight-column blocks and a remainder of five, three outer rows
    [[1, 640, 128], [0, 1], false] // the LSTM's bias gradient once its padding steps are skipped
  ];
  for (const [shape, axis, keepDims] of cases) {
    it(`is bit-identical to tfjs's transpose-then-sum for ${JSON.stringify(shape)} over ${JSON.stringify(axis)}${keepDims ? ", keepDims" : ""}`, async () => {
      const xv = values(size(shape));
      const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + shape.length : a));
      const rest = shape.map((_, i) => i).filter((i) => !axes.includes(i));
      // tfjs's own path: the summed axes moved last, where the book's kernel leaves tfjs's.
      const expected = () => [tf.sum(tf.transpose(tf.tensor(xv, shape), [...rest, ...axes]), axes.map((_, k) => rest.length + k))];
      const [reference] = await on("wasm", expected);
      const before = tf.memory().numTensors;
      const [fast] = await on("wasm", () => [tf.sum(tf.tensor(xv, shape), axis, keepDims)]);
      assert.equal(tf.memory().numTensors, before);
      assert.deepEqual(Array.from(fast), Array.from(reference));
      const outShape = tf.tidy(() => tf.sum(tf.zeros(shape), axis, keepDims).shape);
      assert.deepEqual(outShape, keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : rest.map((i) => shape[i]));
    });
  }
  it("leaves int32 sums and sums over the last axis to tfjs", async () => {
    const [ints] = await on("wasm", () => [tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], "int32"), 0)]);
    assert.deepEqual(Array.from(ints), [4, 6]);
    const [lastAxis] = await on("wasm", () => [tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2]), 1)]);
    assert.deepEqual(Array.from(lastAxis), [3, 7]);
  });
});

describe("UnsortedSegmentSum on cpu (one pass instead of one masked sum per segment)", () => {
  it("equals tfjs's own CPU kernel", async () => {
    const { registerCpuTrainingKernels } = await import("../../components/backend/wasm-kernels.js");
    const data = values(40 * 3);
    const ids = Array.from({ length: 40 }, (_, i) => (i * 7) % 13);
    const f = () => [tf.unsortedSegmentSum(tf.tensor2d(data, [40, 3]), tf.tensor1d(ids, "int32"), 13)];
    const [before] = await on("cpu", f);
    registerCpuTrainingKernels();
    const [after] = await on("cpu", f);
    assert.ok(relativeError(after, before) < 1e-6);
  });
});
