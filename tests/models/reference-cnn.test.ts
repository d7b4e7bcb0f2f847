// The reference CNN the site ships (data/reference-cnn.dlmodel, written by
// scripts/train-reference-cnn.ts): it has the 3.2 architecture and the accuracy its card states.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { loadMnist, mnistTensors } from "../../components/data/mnist.js";
import { unpackModel } from "../../components/models/artifacts.js";
import { REFERENCE_CNN_FILE, REFERENCE_CNN_NAME } from "../../components/models/book-cnn.js";
import { decodeBundle } from "../../components/models/bundle.js";
import { buildCnn, SEED_CNN } from "../../components/nn/cnn.js";
import { accuracy, predictClasses } from "../../components/train/classification.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** scripts/train-reference-cnn.ts measured 97.55% on the 2,000 test digits (WASM, Node);
 * half a point of margin covers other backends' rounding. */
const MIN_ACCURACY = 0.97;

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

describe("the shipped reference CNN", () => {
  const file = readFileSync(join(root, REFERENCE_CNN_FILE));

  it("is the 3.2 builder's architecture, stored in 225,034 × 4 bytes of weights", async () => {
    const pkg = decodeBundle(file);
    assert.equal(pkg.card.name, REFERENCE_CNN_NAME);
    assert.equal(pkg.card.chapter, "3.2");
    const built = buildCnn(SEED_CNN);
    const layers = (topology: object) => ((topology as { config: { layers: unknown[] } }).config.layers);
    assert.deepEqual(layers(pkg.artifacts.modelTopology), layers(built.toJSON(null, false) as object));
    assert.deepEqual(pkg.artifacts.weightSpecs.map((s) => [s.name, s.shape, s.dtype]), built.weights.map((w) => [w.originalName, w.shape, "float32"]));
    assert.equal(pkg.card.parameters, built.countParams());
    assert.equal(pkg.artifacts.weightData.byteLength, 225_034 * 4);
    built.dispose();
  });

  it(`reaches at least ${MIN_ACCURACY * 100}% on the 2,000 test digits, as its card says; no leak`, async () => {
    const start = tf.memory().numTensors;
    const pkg = decodeBundle(file);
    const model = await unpackModel(pkg);
    const mnist = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
    const test = mnistTensors(mnist.test);
    const measured = accuracy(test.labels, (await predictClasses(model, test.x)).predicted);
    console.log(`reference CNN: ${(measured * 100).toFixed(2)}% on ${test.labels.length} test digits (card: ${((pkg.card.metrics.testAccuracy ?? 0) * 100).toFixed(2)}%)`);
    assert.equal(test.labels.length, 2000);
    assert.ok(measured >= MIN_ACCURACY, `test accuracy ${measured}`);
    assert.ok(Math.abs(measured - pkg.card.metrics.testAccuracy!) <= 0.002, `card says ${pkg.card.metrics.testAccuracy}, measured ${measured}`);
    test.dispose();
    model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
