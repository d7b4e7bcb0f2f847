// The book's WASM GatherV2 (components/backend/wasm-gather.ts) against tfjs's CPU kernel and
// tfjs-wasm's own kernel, bit for bit: random indices (repeats included) on every axis of
// rank 1–4 inputs, batchDims 1 and 2, float32, int32 and bool, the LSTM step's three uses,
// tfjs's out-of-range error, and the gradient (UnsortedSegmentSum) through the lookup.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { gatherSlices } from "../../components/backend/wasm-gather.js";
import { seededRandom } from "../../components/data/synthetic.js";

let tfjsWasmGather: tf.KernelConfig;

before(async () => {
  tfjsWasmGather = { ...tf.getKernel("GatherV2", "wasm")! };
  assert.notEqual(tfjsWasmGather.kernelFunc.name, "bookGatherV2", "tfjs-wasm's own kernel is captured before the book's replaces it");
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(23);
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const floats = (shape: number[]) => Float32Array.from({ length: sizeOf(shape) }, () => random() * 2 - 1);
const ints = (shape: number[]) => Int32Array.from({ length: sizeOf(shape) }, () => Math.floor(random() * 1000) - 500);
const indices = (shape: number[], below: number) => Int32Array.from({ length: sizeOf(shape) }, () => Math.floor(random() * below));

/** f under tfjs-wasm's own GatherV2 for a moment (the book's is put back after). */
function withTfjsWasmGather<T>(f: () => T): T {
  const book = tf.getKernel("GatherV2", "wasm")!;
  tf.unregisterKernel("GatherV2", "wasm");
  tf.registerKernel(tfjsWasmGather);
  try {
    return f();
  } finally {
    tf.unregisterKernel("GatherV2", "wasm");
    tf.registerKernel(book);
  }
}

type Result = { shape: number[]; dtype: string; bits: number[] };
/** Outputs as raw bits (float32 through an Int32Array view), so −0 and 0 differ. */
async function bitsOf(outs: tf.Tensor[]): Promise<Result[]> {
  return Promise.all(
    outs.map(async (t) => {
      const v = await t.data();
      const bits = v instanceof Float32Array ? new Int32Array(v.buffer, v.byteOffset, v.length) : v;
      return { shape: t.shape, dtype: t.dtype, bits: Array.from(bits as ArrayLike<number>) };
    })
  );
}

/**
 * f on cpu, on wasm with tfjs-wasm's kernel and with the book's: the book's gives the same
 * bits as cpu, and as tfjs-wasm's unless `tfjsWasm` is false (with batchDims ≠ 0 tfjs-wasm
 * 4.22's kernel reads the wrong rows: [[0, 5], …] of a [4, 6, 3] range gave 24, 25, 26 for
 * row 1 where cpu gives 21, 22, 23, and denormal garbage for row 2). `cpuTolerance` compares
 * with cpu to that relative tolerance instead (a gradient: tfjs's CPU sums in float64, WASM in float32).
 * Nothing leaks.
 */
async function sameEverywhere(f: () => tf.Tensor[], { tfjsWasm = true, cpuTolerance = 0 } = {}): Promise<Result[]> {
  const results: Result[][] = [];
  const values: number[][][] = [];
  for (const [backend, run] of [["cpu", (g: () => tf.Tensor[]) => tf.tidy(g)], ["wasm", (g: () => tf.Tensor[]) => withTfjsWasmGather(() => tf.tidy(g))], ["wasm", (g: () => tf.Tensor[]) => tf.tidy(g)]] as const) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const outs = run(f);
    results.push(await bitsOf(outs));
    values.push(await Promise.all(outs.map(async (t) => Array.from(await t.data()))));
    tf.dispose(outs);
    assert.equal(tf.memory().numTensors, before, `no tensor leak on ${backend}`);
  }
  if (tfjsWasm) assert.deepEqual(results[2], results[1], "the book's kernel equals tfjs-wasm's");
  if (!cpuTolerance) assert.deepEqual(results[2], results[0], "the book's kernel equals cpu");
  else {
    assert.deepEqual(results[2].map((r) => r.shape), results[0].map((r) => r.shape));
    values[2].forEach((v, i) => v.forEach((x, j) => assert.ok(Math.abs(x - values[0][i][j]) <= cpuTolerance * Math.max(1, Math.abs(values[0][i][j])), `output ${i}[${j}]: ${x} vs cpu ${values[0][i][j]}`)));
  }
  return results[2];
}

describe("registration", () => {
  it("replaces tfjs-wasm's GatherV2", () => {
    assert.equal(tf.getKernel("GatherV2", "wasm")?.kernelFunc.name, "bookGatherV2");
  });
});

describe("gatherSlices (the copy itself)", () => {
  it("copies rows by index, repeats included, and keeps a NaN's payload", () => {
    const x = new Float32Array(6);
    const xBits = new Int32Array(x.buffer);
    xBits.set([1, 2, 0x7fc01234, 4, -0x80000000, 6]); // row 1 holds a NaN with a payload, row 2 −0
    const out = new Float32Array(8);
    gatherSlices(x, Int32Array.from([1, 0, 1, 2]), { batchSize: 1, outerSize: 1, dimSize: 3, sliceSize: 2 }, out);
    assert.deepEqual(Array.from(new Int32Array(out.buffer)), [0x7fc01234, 4, 1, 2, 0x7fc01234, 4, -0x80000000, 6]);
  });
});

describe("GatherV2 on wasm", () => {
  const cases: { shape: number[]; axis: number; indexShape: number[]; batchDims?: number }[] = [
    { shape: [10], axis: 0, indexShape: [7] },
    { shape: [6, 5], axis: 0, indexShape: [9] },
    { shape: [6, 5], axis: 1, indexShape: [3, 4] },
    { shape: [4, 3, 5], axis: 1, indexShape: [6] },
    { shape: [4, 3, 5], axis: 2, indexShape: [2, 3] },
    { shape: [3, 4, 2, 70], axis: 2, indexShape: [5] }, // slices ≥ 64 elements: TypedArray.set
    { shape: [4, 6, 3], axis: 1, indexShape: [4, 5], batchDims: 1 },
    { shape: [2, 3, 7, 2], axis: 2, indexShape: [2, 3, 4], batchDims: 2 },
    { shape: [2, 3, 7, 2], axis: 3, indexShape: [2, 4], batchDims: -1 },
    { shape: [5, 4], axis: 0, indexShape: [0] } // no indices
  ];
  for (const { shape, axis, indexShape, batchDims = 0 } of cases) {
    it(`equals cpu (and tfjs-wasm where it is right) for [${shape}] axis ${axis} by [${indexShape}], batchDims ${batchDims} (float32, int32, bool)`, async () => {
      const [f, i] = [floats(shape), ints(shape)];
      const at = indices(indexShape, shape[axis]);
      const out = await sameEverywhere(
        () => {
          const ids = tf.tensor(at, indexShape, "int32");
          return [tf.gather(tf.tensor(f, shape), ids, axis, batchDims), tf.gather(tf.tensor(i, shape, "int32"), ids, axis, batchDims), tf.gather(tf.tensor(i, shape, "int32").greater(0), ids, axis, batchDims)];
        },
        { tfjsWasm: batchDims === 0 }
      );
      assert.equal(out[0].bits.length, sizeOf(out[0].shape));
    });
  }
  it("the LSTM step's three: the batch's rows of x [768, 16] int32 and y [768, 1], the embedding of [64, 16] ids in a [28, 16] table", async () => {
    const [x, y, table] = [ints([768, 16]), floats([768, 1]), floats([28, 16])];
    const [rows, ids] = [indices([64], 768), indices([64, 16], 28)];
    await sameEverywhere(() => {
      const r = tf.tensor1d(rows, "int32");
      return [tf.gather(tf.tensor2d(x, [768, 16], "int32"), r), tf.gather(tf.tensor2d(y, [768, 1]), r), tf.gather(tf.tensor2d(table, [28, 16]), tf.tensor2d(ids, [64, 16], "int32"))];
    });
  });
  it("keeps −0 (a float copy would too, a sum would not)", async () => {
    const [out] = await sameEverywhere(() => [tf.gather(tf.tensor1d([-0, 1, -0]), tf.tensor1d([2, 0, 1], "int32"))]);
    assert.equal(out.bits[0], -0x80000000);
  });
  it("throws tfjs's error for an index outside the axis, and leaks nothing", () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(floats([4, 3]), [4, 3]);
    for (const bad of [[0, 4], [-1]]) {
      const ids = tf.tensor1d(bad, "int32");
      const tfjsMessage = captureMessage(() => withTfjsWasmGather(() => tf.gather(x, ids)));
      assert.match(tfjsMessage, /^GatherV2: the index value -?\d is not in \[0, 3\]$/);
      assert.equal(captureMessage(() => tf.gather(x, ids)), tfjsMessage);
      ids.dispose();
    }
    x.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
  it("the embedding gradient through the lookup equals tfjs-wasm's, and cpu's to 1e-6 relative", async () => {
    const table = floats([28, 16]);
    const ids = indices([64, 16], 28);
    await sameEverywhere(() => [tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor2d(ids, [64, 16], "int32")).square().sum())(tf.tensor2d(table, [28, 16]))], { cpuTolerance: 1e-6 });
  });
});

function captureMessage(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}
