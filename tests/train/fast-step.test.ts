// The fast step computes what model.trainOnBatch computes: from the same initial weights,
// fit() with it and fit() with trainOnBatch give the same losses, accuracies and weights
// (3.2's CNN on real MNIST rows, 3.3's name classifier on real names, a dense model with
// dropout), with fewer kernels per step; what it does not support falls back to trainOnBatch.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { registerFusedAdam } from "../../components/backend/fused-adam.js";
import { loadMnist, mnistTensors, type MnistData } from "../../components/data/mnist.js";
import { loadNames, type NamesData } from "../../components/data/names.js";
import { makeCircles } from "../../components/data/synthetic.js";
import { buildCnn, SEED_CNN, SMALL_CNN } from "../../components/nn/cnn.js";
import { buildNameClassifier, NAME_LENGTH } from "../../components/nn/rnn-models.js";
import { CharVocab, encodeBatch } from "../../components/text/vocab.js";
import { fastStep } from "../../components/train/fast-step.js";
import { fit, type FitHistory } from "../../components/train/fit.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const load = (file: string) => execFileSync(process.execPath, ["--import", "tsx", join(root, "data", file)], { cwd: root, maxBuffer: 64 << 20 });

let mnist: MnistData;
let names: NamesData;
before(async () => {
  registerWasmTrainingKernels();
  registerFusedAdam(); // as the book's browser entry does: one Adam kernel per variable
  [mnist, names] = await Promise.all([loadMnist(load("mnist.bin.ts")), loadNames(load("names.json.ts").toString("utf8"))]);
});
after(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  build(): tf.LayersModel;
  loss: string;
  data(): { x: tf.Tensor; y: tf.Tensor };
  batchSize: number;
}

const cnn: Case = {
  build: () => buildCnn({ ...SMALL_CNN, seed: 3 }),
  loss: "categoricalCrossentropy",
  data: () => mnistTensors(mnist.train, { limit: 64 }),
  batchSize: 32
};

const names16: Case = {
  build: () => buildNameClassifier({ vocabSize: CharVocab.fromTexts(names.train.names).size, units: 8 }),
  loss: "binaryCrossentropy",
  data: () => {
    const list = names.train.names.slice(0, 96);
    const x = encodeBatch(CharVocab.fromTexts(names.train.names), list, NAME_LENGTH);
    return { x, y: tf.tensor2d(Array.from(names.train.labels.subarray(0, list.length)), [list.length, 1]) };
  },
  batchSize: 32
};

const dropoutMlp: Case = {
  build: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 16, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
        tf.layers.dropout({ rate: 0.3, seed: 7 }),
        tf.layers.dense({ units: 16, activation: "tanh", kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }),
        tf.layers.dense({ units: 2, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) })
      ]
    }),
  loss: "categoricalCrossentropy",
  data: () => makeCircles(128, { seed: 2 }),
  batchSize: 32
};

function compiled(c: Case, loss = c.loss, metrics: string[] = ["accuracy"]): tf.LayersModel {
  const model = c.build();
  model.compile({ optimizer: tf.train.adam(0.01), loss, metrics });
  return model;
}

function release(model: tf.LayersModel): void {
  model.optimizer.dispose();
  model.dispose();
}

async function maxDifference(a: tf.Tensor[], b: tf.Tensor[]): Promise<number> {
  let max = 0;
  for (const [i, t] of a.entries()) {
    const [u, v] = [await t.data(), await b[i].data()];
    for (let j = 0; j < u.length; j++) max = Math.max(max, Math.abs(u[j] - v[j]));
  }
  return max;
}

function assertClose(fast: FitHistory, slow: FitHistory, label: string): void {
  assert.equal(fast.batches.length, slow.batches.length);
  for (const [i, b] of slow.batches.entries()) {
    assert.ok(Math.abs(fast.batches[i].loss - b.loss) <= 1e-5, `${label} batch ${i}: loss ${fast.batches[i].loss} vs ${b.loss}`);
    assert.ok(Math.abs((fast.batches[i].accuracy ?? NaN) - (b.accuracy ?? NaN)) <= 1e-5, `${label} batch ${i}: accuracy ${fast.batches[i].accuracy} vs ${b.accuracy}`);
  }
}

/** Kernels one step of `step` runs (tf.profile; a count, not a timing). */
async function kernelsOf(step: () => Promise<unknown>): Promise<number> {
  return (await tf.profile(async () => void (await step()))).kernels.length;
}

for (const backend of ["cpu", "wasm"]) {
  describe(`fast training step on ${backend}`, () => {
    before(async () => {
      assert.ok(await tf.setBackend(backend));
    });

    for (const [label, c, loss] of [
      ["3.2's CNN", cnn, undefined],
      ["3.3's name classifier", names16, undefined],
      ["a dense model with dropout", dropoutMlp, undefined],
      ["a dense model under mean squared error", dropoutMlp, "meanSquaredError"]
    ] as const) {
      it(`${label}: the same losses, accuracies and weights as trainOnBatch, fewer kernels, no leak`, async () => {
        const start = tf.memory().numTensors;
        const { x, y } = c.data();
        const [slow, fast] = [compiled(c, loss), compiled(c, loss)];
        assert.ok(fastStep(fast), "the fast step supports this model");
        assert.ok((await maxDifference(slow.getWeights(), fast.getWeights())) === 0, "same initial weights");
        // tfjs's JavaScript convolutions are slow: one epoch for the CNN on cpu.
        const options = { epochs: backend === "cpu" && c === cnn ? 1 : 2, batchSize: c.batchSize, seed: 4 };
        const slowHistory = await fit(slow, x, y, { ...options, trainOnBatch: true });
        const fastHistory = await fit(fast, x, y, options);
        assertClose(fastHistory, slowHistory, label);
        const difference = await maxDifference(fast.getWeights(), slow.getWeights());
        assert.ok(difference <= 1e-5, `${label}: weights differ by ${difference}`);

        const [xb, yb] = [x.slice(0, c.batchSize), y.slice(0, c.batchSize)];
        const step = fastStep(fast)!;
        const slowKernels = await kernelsOf(() => slow.trainOnBatch(xb, yb));
        const fastKernels = await kernelsOf(() => step(xb, yb));
        assert.ok(fastKernels < slowKernels, `${label}: ${fastKernels} kernels per step vs trainOnBatch's ${slowKernels}`);
        tf.dispose([xb, yb, x, y]);
        release(slow);
        release(fast);
        assert.equal(tf.memory().numTensors, start, "no tensor left behind by either step");
      });
    }
  });
}

describe("kernels and failures", () => {
  it("one step of 3.2's CNN at its real size (batch 64, wasm) runs at most 80 kernels (issue 27)", async () => {
    assert.ok(await tf.setBackend("wasm"));
    const start = tf.memory().numTensors;
    const model = buildCnn({ ...SEED_CNN, seed: 3 });
    model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const { x, y } = mnistTensors(mnist.train, { limit: 64 });
    const step = fastStep(model)!;
    await step(x, y); // the optimizer creates its slots on the first step
    const kernels = await kernelsOf(() => step(x, y));
    assert.ok(kernels <= 80, `${kernels} kernels per step`);
    tf.dispose([x, y]);
    release(model);
    assert.equal(tf.memory().numTensors, start);
  });

  it("a step that throws half-way leaves no tensor behind", async () => {
    class Failing extends tf.layers.Layer {
      static className = "Failing";
      call(): tf.Tensor {
        throw new Error("failing layer");
      }
    }
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 2, kernelSize: 3, activation: "relu" }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        new Failing({}),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: "softmax" })
      ]
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const { x, y } = mnistTensors(mnist.train, { limit: 8 });
    const start = tf.memory().numTensors;
    await assert.rejects(fastStep(model)!(x, y), /failing layer/);
    assert.equal(tf.memory().numTensors, start);
    tf.dispose([x, y]);
    release(model);
  });
});

describe("what the fast step leaves to trainOnBatch", () => {
  it("regularizers, several outputs and models that are not Sequential", () => {
    const regularized = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, kernelRegularizer: tf.regularizers.l2() })] });
    regularized.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    assert.equal(fastStep(regularized), null);
    const input = tf.input({ shape: [2] });
    const functional = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor });
    functional.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    assert.equal(fastStep(functional), null);
    const twoHeads = tf.model({ inputs: input, outputs: [tf.layers.dense({ units: 1 }).apply(input), tf.layers.dense({ units: 1 }).apply(input)] as tf.SymbolicTensor[] });
    twoHeads.compile({ optimizer: "sgd", loss: ["meanSquaredError", "meanSquaredError"] });
    assert.equal(fastStep(twoHeads), null);
    assert.equal(fastStep(tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] })), null, "not compiled");
    [regularized, functional, twoHeads].forEach(release);
  });

  it("a batch of the wrong shape goes to trainOnBatch, which reports it", async () => {
    const model = compiled(dropoutMlp);
    const [x, y] = [tf.zeros([4, 3]), tf.zeros([4, 2])];
    assert.equal(await fastStep(model)!(x, y), null);
    await assert.rejects(fit(model, x, y, { epochs: 1, batchSize: 4 }), /shape/);
    tf.dispose([x, y]);
    release(model);
  });
});
