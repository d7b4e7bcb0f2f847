// loadBookModel() without a usable store (Node has no IndexedDB, like a private window)
// falls back to the shipped reference model and says so; fitSeconds() recovers fit()'s time.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { cnnCard, fitSeconds, REFERENCE_CNN_FILE, REFERENCE_CNN_NAME } from "../../components/models/book-cnn.js";
import { loadBookModel } from "../../components/models/book-model.js";
import { validateCard } from "../../components/models/card.js";
import { buildCnn, SMALL_CNN } from "../../components/nn/cnn.js";
import type { FitHistory } from "../../components/train/fit.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

before(async () => {
  await tf.setBackend("cpu");
});

describe("loadBookModel", () => {
  it("uses the reference model when the browser gives no IndexedDB, and says why; no leak", async () => {
    assert.equal(globalThis.indexedDB, undefined);
    const start = tf.memory().numTensors;
    const book = await loadBookModel(readFileSync(join(root, REFERENCE_CNN_FILE)));
    assert.equal(book.source, "reference");
    assert.equal(book.card.name, REFERENCE_CNN_NAME);
    assert.equal(book.model.countParams(), 225_034);
    assert.match(book.description, /^这个浏览器不让本站使用模型库.*所以本页使用本书附带的参考模型（同样的结构，由 scripts\/train-reference-cnn\.ts 训练，测试集准确率 9\d\.\d%）/);
    book.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});

describe("cnnCard / fitSeconds", () => {
  it("makes a valid card for the 3.2 CNN", () => {
    const model = buildCnn(SMALL_CNN);
    const draft = cnnCard(model, { trainingSize: 400, testAccuracy: 0.632, testSize: 2000, measuredBy: "3.2 节单元 cnn-results", backend: "wasm", trainingSeconds: 5.2 });
    const card = validateCard({ ...draft, version: 1, createdAt: new Date(0).toISOString() });
    assert.equal(card.parameters, 27_562);
    assert.equal(card.name, "mnist-cnn");
    assert.equal(card.parentVersion, null);
    model.dispose();
  });

  it("recovers the seconds fit() trained from its batches and throughput", () => {
    const history = (batches: number, samplesPerSecond: number): FitHistory => ({ batches: Array.from({ length: batches }, () => ({ loss: 1 })), epochs: [], stopped: false, samplesPerSecond });
    // 400 samples, batch 64: 7 batches per epoch (6 × 64 + 16); 2 epochs = 800 samples.
    assert.equal(fitSeconds(history(14, 100), 400, 64), 8);
    // Stopped after 3 batches of the second epoch: 400 + 192 samples.
    assert.equal(fitSeconds(history(10, 592), 400, 64), 1);
    assert.equal(fitSeconds(history(0, 0), 400, 64), null);
  });
});
