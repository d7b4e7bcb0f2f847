// The fused LSTM step kernels' WGSL (components/backend/fused-lstm-webgpu.ts) on tfjs's real
// WebGPU backend, in Node over Dawn (npm package `webgpu`): each kernel against the cpu kernel
// (fused-lstm-math.ts) to 1e-5 on random inputs, every variant (first/last step, mask, every
// step); a masked model's loss and every gradient (LSTM output: last step or every step)
// against the cpu backend's and tf.layers.lstm's to 1e-4; one kernel per time step each way
// in a training step; no leak, no WebGPU error.
// It needs a Vulkan adapter; where there is none (CI) every test is skipped and says why. Here:
//   LD_LIBRARY_PATH=/tmp/devbench/mesa/root/usr/lib/x86_64-linux-gnu \
//   VK_DRIVER_FILES=/tmp/devbench/mesa/lvp_icd.json npm run test:unit -- fused-lstm-webgpu
// (Mesa 25's lavapipe, see docs/benchmarks.md's node-webgpu section).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { fusedLstmAvailable, LSTM_CELL, LSTM_CELL_GRAD, registerFusedLstm } from "../../components/backend/fused-lstm.js";
import { registerFusedLstmWebGPU } from "../../components/backend/fused-lstm-webgpu.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { fastLstm } from "../../components/nn/fast-lstm.js";
import { useWebGPU } from "./webgpu-node.js";
import { kernelOutputs, type KernelSource } from "./fused-lstm-fixture.js";

const { skipReason } = useWebGPU(() => {
  registerFusedLstm();
  registerFusedLstmWebGPU();
});

/** max |a − b| over max |b|: the GPU's exp and its matrix product round differently from
 * JavaScript's, so the error is measured against the output's scale. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let [worst, scale] = [0, 1e-12];
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return worst / scale;
}

describe("the fused LSTM kernels on webgpu equal the cpu kernels", () => {
  const random = seededRandom(11);
  const [T, B, U] = [4, 7, 6];
  const floats = (shape: number[], scale = 2, squash = false) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (squash ? random() : (random() - 0.5) * scale)) });
  // keep: padding rows at every step (row 3 all padding), as 3.3's left-padded names give.
  const keep = Float32Array.from({ length: T * B }, (_, k) => (k % B === 3 || (k % B) + Math.floor(k / B) < 3 ? 0 : 1));
  const source: KernelSource = {
    p: floats([T, B, 4 * U], 6),
    u: floats([U, 4 * U], 1.5),
    uT: floats([4 * U, U], 1.5),
    c: floats([B, U]),
    h: floats([B, U]),
    keep: { shape: [T, B, 1], data: keep },
    record: floats([T, B, 5 * U], 1, true),
    cPrev: floats([T, B, U]),
    dy: floats([B, U]),
    dySeq: floats([B, T, U]),
    dzLater: floats([B, 4 * U]),
    dc: floats([B, U]),
    dhLater: floats([B, U])
  };

  const outputsOn = (backend: string, kernel: string, names: string[], attrs: Record<string, number | boolean>) => kernelOutputs(source, backend, kernel, names, attrs);

  async function compare(t: { diagnostic(m: string): void }, kernel: string, names: string[], attrs: Record<string, number | boolean>) {
    const [cpu, gpu] = [await outputsOn("cpu", kernel, names, attrs), await outputsOn("webgpu", kernel, names, attrs)];
    assert.equal(gpu.length, 3);
    const errors = gpu.map((o, k) => (assert.deepEqual(o.shape, cpu[k].shape), relativeError(o.data, cpu[k].data)));
    t.diagnostic(`${kernel} ${names.join(",")} ${JSON.stringify(attrs)}: ${errors.map((e) => e.toExponential(1)).join(" ")}`);
    errors.forEach((e, k) => assert.ok(e <= 1e-5, `output ${k} of ${kernel}(${names.join(", ")}): ${e}`));
    assert.ok(cpu.every((o) => o.data.some((v) => v !== 0)), "no output all zero");
  }

  it("forward: first and later steps, with and without the padding mask", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    for (const masked of [false, true]) {
      const keepIf = masked ? ["keep"] : [];
      await compare(t, LSTM_CELL, ["p", ...keepIf], { step: 0 });
      await compare(t, LSTM_CELL, ["p", "u", "c", "h", ...keepIf], { step: 2 });
    }
    const [h] = await outputsOn("webgpu", LSTM_CELL, ["p", "u", "c", "h", "keep"], { step: 2 });
    assert.ok(h.data.some((v, k) => v === source.h.data[k]) && h.data.some((v, k) => v !== source.h.data[k]), "padded rows carry h over, the others update it");
  });

  it("backward: last, middle and first steps, with and without the mask, last step or every step", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const later = ["dzLater", "uT", "dc", "dhLater"];
    for (const masked of [false, true]) {
      const keepIf = masked ? ["keep"] : [];
      await compare(t, LSTM_CELL_GRAD, ["record", "cPrev", "dy", ...keepIf], { step: T - 1, everyStep: false });
      await compare(t, LSTM_CELL_GRAD, ["record", "cPrev", "dy", ...later, ...keepIf], { step: 1, everyStep: false });
      await compare(t, LSTM_CELL_GRAD, ["record", "cPrev", "dySeq", ...keepIf], { step: T - 1, everyStep: true });
      await compare(t, LSTM_CELL_GRAD, ["record", "cPrev", "dySeq", ...later, ...keepIf], { step: 0, everyStep: true });
    }
  });

  it("refuse inputs that do not go together", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    assert.ok(fusedLstmAvailable("webgpu"));
    await assert.rejects(outputsOn("webgpu", LSTM_CELL, ["p", "u", "c"], { step: 1 }), /u, c and h/);
    await assert.rejects(outputsOn("webgpu", LSTM_CELL_GRAD, ["record", "cPrev", "dy", "dzLater", "uT", "dc"], { step: 1, everyStep: false }), /dzLater, uT, dc and dhLater/);
  });
});

describe("a FastLstm model on webgpu", () => {
  const STEPS = 6;
  const VOCAB = 9;
  /** Names left-padded with 0 as 3.3 pads them (one all padding), with labels. */
  const IDS = [[0, 0, 3, 1, 4, 1], [5, 2, 6, 5, 3, 7], [0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 0, 0], [0, 6, 2, 7, 1, 1], [4, 4, 8, 3, 6, 2], [0, 0, 0, 1, 5, 8]];
  const LABELS = [1, 0, 1, 0, 0, 1, 1];

  /** Embedding (maskZero) → LSTM (FastLstm or tf.layers.lstm; its last h, or every step's
   * flattened) → dense logit, seeded weights. */
  function model(fast: boolean, returnSequences = false): tf.Sequential {
    const init = (seed: number, scale: number) => tf.initializers.randomUniform({ minval: -scale, maxval: scale, seed });
    const args = { units: 8, returnSequences, recurrentActivation: "sigmoid" as const, unitForgetBias: true, kernelInitializer: init(3, 0.6), recurrentInitializer: init(4, 0.6), biasInitializer: init(5, 0.3) };
    // The tidy frees what the unitForgetBias initialiser leaves behind.
    let built: tf.Sequential | undefined;
    tf.tidy(() => {
      built = tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: VOCAB, outputDim: 5, inputLength: STEPS, maskZero: true, embeddingsInitializer: init(2, 1) }),
          fast ? fastLstm(args) : tf.layers.lstm(args),
          ...(returnSequences ? [tf.layers.flatten()] : []),
          tf.layers.dense({ units: 1, kernelInitializer: init(6, 0.5) })
        ]
      });
    });
    return built!;
  }

  /** The model's loss (sigmoid cross-entropy) and the gradient of every weight, on `backend`. */
  async function lossAndGradients(backend: string, fast: boolean, returnSequences: boolean) {
    await tf.setBackend(backend);
    const start = tf.memory().numTensors;
    const m = model(fast, returnSequences);
    const [ids, labels] = [tf.tensor2d(IDS, [IDS.length, STEPS], "int32"), tf.tensor2d(LABELS, [LABELS.length, 1])];
    const variables = m.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
    const { value, grads } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(labels, m.apply(ids) as tf.Tensor) as tf.Scalar, variables);
    const result = { loss: (await value.data())[0], grads: await Promise.all(variables.map((v) => grads[v.name].data())) };
    tf.dispose([ids, labels, value, ...Object.values(grads)]);
    m.dispose();
    assert.equal(tf.memory().numTensors, start, `no leak on ${backend}`);
    return result;
  }

  for (const returnSequences of [false, true]) {
    it(`loss and every gradient equal the cpu backend's and tf.layers.lstm's to 1e-4 (${returnSequences ? "every step" : "last step"})`, async (t) => {
      const skip = skipReason();
      if (skip) return t.skip(skip);
      const gpu = await lossAndGradients("webgpu", true, returnSequences);
      for (const [name, reference] of [["cpu FastLstm", await lossAndGradients("cpu", true, returnSequences)], ["cpu tf.layers.lstm", await lossAndGradients("cpu", false, returnSequences)]] as const) {
        const errors = reference.grads.map((g, k) => relativeError(gpu.grads[k], g));
        t.diagnostic(`vs ${name}: loss ${gpu.loss} / ${reference.loss}, gradients ${errors.map((e) => e.toExponential(1)).join(" ")}`);
        assert.ok(Math.abs(gpu.loss - reference.loss) <= 1e-4 * Math.abs(reference.loss), `loss vs ${name}: ${gpu.loss} / ${reference.loss}`);
        assert.equal(gpu.grads.length, 6, "embedding; LSTM kernel, recurrent kernel, bias; dense kernel, bias");
        errors.forEach((e, k) => assert.ok(e <= 1e-4, `gradient ${k} vs ${name}: ${e}`));
      }
    });
  }

  it("a training step runs one kernel per time step each way, no sigmoid or tanh op, no leak", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    await tf.setBackend("webgpu");
    const start = tf.memory().numTensors;
    const m = model(true);
    const optimizer = tf.train.sgd(0.1);
    m.compile({ optimizer, loss: "meanSquaredError" });
    const [ids, y] = [tf.tensor2d(IDS, [IDS.length, STEPS], "int32"), tf.tensor2d(LABELS, [LABELS.length, 1])];
    await m.trainOnBatch(ids, y);
    const profile = await tf.profile(async () => void (await m.trainOnBatch(ids, y)));
    const count = (name: string) => profile.kernels.filter((k) => k.name === name).length;
    t.diagnostic(`kernels in a training step: ${profile.kernels.length}`);
    assert.equal(count(LSTM_CELL), STEPS);
    assert.equal(count(LSTM_CELL_GRAD), STEPS);
    assert.equal(count("Tanh") + count("Sigmoid"), 0);
    tf.dispose([ids, y]);
    m.dispose();
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, start, "no leak");
  });
});
