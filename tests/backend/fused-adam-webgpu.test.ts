// The fused Adam update's WGSL (components/backend/fused-adam-webgpu.ts) on tfjs's real WebGPU
// backend, in Node over Dawn (npm package `webgpu`): against tfjs's unfused ops to 1e-5
// (relative), during training too, with no WebGPU error, no leaked tensor and fewer dispatches.
// It needs a Vulkan adapter; where there is none (CI) every test is skipped and says why. Here:
//   LD_LIBRARY_PATH=/tmp/devbench/mesa/root/usr/lib/x86_64-linux-gnu \
//   VK_DRIVER_FILES=/tmp/devbench/mesa/lvp_icd.json npm run test:unit -- fused-adam-webgpu
// (Mesa 25's lavapipe, see docs/benchmarks.md's node-webgpu section).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { adamElements, FUSED_ADAM, registerFusedAdam, type AdamAttrs } from "../../components/backend/fused-adam.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { useWebGPU } from "./webgpu-node.js";

const { skipReason } = useWebGPU(() => {
  registerFusedAdam();
});

const random = seededRandom(9);
const floats = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);

/** Largest |a − b| / max(|a|, |b|) over the elements (0 where both are 0 or both NaN;
 * Infinity where only one is NaN). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) return Infinity;
    const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
    if (scale > 0) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  }
  return worst;
}

const ATTRS: AdamAttrs = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection1: Math.fround(1 - 0.9 ** 3), biasCorrection2: Math.fround(1 - 0.999 ** 3) };

/** tfjs's AdamOptimizer.applyGradients for one variable, op by op. */
function unfusedAdam(value: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, a: AdamAttrs): tf.Tensor[] {
  const newM = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
  const newV = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
  const mHat = tf.div(newM, a.biasCorrection1);
  const vHat = tf.div(newV, a.biasCorrection2);
  const newValue = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), a.epsilon)), -a.learningRate), value);
  return [newValue, newM, newV];
}

describe("fused Adam on webgpu (Node, Dawn)", () => {
  it("the kernel equals tfjs's unfused ops and the cpu kernel to 1e-5 (value, m, v)", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    for (const shape of [[37, 5], [300, 257]]) {
      const n = shape[0] * shape[1];
      const [value, m, v, g] = [floats(n), floats(n, 0.01), Float32Array.from(floats(n, 1e-4), Math.abs), floats(n, 0.1)];
      const before = tf.memory().numTensors;
      const results = tf.tidy(() => {
        const inputs = [value, m, v, g].map((x) => tf.tensor(x, shape));
        const fused = tf.engine().runKernel(FUSED_ADAM, { value: inputs[0], m: inputs[1], v: inputs[2], gradient: inputs[3] }, ATTRS as never) as tf.Tensor[];
        return [...fused, ...unfusedAdam(inputs[0], inputs[1], inputs[2], inputs[3], ATTRS)];
      });
      const data = await Promise.all(results.map((r) => r.data()));
      tf.dispose(results);
      assert.equal(tf.memory().numTensors, before, "no tensor leak");
      const cpu = { value: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
      adamElements(n, value, m, v, g, cpu, ATTRS);
      t.diagnostic(`[${shape}] worst relative difference vs unfused ${Math.max(...[0, 1, 2].map((i) => relativeError(data[i], data[i + 3])))}`);
      ["value", "m", "v"].forEach((name, i) => {
        assert.ok(relativeError(data[i], data[i + 3]) <= 1e-5, `${name} [${shape}] vs unfused: ${relativeError(data[i], data[i + 3])}`);
        assert.ok(relativeError(data[i], cpu[name as "value"]) <= 1e-5, `${name} [${shape}] vs cpu: ${relativeError(data[i], cpu[name as "value"])}`);
      });
      assert.ok(relativeError(data[0], value) > 0, "the values moved");
    }
  });

  it("trains a tiny model like tfjs's Adam, with fewer dispatches and no leak", async (t) => {
    const skip = skipReason();
    if (skip) return t.skip(skip);
    const X = tf.tensor2d(floats(16 * 6), [16, 6]);
    const Y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), "int32"), 3).toFloat();
    const weights = [floats(60, 0.5), floats(10, 0.1), floats(30, 0.5), floats(3, 0.1)];
    const backend = tf.backend() as unknown as { runWebGPUProgram(...args: unknown[]): unknown };
    const run = async (fused: boolean) => {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 10, activation: "relu" }), tf.layers.dense({ units: 3, activation: "softmax" })] });
      tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape))));
      model.compile({ optimizer: tf.train.adam(0.05), loss: "categoricalCrossentropy" });
      const kernel = tf.getKernel(FUSED_ADAM, "webgpu")!;
      if (!fused) tf.unregisterKernel(FUSED_ADAM, "webgpu");
      const original = backend.runWebGPUProgram;
      let dispatches = 0;
      try {
        await model.trainOnBatch(X, Y); // makes the accumulators
        const before = tf.memory().numTensors;
        backend.runWebGPUProgram = (...args: unknown[]) => (dispatches++, original.apply(backend, args));
        for (let s = 0; s < 19; s++) await model.trainOnBatch(X, Y);
        assert.equal(tf.memory().numTensors, before, "no tensor leak across steps");
      } finally {
        backend.runWebGPUProgram = original;
        if (!fused) tf.registerKernel(kernel);
      }
      const state = await Promise.all([...model.getWeights(), ...(await model.optimizer.getWeights()).map((w) => w.tensor)].map((w) => w.data()));
      model.optimizer.dispose();
      model.dispose();
      return { state, dispatchesPerStep: dispatches / 19 };
    };
    const fused = await run(true);
    const plain = await run(false);
    t.diagnostic(`dispatches per step: fused ${fused.dispatchesPerStep}, tfjs ${plain.dispatchesPerStep}; worst relative difference ${Math.max(...fused.state.map((values, i) => relativeError(values, plain.state[i])))}`);
    fused.state.forEach((values, i) => assert.ok(relativeError(values, plain.state[i]) <= 1e-5, `weight ${i}: ${relativeError(values, plain.state[i])}`));
    assert.ok(plain.dispatchesPerStep - fused.dispatchesPerStep >= 4 * 10, `dispatches per step: fused ${fused.dispatchesPerStep}, tfjs ${plain.dispatchesPerStep}`);
    tf.dispose([X, Y]);
  });
});
