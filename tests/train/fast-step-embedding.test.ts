// The Embedding stage of the fast step (components/train/fast-step-embedding.ts) against
// tf.layers.embedding's own apply and tfjs's autodiff, bit for bit on cpu and wasm: the
// looked-up rows, the table's gradient (ids repeated, padding 0 included) and the mask.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { chainOp } from "../../components/train/fast-step-stages.js";
import { embeddingFits, embeddingMask, embeddingStage } from "../../components/train/fast-step-embedding.js";

before(() => {
  registerWasmTrainingKernels();
  registerCpuTrainingKernels();
});
after(async () => {
  await tf.setBackend("cpu");
});

const [B, T, V, D] = [6, 7, 9, 5];
const random = seededRandom(5);
// Left padding (0) of varying length, then ids in 1…V−1, repeats likely.
const IDS = Array.from({ length: B * T }, (_, k) => (k % T < (k * 7) % 4 ? 0 : 1 + Math.floor(random() * (V - 1))));
const R = Array.from({ length: B * T * D }, () => random() * 2 - 1);

const bits = async (t: tf.Tensor) => {
  const v = await t.data();
  return Array.from(v instanceof Float32Array ? new Int32Array(v.buffer, v.byteOffset, v.length) : v);
};

describe("the Embedding stage", () => {
  for (const backend of ["cpu", "wasm"]) {
    it(`${backend}: rows, table gradient and mask equal tf.layers.embedding's and autodiff's bit for bit; no leak`, async () => {
      assert.ok(await tf.setBackend(backend));
      const start = tf.memory().numTensors;
      const layer = tf.layers.embedding({ inputDim: V, outputDim: D, maskZero: true, embeddingsInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 3 }) });
      const ids = tf.tensor2d(IDS, [B, T], "int32");
      const r = tf.tensor3d(R, [B, T, D]);
      tf.tidy(() => void layer.apply(ids));
      assert.ok(embeddingFits(layer, "int32") && !embeddingFits(layer, "float32"));
      const table = (layer.trainableWeights[0] as unknown as { read(): tf.Variable }).read();
      const run = async (lookup: () => tf.Tensor) => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(lookup(), r)) as tf.Scalar, [table]);
        const out = tf.tidy(lookup);
        const result = { out: await bits(out), grad: await bits(grads[table.name]) };
        tf.dispose([value, out, ...Object.values(grads)]);
        return result;
      };
      const theirs = await run(() => layer.apply(ids) as tf.Tensor);
      // The stage keeps nothing of its own beyond what chainOp holds inside the gradient's scope.
      const ours = await run(() => chainOp([embeddingStage(layer)], ids, false, (t) => t));
      assert.deepEqual(ours.out, theirs.out, "the looked-up rows");
      assert.deepEqual(ours.grad, theirs.grad, "the table's gradient");
      assert.ok(theirs.grad.some((v) => v !== 0));
      const [mask, layerMask] = tf.tidy(() => [embeddingMask(layer, ids)!, layer.computeMask(ids) as tf.Tensor]);
      assert.deepEqual(Array.from(await mask.data()), Array.from(await layerMask.data()), "the padding mask");
      assert.equal(mask.dtype, layerMask.dtype);
      tf.dispose([ids, r, mask, layerMask]);
      layer.dispose();
      assert.equal(tf.memory().numTensors, start, "no leak");
    });
  }
});
