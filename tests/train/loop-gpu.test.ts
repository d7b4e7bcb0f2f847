// The training loop never trains on garbage: a WebGPU error (on a stand-in device, since Node
// has no WebGPU) stops the run, tells the panel, and leaves no tensor behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { gpuGuard, GpuRunError, watchGpuDevice } from "../../components/backend/gpu-errors.js";
import { makeCircles } from "../../components/data/synthetic.js";
import { fit } from "../../components/train/fit.js";
import { trainSteps } from "../../components/train/loop.js";
import { FakeDevice } from "../backend/fake-gpu-device.js";

before(async () => {
  await tf.setBackend("cpu");
});

function guarded() {
  const page = {} as typeof globalThis;
  const device = new FakeDevice();
  watchGpuDevice(device as never, page);
  return { device, guard: gpuGuard("webgpu", page) };
}

function model(): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
  m.compile({ optimizer: "sgd", loss: "categoricalCrossentropy" });
  return m;
}

describe("training on WebGPU stops at the first GPU error", () => {
  it("an uncaptured error mid-run stops after that batch; the panel hears it; nothing leaks", async () => {
    const start = tf.memory().numTensors;
    const data = makeCircles(128, { seed: 2 });
    const net = model();
    const { device, guard } = guarded();
    let batches = 0;
    const seen: GpuRunError[] = [];
    await assert.rejects(
      fit(net, data.x, data.y, {
        epochs: 3,
        batchSize: 16,
        gpuGuard: guard,
        onBatchEnd: () => {
          if (++batches === 3) device.raise("Invalid CommandBuffer");
        },
        onGpuError: (error) => seen.push(error)
      }),
      GpuRunError
    );
    assert.equal(batches, 3, "no batch after the error");
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0].gpuMessages, ["Invalid CommandBuffer"]);
    assert.equal(device.scopes, 0);
    net.dispose();
    data.dispose();
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
  });

  it("an error caught by the first step's scopes stops before a second step", async () => {
    const data = makeCircles(64, { seed: 3 });
    const { device, guard } = guarded();
    device.scopeErrors = ["Error while parsing WGSL: type mismatch for argument 2 in call to 'setOutputAtIndex'"];
    let steps = 0;
    const before = tf.memory().numTensors;
    await assert.rejects(trainSteps(data.x, data.y, async () => ({ loss: ++steps }), { epochs: 1, batchSize: 16, gpuGuard: guard }), /WebGPU 出错/);
    assert.equal(steps, 1);
    assert.equal(tf.memory().numTensors, before, "the batch's tensors are freed");
    data.dispose();
  });

  it("an error from before the run (the model's weights may be garbage) stops it before any step", async () => {
    const data = makeCircles(64, { seed: 4 });
    const { device, guard } = guarded();
    device.raise("Invalid ShaderModule");
    let steps = 0;
    await assert.rejects(trainSteps(data.x, data.y, async () => ({ loss: ++steps }), { epochs: 1, batchSize: 16, gpuGuard: guard }), GpuRunError);
    assert.equal(steps, 0);
    data.dispose();
  });

  it("without errors trains as usual, the first step inside scopes", async () => {
    const data = makeCircles(64, { seed: 5 });
    const { device, guard } = guarded();
    const history = await trainSteps(data.x, data.y, async () => ({ loss: 1 }), { epochs: 2, batchSize: 16, gpuGuard: guard });
    assert.equal(history.batches.length, 8);
    assert.equal(device.maxScopes, 3);
    assert.equal(device.scopes, 0);
    data.dispose();
  });
});
