import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { loadMnist, mnistTensors } from "../../components/data/mnist.js";
import { buildCnn, featureMaps, firstLayerFilters, layerMaps, SMALL_CNN } from "../../components/nn/cnn.js";
import { fit } from "../../components/train/fit.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// WASM, as readers train it (tfjs's JS cpu backend took ~40 s for these 24 batches).
before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

describe("buildCnn", () => {
  it("has the parameter count of each layer from C_out(C_in k² + 1) and mn + m", () => {
    const small = buildCnn(SMALL_CNN);
    assert.deepEqual(small.layers.map((l) => l.countParams()), [8 * (1 * 9 + 1), 0, 16 * (8 * 9 + 1), 0, 0, 5 * 5 * 16 * 64 + 64, 64 * 10 + 10]);
    small.dispose();
    // The articles' network (the default), with the total 3.2.4 states: 225,034.
    const seed = buildCnn();
    assert.deepEqual(seed.layers.map((l) => l.countParams()), [320, 0, 18496, 0, 0, 204928, 1290]);
    assert.equal(seed.countParams(), 225034);
    seed.dispose();
  });

  it("learns real MNIST digits: loss falls over a few batches, and feature maps come out per channel", async () => {
    const data = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
    const start = tf.memory().numTensors;
    const train = mnistTensors(data.train, { limit: 256 });
    const model = buildCnn(SMALL_CNN);
    const optimizer = tf.train.adam(0.003);
    model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const history = await fit(model, train.x, train.y, { epochs: 3, batchSize: 32 });
    const first = history.batches.slice(0, 4).reduce((a, b) => a + b.loss, 0) / 4;
    const last = history.batches.slice(-4).reduce((a, b) => a + b.loss, 0) / 4;
    assert.ok(last < first * 0.8, `loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
    const image = tf.tidy(() => train.x.slice([0, 0, 0, 0], [1, 28, 28, 1]).reshape([28, 28, 1]) as tf.Tensor3D);
    const maps = await featureMaps(model, image, "conv1");
    assert.equal(maps.length, 8);
    assert.deepEqual([maps[0].length, maps[0][0].length], [26, 26]);
    assert.ok(maps.flat(2).every((v) => v >= 0), "after ReLU");
    const all = await layerMaps(model, image);
    assert.deepEqual(Object.entries(all).map(([name, m]) => [name, m.length, m[0].length]), [["conv1", 8, 26], ["pool1", 8, 13], ["conv2", 16, 11], ["pool2", 16, 5]]);
    assert.deepEqual(all.conv1, maps, "one pass gives the same maps");
    // pool1 is the 2×2 maximum of conv1.
    assert.equal(all.pool1[3][4][5], Math.max(maps[3][8][10], maps[3][8][11], maps[3][9][10], maps[3][9][11]));
    const filters = await firstLayerFilters(model);
    assert.deepEqual([filters.length, filters[0].length, filters[0][0].length], [8, 3, 3]);
    tf.dispose([image]);
    optimizer.dispose();
    model.dispose();
    train.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
