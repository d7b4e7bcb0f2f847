// The WASM Slice/Unpack/SplitV that copy only what they return (components/backend/wasm-slice.ts)
// against tfjs's CPU kernels, bit for bit: contiguous and strided slices of rank 1–5, every
// axis of unstack and split, float32, int32 and bool, and the LSTM's own uses (four gates
// out of [64, 128], a sequence unstacked by time step).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { copySlice } from "../../components/backend/wasm-slice.js";
import { seededRandom } from "../../components/data/synthetic.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(11);
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const floats = (shape: number[]) => Float32Array.from({ length: sizeOf(shape) }, () => random() * 2 - 1);
const ints = (shape: number[]) => Int32Array.from({ length: sizeOf(shape) }, () => Math.floor(random() * 1000) - 500);

/** The same ops on cpu and wasm from the same numbers: every output equal, nothing leaked. */
async function sameOnBoth(f: () => tf.Tensor[]): Promise<number> {
  const results: { shape: number[]; dtype: string; values: number[] }[][] = [];
  for (const backend of ["cpu", "wasm"]) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const outs = tf.tidy(f);
    results.push(await Promise.all(outs.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(await t.data()) }))));
    tf.dispose(outs);
    assert.equal(tf.memory().numTensors, before, `no tensor leak on ${backend}`);
  }
  assert.deepEqual(results[1], results[0]);
  return results[0].length;
}

describe("registration", () => {
  it("replaces tfjs-wasm's Slice, Unpack and SplitV", () => {
    assert.deepEqual(["Slice", "Unpack", "SplitV"].map((name) => tf.getKernel(name, "wasm")?.kernelFunc.name), ["bookSlice", "bookUnpack", "bookSplitV"]);
  });
});

describe("copySlice (the copy itself)", () => {
  it("copies a strided 3-D block row by row", () => {
    const x = Int32Array.from({ length: 24 }, (_, i) => i); // shape [2, 3, 4]
    const out = new Int32Array(2 * 2 * 2);
    copySlice(x, [2, 3, 4], [0, 1, 1], [2, 2, 2], out);
    assert.deepEqual(Array.from(out), [5, 6, 9, 10, 17, 18, 21, 22]);
  });
});

describe("Slice on wasm", () => {
  const cases: [number[], number[], number[]][] = [
    [[10], [3], [5]],
    [[4, 6], [1, 0], [2, 6]], // contiguous rows
    [[4, 6], [0, 2], [4, 3]], // strided columns
    [[3, 4, 5], [1, 1, 2], [2, 3, 3]],
    [[2, 3, 4, 5], [1, 0, 1, 1], [1, 3, 2, 4]],
    [[2, 2, 3, 2, 4], [0, 1, 1, 0, 2], [2, 1, 2, 2, 2]],
    [[5, 4], [2, 1], [0, 3]] // empty
  ];
  for (const [shape, begin, size] of cases) {
    it(`equals cpu for [${shape}] from [${begin}] size [${size}] (float32, int32, bool)`, async () => {
      const [f, i] = [floats(shape), ints(shape)];
      await sameOnBoth(() => [tf.slice(tf.tensor(f, shape), begin, size), tf.slice(tf.tensor(i, shape, "int32"), begin, size), tf.slice(tf.tensor(i, shape, "int32").greater(0), begin, size)]);
    });
  }
  it("accepts −1 sizes as tfjs does", async () => {
    const v = floats([4, 5]);
    await sameOnBoth(() => [tf.slice(tf.tensor2d(v, [4, 5]), [1, 2], [-1, -1])]);
  });
});

describe("Unpack (unstack) and SplitV (split) on wasm", () => {
  it("unstack equals cpu along every axis of a [3, 4, 5] tensor", async () => {
    const v = floats([3, 4, 5]);
    for (const axis of [0, 1, 2, -1]) assert.equal(await sameOnBoth(() => tf.unstack(tf.tensor3d(v, [3, 4, 5]), axis)), [3, 4, 5, 5].at(axis)!);
  });
  it("split equals cpu for equal and uneven sizes along every axis", async () => {
    const v = floats([4, 6, 3]);
    await sameOnBoth(() => [...tf.split(tf.tensor3d(v, [4, 6, 3]), 2, 0), ...tf.split(tf.tensor3d(v, [4, 6, 3]), [1, 4, 1], 1), ...tf.split(tf.tensor3d(v, [4, 6, 3]), [2, -1], 2)]);
  });
  it("the LSTM's uses: four gates out of [64, 128], a [64, 16, 32] sequence by time step", async () => {
    const gates = floats([64, 128]);
    const sequence = floats([64, 16, 32]);
    assert.equal(await sameOnBoth(() => [...tf.split(tf.tensor2d(gates, [64, 128]), 4, 1), ...tf.unstack(tf.tensor3d(sequence, [64, 16, 32]), 1)]), 4 + 16);
  });
  it("gradients through split and unstack still equal cpu's", async () => {
    const v = floats([8, 12]);
    const loss = (x: tf.Tensor) => {
      const [a, b, c] = tf.split(x, 3, 1);
      return tf.addN(tf.unstack(a.mul(b).add(c.square()), 0)).sum();
    };
    await sameOnBoth(() => [tf.grad(loss)(tf.tensor2d(v, [8, 12]))]);
  });
});
