// The fused Adam update (components/backend/fused-adam.ts) against tfjs's own AdamOptimizer on
// cpu and wasm: the same tiny model from the same weights trained N steps both ways must end
// with bit-identical weights, first and second moments; a step runs fewer kernels; nothing
// leaks; a backend without the kernel (here: the kernel unregistered) falls back to tfjs's
// method, also mid-training, and optimizer state saved and restored continues identically.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { FUSED_ADAM, registerFusedAdam, WASM_LOOP_LIMIT } from "../../components/backend/fused-adam.js";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { seededRandom } from "../../components/data/synthetic.js";

before(async () => {
  registerWasmTrainingKernels();
  registerFusedAdam();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(5);
const floats = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
const ROWS = 16;
const X = floats(ROWS * 6);
const Y = Float32Array.from({ length: ROWS * 3 }, (_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));

/** A tiny classifier: dense 6→10 relu, dense 10→3 softmax; weights set from `weights`. */
function tinyModel(weights: Float32Array[]): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 10, activation: "relu" }), tf.layers.dense({ units: 3, activation: "softmax" })] });
  const shapes = model.getWeights().map((w) => w.shape);
  tf.tidy(() => model.setWeights(shapes.map((shape, i) => tf.tensor(weights[i], shape))));
  model.compile({ optimizer: tf.train.adam(0.05), loss: "categoricalCrossentropy" });
  return model;
}
const WEIGHTS = [floats(60, 0.5), floats(10, 0.1), floats(30, 0.5), floats(3, 0.1)];

/** Runs `f` with the fused kernel of the active backend unregistered (tfjs's own Adam). */
async function unfused<T>(f: () => Promise<T>): Promise<T> {
  const config = tf.getKernel(FUSED_ADAM, tf.getBackend())!;
  tf.unregisterKernel(FUSED_ADAM, tf.getBackend());
  try {
    return await f();
  } finally {
    tf.registerKernel(config);
  }
}

/** Every weight and optimizer weight (iterations, m, v) as plain numbers; names without the
 * layer's number (each model's layers are numbered apart). */
async function state(model: tf.Sequential): Promise<{ name: string; values: number[] }[]> {
  const optimizerWeights = await model.optimizer.getWeights();
  const weights = model.getWeights().map((t, i) => ({ name: `weight ${i}`, tensor: t }));
  return Promise.all([...weights, ...optimizerWeights].map(async ({ name, tensor }) => ({ name: name.replace(/\d+/g, ""), values: Array.from(await tensor.data()) })));
}

async function train(model: tf.Sequential, steps: number, fusedAt: (step: number) => boolean): Promise<void> {
  const [x, y] = [tf.tensor2d(X, [ROWS, 6]), tf.tensor2d(Y, [ROWS, 3])];
  for (let s = 0; s < steps; s++) {
    if (fusedAt(s)) await model.trainOnBatch(x, y);
    else await unfused(() => model.trainOnBatch(x, y));
  }
  tf.dispose([x, y]);
}

function dispose(model: tf.Sequential): void {
  model.optimizer.dispose();
  model.dispose();
}

for (const backend of ["cpu", "wasm"]) {
  describe(`fused Adam on ${backend}`, () => {
    before(async () => void (await tf.setBackend(backend)));

    it("registers the kernel for cpu, wasm and webgpu", () => {
      for (const name of ["cpu", "wasm", "webgpu"]) assert.ok(tf.getKernel(FUSED_ADAM, name), name);
    });

    it("trains 30 steps bit-identically to tfjs's Adam (weights, m, v)", async () => {
      const fused = tinyModel(WEIGHTS);
      const plain = tinyModel(WEIGHTS);
      await train(fused, 30, () => true);
      await train(plain, 30, () => false);
      const [a, b] = [await state(fused), await state(plain)];
      assert.equal(a.length, 4 + 1 + 8, "4 weights, iterations, 4 m and 4 v");
      assert.deepEqual(a.map((w) => w.name), b.map((w) => w.name), "same accumulator names in the same order");
      assert.deepEqual(a, b);
      assert.notDeepEqual(a[0].values, Array.from(WEIGHTS[0]), "the weights moved");
      dispose(fused);
      dispose(plain);
    });

    it("a variable larger than WASM_LOOP_LIMIT (tfjs-wasm's own kernels on wasm) is bit-identical too", async () => {
      const n = WASM_LOOP_LIMIT + 1000;
      const [start, g1, g2] = [floats(n), floats(n, 0.1), floats(n, 0.01)];
      const run = async (fused: boolean) => {
        const initial = tf.tensor1d(start);
        const variable = tf.variable(initial);
        const optimizer = tf.train.adam(0.01);
        const grads = [tf.tensor1d(g1), tf.tensor1d(g2)];
        const step = async (s: number) => optimizer.applyGradients([{ name: variable.name, tensor: grads[s % 2] }]);
        for (let s = 0; s < 5; s++) await (fused ? step(s) : unfused(() => step(s)));
        const [iterations, ...accumulators] = await optimizer.getWeights();
        const [weights, ...moments] = await Promise.all([variable.data(), ...accumulators.map((w) => w.tensor.data())]);
        tf.dispose([initial, variable, iterations.tensor, ...grads]);
        optimizer.dispose();
        return [weights, ...moments].map((a) => Array.from(a));
      };
      const dataIds = tf.backend().numDataIds();
      const [fused, plain] = [await run(true), await run(false)];
      assert.equal(tf.backend().numDataIds(), dataIds, "the kernel's temporaries are freed in the backend too");
      assert.equal(fused.length, 3);
      assert.deepEqual(fused, plain);
    });

    it("falls back to tfjs's Adam where the kernel is missing, also between fused steps", async () => {
      const mixed = tinyModel(WEIGHTS);
      const plain = tinyModel(WEIGHTS);
      await train(mixed, 12, (s) => s % 3 !== 1); // the accBeta variables are written back before each tfjs step
      await train(plain, 12, () => false);
      assert.deepEqual(await state(mixed), await state(plain));
      dispose(mixed);
      dispose(plain);
    });

    it("continues identically after the optimizer's state is saved and restored", async () => {
      const first = tinyModel(WEIGHTS);
      await train(first, 7, () => true);
      const saved = await first.optimizer.getWeights();
      const restore = async (model: tf.Sequential) => {
        tf.tidy(() => model.setWeights(first.getWeights().map((w) => w.clone())));
        await model.optimizer.setWeights(saved.map(({ name, tensor }) => ({ name, tensor: tensor.clone() })));
      };
      const fused = tinyModel(WEIGHTS);
      const plain = tinyModel(WEIGHTS);
      await restore(fused);
      await restore(plain);
      await train(fused, 5, () => true);
      await train(plain, 5, () => false);
      assert.deepEqual(await state(fused), await state(plain));
      [first, fused, plain].forEach(dispose);
    });

    it("runs fewer kernels per step and leaks no tensor", async () => {
      const kernels = async (model: tf.Sequential, fused: boolean) => {
        const run = () => train(model, 1, () => fused);
        await run(); // the first step makes the accumulators
        const before = tf.memory().numTensors;
        const profile = await tf.profile(run);
        assert.equal(tf.memory().numTensors, before, "a step leaves the tensor count unchanged");
        return profile.kernels;
      };
      const [fused, plain] = [tinyModel(WEIGHTS), tinyModel(WEIGHTS)];
      const [k1, k2] = [await kernels(fused, true), await kernels(plain, false)];
      assert.equal(k1.filter((k) => k.name === FUSED_ADAM).length, 4, "one fused kernel per variable");
      assert.ok(k2.length - k1.length >= 4 * 10, `fused ${k1.length} kernels vs tfjs ${k2.length}`);
      dispose(fused);
      dispose(plain);
    });
  });
}

describe("the optimizer's own variables", () => {
  it("disposing the optimizer frees its accumulators and accBeta variables", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const model = tinyModel(WEIGHTS);
    await train(model, 3, () => true);
    dispose(model);
    assert.equal(tf.memory().numTensors, before);
  });
});
