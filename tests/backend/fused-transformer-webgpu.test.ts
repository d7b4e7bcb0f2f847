// The WGSL versions of 3.5's fused Transformer kernels (components/backend/fused-transformer-
// webgpu*.ts) on tfjs's real WebGPU backend, in Node over Dawn (npm package `webgpu`): each
// kernel against the cpu kernel (fused-transformer.ts) to 1e-5, with padding, causal masks,
// loss weights and the optional inputs; TinyTransformer's fused step on webgpu against the
// plain formulation on cpu (loss, accuracy, every gradient, losses over training steps); no
// WebGPU error, no leaked tensor, few kernels and uploads per step.
// It needs a Vulkan adapter; where there is none (CI) every test is skipped and says why. Here:
//   LD_LIBRARY_PATH=/tmp/devbench/mesa/root/usr/lib/x86_64-linux-gnu \
//   VK_DRIVER_FILES=/tmp/devbench/mesa/lvp_icd.json npm run test:unit -- fused-transformer-webgpu
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { FUSED_TRANSFORMER_KERNELS, registerFusedTransformerKernels } from "../../components/backend/fused-transformer.js";
import { registerFusedTransformerWebGPU } from "../../components/backend/fused-transformer-webgpu.js";
import { registerFusedAdam } from "../../components/backend/fused-adam.js";
import { TinyTransformer } from "../../components/nn/transformer.js";
import { fusedLoss, fusedStepAvailable, type StepOptions } from "../../components/nn/transformer-step.js";
import { minimizeStep } from "../../components/util/minimize-step.js";
import { countSteps } from "../../components/bench/step-counts.js";
import { reverseTask } from "../../components/data/sequence-tasks.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { useWebGPU } from "./webgpu-node.js";

const { skipReason } = useWebGPU(() => {
  registerFusedTransformerKernels();
  registerFusedTransformerWebGPU();
  registerFusedAdam();
});

const random = seededRandom(21);
const floats = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
const ints = (n: number, below: number) => Int32Array.from({ length: n }, () => Math.floor(random() * below));

/** Largest |a − b| / max(1, |b|): absolute for values up to 1, relative above. */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return Number.isNaN(w) ? Infinity : w;
}

type Input = { values: Float32Array | Int32Array; shape: number[] };

/** Runs `name` on webgpu and the cpu kernel's compute on the same values; compares every output. */
async function compareKernel(name: string, inputs: Record<string, Input>, attrs: Record<string, number | boolean>, what: string) {
  const kernel = FUSED_TRANSFORMER_KERNELS.find((k) => k.name === name)!;
  const shapes = Object.fromEntries(Object.entries(inputs).map(([key, x]) => [key, x.shape]));
  const specs = kernel.outputs(shapes, attrs);
  const expected = specs.map((s) => new Float32Array(s.shape.reduce((a, n) => a * n, 1)));
  kernel.compute(Object.fromEntries(Object.entries(inputs).map(([key, x]) => [key, x.values])), expected, shapes, attrs);
  const before = tf.memory().numTensors;
  const tensors = Object.fromEntries(Object.entries(inputs).map(([key, x]) => [key, tf.tensor(x.values, x.shape, x.values instanceof Int32Array ? "int32" : "float32")]));
  const out = tf.engine().runKernel(name, tensors, attrs) as tf.Tensor | tf.Tensor[];
  const outs = Array.isArray(out) ? out : [out];
  const got = await Promise.all(outs.map((t) => t.data()));
  assert.deepEqual(outs.map((t) => t.shape), specs.map((s) => s.shape), `${what}: output shapes`);
  tf.dispose([...outs, ...Object.values(tensors)]);
  assert.equal(tf.memory().numTensors, before, `${what}: no tensor leak`);
  got.forEach((values, i) => assert.ok(worst(values, expected[i]) <= 1e-5, `${what}: output ${i} differs by ${worst(values, expected[i])}`));
  assert.ok(expected.every((e) => e.some((v) => v !== 0)), `${what}: every output is non-trivial`);
}

const PADDING = (b: number, t: number) => Float32Array.from({ length: b * t }, (_, i) => (i % t >= t - (Math.floor(i / t) % 3) ? 0 : 1));

describe("fused Transformer kernels on webgpu (Node, Dawn)", () => {
  it("every kernel is registered, so the fused step runs there", (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    assert.ok(fusedStepAvailable());
  });

  it("embedding and its gradient equal the cpu kernels", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const [b, len, v, d] = [6, 7, 11, 12];
    const ids = { values: ints(b * len, v), shape: [b, len] };
    await compareKernel("BookEmbed", { table: { values: floats(v * d), shape: [v, d] }, ids, positions: { values: floats(9 * d), shape: [9, d] } }, { scale: Math.sqrt(d) }, "embed");
    for (const extra of [false, true]) {
      const inputs: Record<string, Input> = { dy: { values: floats(b * len * d), shape: [b * len, d] }, ids };
      if (extra) inputs.extra = { values: floats(b * len * d), shape: [b * len, d] };
      await compareKernel("BookEmbedGrad", inputs, { vocab: v, scale: Math.sqrt(d) }, `embedGrad extra=${extra}`);
    }
  });

  it("attention and its gradient equal the cpu kernels (padding, causal)", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const [b, len, heads, dh] = [3, 5, 2, 4];
    const d = heads * dh;
    const qkv = { values: floats(b * len * 3 * d), shape: [b * len, 3 * d] };
    for (const [padding, causal] of [[false, false], [true, false], [true, true]]) {
      const inputs: Record<string, Input> = { qkv };
      if (padding) inputs.padding = { values: PADDING(b, len), shape: [b, len] };
      const attrs = { batch: b, heads, causal, scale: true };
      await compareKernel("BookAttention", inputs, attrs, `attention padding=${padding} causal=${causal}`);
      // The gradient reads the forward weights: the cpu kernel's, fed to both.
      const weights = new Float32Array(b * heads * len * len);
      FUSED_TRANSFORMER_KERNELS.find((k) => k.name === "BookAttention")!.compute({ qkv: qkv.values, padding: inputs.padding?.values }, [new Float32Array(b * len * d), weights], { qkv: qkv.shape }, attrs);
      await compareKernel("BookAttentionGrad", { dctx: { values: floats(b * len * d), shape: [b * len, d] }, qkv, weights: { values: weights, shape: [b, heads, len, len] } }, attrs, `attentionGrad padding=${padding} causal=${causal}`);
    }
  });

  it("add & LayerNorm and its gradient equal the cpu kernels", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const [rows, d] = [37, 24];
    const m = (scale = 1) => ({ values: floats(rows * d, scale), shape: [rows, d] });
    const vec = (offset = 0) => ({ values: floats(d).map((x) => x + offset), shape: [d] });
    for (const bias of [false, true]) {
      const inputs: Record<string, Input> = { a: m(2), b: m(), gamma: vec(1), beta: vec() };
      if (bias) inputs.bias = vec();
      await compareKernel("BookAddLayerNorm", inputs, { epsilon: 1e-5 }, `addLayerNorm bias=${bias}`);
    }
    const xhat = new Float32Array(rows * d);
    const rstd = new Float32Array(rows);
    const norm = FUSED_TRANSFORMER_KERNELS.find((k) => k.name === "BookAddLayerNorm")!;
    norm.compute({ a: floats(rows * d, 2), b: floats(rows * d), gamma: floats(d), beta: floats(d) }, [new Float32Array(rows * d), xhat, rstd], { a: [rows, d] }, { epsilon: 1e-5 });
    for (const extra of [false, true]) {
      const inputs: Record<string, Input> = { dy: m(), xhat: { values: xhat, shape: [rows, d] }, rstd: { values: rstd, shape: [rows] }, gamma: vec(1) };
      if (extra) inputs.extra = m();
      await compareKernel("BookLayerNormGrad", inputs, {}, `layerNormGrad extra=${extra}`);
    }
  });

  it("bias + ReLU, its gradient and the loss equal the cpu kernels (loss weights)", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const [rows, f] = [40, 16];
    const x = { values: floats(rows * f), shape: [rows, f] };
    await compareKernel("BookBiasRelu", { x, bias: { values: floats(f, 0.5), shape: [f] } }, {}, "biasRelu");
    await compareKernel("BookReluGrad", { dy: { values: floats(rows * f), shape: [rows, f] }, y: { values: x.values.map((v) => Math.max(v, 0)), shape: [rows, f] } }, {}, "reluGrad");
    const [b, len, v] = [5, 8, 10];
    for (const [bias, weighted] of [[false, false], [true, false], [true, true]]) {
      const inputs: Record<string, Input> = { logits: { values: floats(b * len * v, 3), shape: [b * len, v] }, targets: { values: ints(b * len, v), shape: [b, len] } };
      if (bias) inputs.bias = { values: floats(v), shape: [v] };
      if (weighted) inputs.weights = { values: PADDING(b, len).map((p) => (p && random() < 0.5 ? 1 : 0)), shape: [b, len] };
      await compareKernel("BookSoftmaxXent", inputs, {}, `softmaxXent bias=${bias} weights=${weighted}`);
    }
  });
});

const CONFIG = { vocab: 10, length: 8, d: 32, heads: 2, layers: 2, ffn: 64, seed: 5 };

type Task = { x: Int32Array; y: Int32Array; shape: [number, number]; padding?: Float32Array; weights?: Float32Array };

/** Loss, accuracy and every gradient of a fresh seeded model on `backend`, fused or plain. */
async function lossAndGrads(backend: string, fused: boolean, config: typeof CONFIG, data: Task) {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const model = new TinyTransformer(config);
  const [x, y] = [tf.tensor2d(data.x, data.shape, "int32"), tf.tensor2d(data.y, data.shape, "int32")];
  const options: StepOptions = data.padding ? { padding: tf.tensor2d(data.padding, data.shape), weights: tf.tensor2d(data.weights!, data.shape) } : {};
  const kept: tf.Tensor[] = [];
  let accuracy: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const result = fused ? fusedLoss(model, x, y, options, kept) : model.loss(x, y, options);
    accuracy = tf.keep(result.accuracy);
    return result.loss;
  }, model.variables);
  const out = { loss: (await value.data())[0], accuracy: (await accuracy!.data())[0], grads: await Promise.all(model.variables.map((v) => grads[v.name].data())) };
  tf.dispose([value, accuracy!, ...Object.values(grads), ...kept, x, y, options.padding, options.weights].filter((t): t is tf.Tensor => t !== undefined));
  model.dispose();
  assert.equal(tf.memory().numTensors, before, `${backend}: no tensor leak`);
  return out;
}

describe("TinyTransformer's fused step on webgpu (Node, Dawn)", () => {
  for (const masked of [false, true]) {
    it(`gives the plain formulation's loss, accuracy and gradients on cpu${masked ? " (loss weights, padding)" : ""}`, async (t) => {
      const skip = skipReason();
      if (skip) return t.skip(skip);
      const config = masked ? { ...CONFIG, layers: 1, length: 10, seed: 6 } : CONFIG;
      const task = reverseTask(12, masked ? 7 : 8, { seed: 8 });
      const data: Task = { x: (await task.x.data()) as Int32Array, y: (await task.y.data()) as Int32Array, shape: task.x.shape as [number, number] };
      task.dispose();
      if (masked) {
        // Weights 0/1 and padding at the ends of some rows, as 3.6's masked-token training uses.
        data.padding = PADDING(...data.shape);
        data.weights = data.padding.map((p) => (p && random() < 0.4 ? 1 : 0));
      }
      const plain = await lossAndGrads("cpu", false, config, data);
      const fused = await lossAndGrads("webgpu", true, config, data);
      t.diagnostic(`loss ${fused.loss} vs ${plain.loss}; worst gradient difference ${Math.max(...fused.grads.map((g, i) => worst(g, plain.grads[i])))}`);
      assert.ok(Math.abs(fused.loss - plain.loss) <= 1e-5, `loss ${fused.loss} vs ${plain.loss}`);
      assert.ok(Math.abs(fused.accuracy - plain.accuracy) <= 1e-6, `accuracy ${fused.accuracy} vs ${plain.accuracy}`);
      fused.grads.forEach((g, i) => assert.ok(worst(g, plain.grads[i]) <= 1e-5, `gradient ${i} differs by ${worst(g, plain.grads[i])}`));
      assert.ok(plain.grads.every((g) => g.some((v) => v !== 0)), "every weight gets a gradient");
    });
  }

  it("trains like the plain formulation on cpu, leaking nothing, in few kernels and uploads", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const steps = 4;
    const losses: Record<string, number[]> = {};
    for (const backend of ["cpu", "webgpu"]) {
      await tf.setBackend(backend);
      const data = reverseTask(32, 8, { seed: 3 });
      const [x, y] = [data.x as tf.Tensor2D, data.y as tf.Tensor2D];
      const model = new TinyTransformer(CONFIG);
      const optimizer = tf.train.adam(0.01);
      losses[backend] = [];
      for (let s = 0; s < steps; s++) {
        const step = backend === "webgpu" ? model.trainStep(optimizer, x, y) : minimizeStep(optimizer, model.variables, () => model.loss(x, y));
        losses[backend].push((await step).loss);
      }
      if (backend === "webgpu") {
        const settled = tf.memory().numTensors;
        const counts = await countSteps(() => model.trainStep(optimizer, x, y), 1);
        await model.trainStep(optimizer, x, y);
        assert.equal(tf.memory().numTensors, settled, "a step leaves no tensor behind");
        t.diagnostic(`per step: ${counts.kernelsPerStep} kernels, ${counts.dispatchesPerStep} dispatches, ${counts.uploadsPerStep} uploads; top ${JSON.stringify(counts.topKernels)}`);
        assert.ok(counts.kernelsPerStep <= 200, `${counts.kernelsPerStep} kernels per step`);
        assert.ok(counts.uploadsPerStep! <= 20, `${counts.uploadsPerStep} uploads per step`);
      }
      model.dispose();
      optimizer.dispose();
      data.dispose();
    }
    t.diagnostic(`losses webgpu ${losses.webgpu} vs cpu ${losses.cpu}`);
    losses.webgpu.forEach((loss, s) => assert.ok(Math.abs(loss - losses.cpu[s]) <= 1e-4 * Math.abs(losses.cpu[s]), `step ${s}: loss ${loss} vs ${losses.cpu[s]}`));
    assert.ok(losses.cpu[steps - 1] < losses.cpu[0], "the loss falls");
  });
});
