// The whole-sequence LSTM kernels (components/backend/fused-lstm-seq.ts) against the per-step
// kernels they loop over, bit for bit on cpu and on wasm: the kernels themselves from random
// inputs (with and without mask, last step or every step, one step alone), FastLstm's output
// and every weight's gradient through them (and against tf.layers.lstm's autodiff), 3.3's
// name classifier trained for a few batches (the same losses), one kernel each way per
// training step, and no leak.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { LSTM_CELL, LSTM_CELL_GRAD } from "../../components/backend/fused-lstm.js";
import { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD, lstmSequenceAvailable, registerLstmSequence, unregisterLstmSequence } from "../../components/backend/fused-lstm-seq.js";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { loadNames } from "../../components/data/names.js";
import { buildNameClassifier, NAME_LENGTH } from "../../components/nn/rnn-models.js";
import { CharVocab, encodeBatch } from "../../components/text/vocab.js";
import { fastLstm } from "../../components/nn/fast-lstm.js";
import { IDS, maxDiff, run, STEPS, trainingStepKernels, usePath, VOCAB, type LstmPath } from "./fused-lstm-fixture.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  usePath("sequence");
  await tf.setBackend("cpu");
});

const BACKENDS = ["cpu", "wasm"];

describe("FastLstm through the sequence kernels", () => {
  for (const backend of BACKENDS) {
    for (const masked of [true, false]) {
      for (const returnSequences of [false, true]) {
        it(`${backend}, ${masked ? "masked" : "unmasked"}, ${returnSequences ? "every step" : "last step"}: the per-step kernels' and the unfused ops' outputs and gradients, bit for bit`, async () => {
          await tf.setBackend(backend);
          const [unfused, step, sequence] = [await run("unfused", masked, returnSequences), await run("step", masked, returnSequences), await run("sequence", masked, returnSequences)];
          assert.equal(sequence.grads.length, 4, "embedding, kernel, recurrent kernel, bias");
          for (const [name, other] of [["step kernels", step], ["unfused ops", unfused]] as const) {
            assert.equal(maxDiff(sequence.output, other.output), 0, `outputs differ from the ${name}'`);
            sequence.grads.forEach((g, i) => assert.equal(maxDiff(g, other.grads[i]), 0, `gradient ${i} differs from the ${name}'`));
          }
        });
      }
    }
  }

  it("wasm: tf.layers.lstm's outputs to 1e-6 and autodiff gradients to 1e-5 (masked, every step)", async () => {
    await tf.setBackend("wasm");
    usePath("sequence");
    const start = tf.memory().numTensors;
    const build = (fast: boolean) => {
      let m = null as unknown as tf.Sequential;
      tf.tidy(() => {
        const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.7, maxval: 0.7, seed });
        const args = { units: 4, returnSequences: true, recurrentActivation: "sigmoid" as const, unitForgetBias: true, kernelInitializer: init(2), recurrentInitializer: init(3), biasInitializer: init(4) };
        m = tf.sequential({ layers: [tf.layers.embedding({ inputDim: VOCAB, outputDim: 3, inputLength: STEPS, maskZero: true, embeddingsInitializer: init(1) }), fast ? fastLstm(args) : tf.layers.lstm(args)] });
      });
      return m;
    };
    const [theirs, ours] = [build(false), build(true)];
    const ids = tf.tensor2d(IDS, [IDS.length, STEPS], "int32");
    const r = tf.randomNormal([IDS.length, STEPS, 4], 0, 1, "float32", 7);
    const readBack = async (m: tf.Sequential) => {
      const variables = m.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(m.apply(ids) as tf.Tensor, r)) as tf.Scalar, variables);
      const y = m.predict(ids) as tf.Tensor;
      const out = { y: await y.data(), grads: await Promise.all(variables.map((v) => grads[v.name].data())) };
      tf.dispose([value, y, ...Object.values(grads)]);
      return out;
    };
    const [a, b] = [await readBack(theirs), await readBack(ours)];
    assert.ok(maxDiff(a.y, b.y) < 1e-6, `outputs differ by ${maxDiff(a.y, b.y)}`);
    a.grads.forEach((g, i) => assert.ok(maxDiff(g, b.grads[i]) < 1e-5, `gradient ${i} differs by ${maxDiff(g, b.grads[i])}`));
    tf.dispose([ids, r]);
    theirs.dispose();
    ours.dispose();
    assert.equal(tf.memory().numTensors, start, "no leak");
  });
});

describe("the sequence kernels", () => {
  const random = seededRandom(11);
  const floats = (shape: number[], scale: number) => tf.tensor(Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => (random() - 0.5) * scale), shape);
  const [B, F, U] = [5, 3, 4];

  /** A FastLstm layer's output and d(Σ output ⊙ r)/d(x, W, U, b) through `path`, from
   * inputs x given directly (no embedding), with or without bias and mask. */
  async function layerRun(path: LstmPath, x: tf.Tensor, mask: tf.Tensor | null, useBias: boolean, returnSequences: boolean) {
    usePath(path);
    const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.8, maxval: 0.8, seed });
    const layer = fastLstm({ units: U, returnSequences, useBias, recurrentActivation: "sigmoid", kernelInitializer: init(1), recurrentInitializer: init(2), biasInitializer: init(3) });
    tf.tidy(() => void layer.apply(x));
    const xVar = tf.variable(x);
    const variables = [xVar, ...layer.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read())];
    const shape = returnSequences ? [B, x.shape[1]!, U] : [B, U];
    const r = tf.randomNormal(shape, 0, 1, "float32", 5);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xVar, mask ? { mask } : {}) as tf.Tensor, r)) as tf.Scalar, variables);
    const y = layer.apply(x, mask ? { mask } : {}) as tf.Tensor;
    const out = [await y.data(), ...(await Promise.all(variables.map((v) => grads[v.name].data())))];
    tf.dispose([xVar, r, value, y, ...Object.values(grads)]);
    layer.dispose();
    return out;
  }

  for (const backend of BACKENDS) {
    it(`${backend}: a layer's output and the gradients of x, W, U, b, those of the per-step kernels bit for bit (mask or not, bias or not, last or every step, one step alone), no leak`, async () => {
      await tf.setBackend(backend);
      const start = tf.memory().numTensors;
      for (const steps of [5, 1]) {
        for (const [masked, useBias, returnSequences] of [[true, true, false], [true, false, true], [false, true, true], [false, false, false]]) {
          const x = floats([B, steps, F], 4);
          // Rows: real inputs, padding, padding inside, all padding.
          const mask = masked ? tf.tensor2d(Array.from({ length: B * steps }, (_, k) => (k % 3 === 1 || k >= (B - 1) * steps ? 0 : 1)), [B, steps], "bool") : null;
          const [want, got] = [await layerRun("step", x, mask, useBias, returnSequences), await layerRun("sequence", x, mask, useBias, returnSequences)];
          const label = `${steps} steps, ${masked ? "masked" : "unmasked"}, ${useBias ? "bias" : "no bias"}, ${returnSequences ? "every step" : "last step"}`;
          assert.equal(got.length, useBias ? 5 : 4, label);
          got.forEach((g, k) => assert.equal(maxDiff(g, want[k]), 0, `${["y", "∂x", "∂W", "∂U", "∂b"][k]}: ${label}`));
          assert.ok(got[1].some((v) => v !== 0), "a gradient flows to x");
          tf.dispose([x, ...(mask ? [mask] : [])]);
        }
      }
      assert.equal(tf.memory().numTensors, start, "no leak");
    });
  }

  it("skip the steps that are padding in every row (left padding), with the per-step kernels' outputs and gradients", async () => {
    const steps = 6;
    // Steps 0–2 padding in every row (row 2 is padding throughout), then real inputs with gaps.
    const maskValues = Array.from({ length: B * steps }, (_, k) => (k % steps >= 3 && Math.floor(k / steps) !== 2 && k % 4 !== 1 ? 1 : 0));
    for (const backend of BACKENDS) {
      await tf.setBackend(backend);
      const start = tf.memory().numTensors;
      for (const [useBias, returnSequences] of [[true, false], [false, true]]) {
        const x = floats([B, steps, F], 4);
        const mask = tf.tensor2d(maskValues, [B, steps], "bool");
        const [want, got] = [await layerRun("step", x, mask, useBias, returnSequences), await layerRun("sequence", x, mask, useBias, returnSequences)];
        got.forEach((g, k) => assert.equal(maxDiff(g, want[k]), 0, `${backend}, ${["y", "∂x", "∂W", "∂U", "∂b"][k]}, ${returnSequences ? "every step" : "last step"}`));
        tf.dispose([x, mask]);
      }
      assert.equal(tf.memory().numTensors, start, "no leak");
    }
    // On wasm the forward kernel calls the backend's Tanh twice per computed step: 3 of 6 here.
    await tf.setBackend("wasm");
    const tanh = tf.getKernel("Tanh", "wasm")!;
    let calls = 0;
    tf.unregisterKernel("Tanh", "wasm");
    tf.registerKernel({ ...tanh, kernelFunc: (args) => (calls++, tanh.kernelFunc(args)) });
    try {
      const inputs = { x: floats([B, steps, F], 4), kernel: floats([F, 4 * U], 1), u: floats([U, 4 * U], 1), mask: tf.tensor2d(maskValues, [B, steps], "bool") };
      tf.dispose(tf.engine().runKernel(LSTM_SEQUENCE, inputs, { everyStep: false }) as tf.Tensor[]);
      tf.dispose(Object.values(inputs));
    } finally {
      tf.unregisterKernel("Tanh", "wasm");
      tf.registerKernel(tanh);
    }
    assert.equal(calls, 2 * 3, "three steps computed, three skipped");
  });

  it("are found only where registered, and refuse a missing input", async () => {
    registerLstmSequence();
    assert.ok(lstmSequenceAvailable("cpu") && lstmSequenceAvailable("wasm") && !lstmSequenceAvailable("webgpu"));
    await tf.setBackend("cpu");
    const x = tf.zeros([1, 2, 3]);
    assert.throws(() => tf.engine().runKernel(LSTM_SEQUENCE, { x }, { everyStep: false }), /kernel is missing/);
    x.dispose();
    unregisterLstmSequence();
    assert.ok(!lstmSequenceAvailable("wasm"));
    registerLstmSequence();
  });

  it("run once each way in a training step on wasm (no per-step kernels, sigmoids, tanhs or stacking)", async () => {
    const count = await trainingStepKernels("sequence");
    assert.equal(count(LSTM_SEQUENCE), 1);
    assert.equal(count(LSTM_SEQUENCE_GRAD), 1);
    assert.equal(count(LSTM_CELL) + count(LSTM_CELL_GRAD) + count("Tanh") + count("Sigmoid") + count("Pack") + count("_FusedMatMul"), 1, "only the dense layer's product");
  });
});

describe("3.3's name classifier", () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const BATCH = 32;

  /** Losses of a few batches of real names, the same seeded model each time. */
  async function losses(names: string[], labels: Uint8Array): Promise<number[]> {
    const start = tf.memory().numTensors;
    const vocab = CharVocab.fromTexts(names);
    const model = buildNameClassifier({ vocabSize: vocab.size, units: 32 });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: "binaryCrossentropy" });
    const out: number[] = [];
    for (let k = 0; k < 4; k++) {
      const x = encodeBatch(vocab, names.slice(k * BATCH, (k + 1) * BATCH), NAME_LENGTH);
      const y = tf.tensor2d(Array.from(labels.subarray(k * BATCH, (k + 1) * BATCH)), [BATCH, 1]);
      out.push((await model.trainOnBatch(x, y)) as number);
      tf.dispose([x, y]);
    }
    model.dispose();
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, start, "no leak");
    return out;
  }

  it("trains to the same losses through the sequence kernels as through the per-step kernels (cpu and wasm)", async () => {
    const data = await loadNames(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, maxBuffer: 64 << 20 }).toString("utf8"));
    const [names, labels] = [data.train.names.slice(0, 4 * BATCH), data.train.labels];
    for (const backend of BACKENDS) {
      await tf.setBackend(backend);
      usePath("step");
      const step = await losses(names, labels);
      usePath("sequence");
      const sequence = await losses(names, labels);
      assert.deepEqual(sequence, step, backend);
      assert.ok(step.every(Number.isFinite) && step[3] !== step[0], `${backend}: it trains (${step.join(", ")})`);
    }
  });
});
