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
import { trainSteps } from "../../components/train/loop.js";
import { buildMlm, evaluateMlm, guessMasked, mlmStep, nameRows } from "../../components/nn/mlm.js";
import { seededRandom } from "../../components/data/synthetic.js";

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

describe("3.6's masked language model on WASM", () => {
  it("learns to restore masked characters of real names better than the most frequent character; no leak", async () => {
    const names = await loadNames(load("names.json.ts").toString("utf8"));
    const start = tf.memory().numTensors;
    const setup = buildMlm(CharVocab.fromTexts(names.train.names));
    const train = nameRows(setup.vocab, names.train.names.slice(0, 2048));
    const test = nameRows(setup.vocab, names.test.names.slice(0, 512));
    const optimizer = tf.train.adam(0.003);
    const random = seededRandom(3);
    const history = await trainSteps(train, train, (batch) => mlmStep(setup, optimizer, batch, random), { epochs: 3, batchSize: 64 });
    assertLearns(history, "masked LM");
    const score = await evaluateMlm(setup, test, train, seededRandom(4));
    assert.ok(score.targets > 0.1 * 512 * 5, `targets ${score.targets}`);
    assert.ok(score.accuracy > score.baseline, `restored ${score.accuracy} vs always "${score.baselineChar}" ${score.baseline}`);
    const { guesses, attentions } = await guessMasked(setup, "ma_y", 4);
    assert.deepEqual(guesses.map((g) => [g.position, g.top.length]), [[2, 4]]);
    assert.deepEqual(attentions.map((layer) => [layer.length, layer[0].length, layer[0][0].length]), [[2, 4, 4], [2, 4, 4]]);
    tf.dispose([train, test]);
    optimizer.dispose();
    setup.model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
