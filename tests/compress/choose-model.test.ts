import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { chooseBookModel } from "../../components/compress/choose-model.js";
import { readCnnWeights, weightsFingerprint } from "../../components/compress/cnn-weights.js";
import { quantizeCnn } from "../../components/compress/quantize-cnn.js";
import { storageBytes } from "../../components/compress/quantize-cnn.js";
import { REFERENCE_CNN_FILE } from "../../components/models/book-cnn.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const file = readFileSync(join(root, REFERENCE_CNN_FILE));

before(async () => {
  await tf.setBackend("cpu");
});

describe("chooseBookModel", () => {
  it("auto: falls back to the reference model (no store in Node); compressing a copy leaves it unchanged", async () => {
    const start = tf.memory().numTensors;
    const book = await chooseBookModel(file, "auto");
    assert.equal(book.source, "reference");
    const w = await readCnnWeights(book.model);
    const before = weightsFingerprint(w);
    const q = quantizeCnn(w, { bits: 2, scheme: "symmetric", granularity: "per-tensor" });
    assert.notEqual(weightsFingerprint(q), before);
    assert.equal(weightsFingerprint(await readCnnWeights(book.model)), before);
    assert.equal(weightsFingerprint(w), before);
    assert.equal(storageBytes(w), 225_034 * 4);
    book.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("mine without a saved model: a Chinese message and no model left behind", async () => {
    const start = tf.memory().numTensors;
    await assert.rejects(chooseBookModel(file, "mine"), /模型库里没有它/);
    assert.equal(tf.memory().numTensors, start);
  });
});
