// Each chapter's model trains on the WASM backend in Node: loss falls, no NaN, no leak.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { loadMnist, mnistTensors } from "../../components/data/mnist.js";
import { loadNames } from "../../components/data/names.js";
import { buildCnn, SMALL_CNN } from "../../components/nn/cnn.js";
import { buildCharLm, buildNameClassifier, lmPairs, NAME_LENGTH } from "../../components/nn/rnn-models.js";
import { CharVocab, encodeBatch } from "../../components/text/vocab.js";
import { fit, type FitHistory } from "../../components/train/fit.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const load = (file: string) => execFileSync(process.execPath, ["--import", "tsx", join(root, "data", file)], { cwd: root, maxBuffer: 64 << 20 });

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

function assertLearns(history: FitHistory, label: string): void {
  const losses = history.batches.map((b) => b.loss);
  assert.ok(losses.every(Number.isFinite), `${label}: no NaN`);
  const k = Math.max(1, Math.floor(losses.length / 4));
  const first = losses.slice(0, k).reduce((a, b) => a + b) / k;
  const last = losses.slice(-k).reduce((a, b) => a + b) / k;
  assert.ok(last < first * 0.9, `${label}: loss ${first.toFixed(3)} → ${last.toFixed(3)}`);
}

describe("training on WASM", () => {
  it("3.2's CNN learns real MNIST digits", async () => {
    const start = tf.memory().numTensors;
    const mnist = await loadMnist(load("mnist.bin.ts"));
    const data = mnistTensors(mnist.train, { limit: 512 });
    const model = buildCnn(SMALL_CNN);
    const optimizer = tf.train.adam(0.003);
    model.compile({ optimizer, loss: "categoricalCrossentropy" });
    assertLearns(await fit(model, data.x, data.y, { epochs: 2, batchSize: 32 }), "CNN");
    model.dispose();
    optimizer.dispose();
    data.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("3.3's name classifier and name generator learn real names (embedding gradients via UnsortedSegmentSum)", async () => {
    const names = await loadNames(load("names.json.ts").toString("utf8"));
    const vocab = CharVocab.fromTexts(names.train.names);
    const list = names.train.names.slice(0, 640);
    const x = encodeBatch(vocab, list, NAME_LENGTH);
    const y = tf.tensor2d(Array.from(names.train.labels.subarray(0, list.length)), [list.length, 1]);
    const classifier = buildNameClassifier({ vocabSize: vocab.size, units: 16 });
    classifier.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy" });
    assertLearns(await fit(classifier, x, y, { epochs: 3, batchSize: 64 }), "name classifier");
    const lm = buildCharLm({ vocabSize: vocab.size, units: 32 });
    lm.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    const pairs = lmPairs(vocab, list);
    assertLearns(await fit(lm, pairs.x, pairs.y, { epochs: 2, batchSize: 64 }), "name generator");
    tf.dispose([x, y, pairs.x, pairs.y]);
    classifier.dispose();
    lm.dispose();
  });
});
