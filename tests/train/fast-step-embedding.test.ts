// The Embedding stage of the fast step (components/train/fast-step-embedding.ts) against
// tf.layers.embedding's own apply and tfjs's autodiff, bit for bit on cpu and wasm: the
// looked-up rows, the table's gradient (ids repeated, padding 0 included) and the mask; and
// 3.3's name classifier trained through the fast step with it, against trainOnBatch.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { registerFusedAdam } from "../../components/backend/fused-adam.js";
import { registerLstmSequence } from "../../components/backend/fused-lstm-seq.js";
import { loadNames } from "../../components/data/names.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { buildNameClassifier, NAME_LENGTH } from "../../components/nn/rnn-models.js";
import { CharVocab, encodeBatch } from "../../components/text/vocab.js";
import { fastStep } from "../../components/train/fast-step.js";
import { fit } from "../../components/train/fit.js";
import { chainOp } from "../../components/train/fast-step-stages.js";
import { embeddingFits, embeddingMask, embeddingStage } from "../../components/train/fast-step-embedding.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

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
      const config = layer.getConfig();
      assert.ok(embeddingFits(layer, config, "int32") && !embeddingFits(layer, config, "float32"));
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
      const [mask, layerMask] = tf.tidy(() => [embeddingMask(config, ids)!, layer.computeMask(ids) as tf.Tensor]);
      assert.deepEqual(Array.from(await mask.data()), Array.from(await layerMask.data()), "the padding mask");
      assert.equal(mask.dtype, layerMask.dtype);
      tf.dispose([ids, r, mask, layerMask]);
      layer.dispose();
      assert.equal(tf.memory().numTensors, start, "no leak");
    });
  }
});

describe("3.3's name classifier through the fast step (wasm, batch 64)", () => {
  it("runs its embedding as one GatherV2 and one UnsortedSegmentSum, the mask once, no transposes; the losses and weights of trainOnBatch", async () => {
    assert.ok(await tf.setBackend("wasm"));
    registerFusedAdam();
    registerLstmSequence();
    const start = tf.memory().numTensors;
    const names = await loadNames(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, maxBuffer: 64 << 20 }).toString("utf8"));
    const vocab = CharVocab.fromTexts(names.train.names);
    const list = names.train.names.slice(0, 128);
    const x = encodeBatch(vocab, list, NAME_LENGTH);
    const y = tf.tensor2d(Array.from(names.train.labels.subarray(0, list.length)), [list.length, 1]);
    const build = () => {
      const model = buildNameClassifier({ vocabSize: vocab.size, units: 32 });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy", metrics: ["accuracy"] });
      return model;
    };
    const [slow, fast] = [build(), build()];
    const [slowHistory, fastHistory] = [await fit(slow, x, y, { epochs: 2, batchSize: 64, trainOnBatch: true }), await fit(fast, x, y, { epochs: 2, batchSize: 64 })];
    fastHistory.batches.forEach((b, i) => assert.ok(Math.abs(b.loss - slowHistory.batches[i].loss) <= 1e-5, `batch ${i}: loss ${b.loss} vs ${slowHistory.batches[i].loss}`));
    const [a, b] = [fast.getWeights(), slow.getWeights()];
    // The fast step's loss head differentiates in closed form (fast-step-stages.ts): the same to 1e-5, as in fast-step.test.ts.
    for (const [i, w] of a.entries()) {
      const [u, v] = [await w.data(), await b[i].data()];
      u.forEach((value, j) => assert.ok(Math.abs(value - v[j]) <= 1e-5, `weight ${i}[${j}]: ${value} vs ${v[j]}`));
    }
    const [xb, yb] = [x.slice(0, 64), y.slice(0, 64)];
    const step = fastStep(fast)!;
    const kernels = (await tf.profile(async () => void (await step(xb, yb)))).kernels.map((k) => k.name);
    const count = (name: string) => kernels.filter((k) => k === name).length;
    assert.deepEqual([count("GatherV2"), count("UnsortedSegmentSum"), count("NotEqual"), count("Transpose")], [1, 1, 1, 0], kernels.join(" "));
    tf.dispose([x, y, xb, yb]);
    for (const m of [slow, fast]) {
      m.optimizer.dispose();
      m.dispose();
    }
    assert.equal(tf.memory().numTensors, start, "no leak");
  });
});
