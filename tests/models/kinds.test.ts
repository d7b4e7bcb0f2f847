// The store's two kinds of entry: Keras models and weights bundles. The shipped reference CNN
// (written before weights bundles existed) still reads unchanged and re-encodes to the same
// bytes; a weights bundle is refused where a Keras model is needed; loadBookModel() never
// returns a weights bundle, whatever its name; cards without the new optional fields keep their
// bytes; the store page's headline says perplexity for a language model.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { unpackModel } from "../../components/models/artifacts.js";
import { BOOK_CNN_NAME, REFERENCE_CNN_FILE } from "../../components/models/book-cnn.js";
import { kerasVersion, loadBookModel } from "../../components/models/book-model.js";
import { decodeBundle, decodeFile, encodeBundle, isWeightsBundle } from "../../components/models/bundle.js";
import { formatCardField, headlineMetric, orderCard, validateCard } from "../../components/models/card.js";
import { ModelFileError } from "../../components/models/errors.js";
import type { ModelStore, StoredModel, StoredVersion } from "../../components/models/registry.js";
import { packGpt, gptCard } from "../../components/gpt/store.js";
import { Gpt } from "../../components/gpt/model.js";
import { CharVocab } from "../../components/text/vocab.js";
import { sampleCard, samplePackage } from "./sample.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const reference = () => readFileSync(join(root, REFERENCE_CNN_FILE));

before(async () => {
  await tf.setBackend("cpu");
});

describe("Keras files from before weights bundles", () => {
  it("the shipped reference CNN decodes as a Keras model, builds, and re-encodes byte for byte", async () => {
    const bytes = new Uint8Array(reference());
    assert.equal(bytes[4], 1, "written as format version 1");
    const pkg = decodeFile(bytes);
    assert.ok(!isWeightsBundle(pkg));
    // Re-encoded (the card's fields in orderCard's order): still version 1, no "kind", and it
    // decodes to the same package, so older copies of the book read new Keras exports.
    const again = encodeBundle(pkg);
    assert.equal(again[4], 1);
    assert.equal(again.length, bytes.length);
    assert.ok(!new TextDecoder().decode(again.subarray(20, 20 + 4096)).includes('"kind"'));
    assert.deepEqual(decodeFile(again), pkg);
    assert.equal(pkg.card.metrics.testPerplexity, undefined);
    assert.equal(pkg.card.trainingSteps, undefined);
    const start = tf.memory().numTensors;
    const model = await unpackModel(decodeBundle(bytes));
    assert.equal(model.countParams(), 225_034);
    model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("a card without the optional fields keeps its fields and order", () => {
    const card = sampleCard();
    assert.deepEqual(Object.keys(orderCard(card)), Object.keys(card));
    assert.deepEqual(Object.keys(orderCard(card).metrics), ["testAccuracy", "testSize", "measuredBy"]);
    assert.equal(headlineMetric(card), "准确率 97.5%");
  });
});

/** A small GPT's bundle under `name`. */
async function gptFile(name: string): Promise<Uint8Array> {
  const vocab = new CharVocab([..."山水月花"]);
  const model = new Gpt({ vocab: vocab.size, context: 8, d: 8, heads: 2, layers: 1, ffn: 16 });
  const card = validateCard({ ...gptCard(model, { trainingWindows: 100, testPerplexity: 135.5, testCharacters: 50, steps: 510, backend: "wasm", trainingSeconds: 90, measuredBy: "3.6 节单元 train-gpt", name }), version: 1, createdAt: "2026-12-05T00:00:00.000Z" });
  const file = encodeBundle(await packGpt(model, vocab, card));
  model.dispose();
  return file;
}

describe("weights bundles where a Keras model is needed", () => {
  it("decodeBundle refuses a GPT bundle and says what it is", async () => {
    const file = await gptFile("tang-gpt");
    assert.throws(() => decodeBundle(file), (e: Error) => e instanceof ModelFileError && /“tang-gpt”（版本 1）是 3\.6 节的权重包（gpt-char），不是 Keras 卷积网络/.test(e.message));
  });

  it("the GPT's card shows perplexity and training steps", async () => {
    const pkg = decodeFile(await gptFile("tang-gpt"));
    assert.equal(headlineMetric(pkg.card), "困惑度 135.5");
    assert.equal(formatCardField(pkg.card, "metrics"), "测试困惑度 135.5（50 个测试字符），由 3.6 节单元 train-gpt 测得");
    assert.equal(formatCardField(pkg.card, "trainingSteps"), "510");
    assert.equal(formatCardField(sampleCard(), "trainingSteps"), "未记录");
  });
});

/** A store that only lists (as loadBookModel reads it) and records what it is asked to load. */
function fakeStore(models: StoredModel[]) {
  const loads: [string, number | undefined][] = [];
  const store = {
    list: async () => models,
    loadModel: async (name: string, version?: number) => {
      loads.push([name, version]);
      const { model, pkg } = await samplePackage();
      return { model, card: { ...pkg.card, name, version: version ?? 0 } };
    },
    close() {}
  } as unknown as ModelStore;
  return { store, loads };
}

const version = (v: number, kind: StoredVersion["kind"], tags: string[] = []): StoredVersion => ({ card: { ...sampleCard(), version: v }, kind, builder: kind === "weights" ? "gpt-char" : null, tags, bytes: 1 });

describe("loadBookModel never returns a weights bundle", () => {
  it("ignores the GPT, and a weights bundle that took the CNN's name: uses the reference model", async () => {
    const { store, loads } = fakeStore([
      { name: "tang-gpt", versions: [version(1, "weights")], bytes: 1 },
      { name: BOOK_CNN_NAME, versions: [version(1, "weights", ["production"])], bytes: 1 }
    ]);
    const book = await loadBookModel(reference(), { store });
    assert.equal(book.source, "reference");
    assert.deepEqual(loads, [], "nothing was loaded from the store");
    book.dispose();
  });

  it("picks the Keras version tagged production, else the newest Keras one, skipping bundles", async () => {
    assert.equal(kerasVersion({ name: BOOK_CNN_NAME, versions: [version(1, "layers"), version(2, "layers"), version(3, "weights")], bytes: 3 }), 2);
    assert.equal(kerasVersion({ name: BOOK_CNN_NAME, versions: [version(1, "layers", ["production"]), version(2, "layers")], bytes: 2 }), 1);
    assert.equal(kerasVersion({ name: BOOK_CNN_NAME, versions: [version(1, "layers"), version(2, "weights", ["production"])], bytes: 2 }), 1);
    assert.equal(kerasVersion(undefined), null);
    const { store, loads } = fakeStore([
      { name: "tang-gpt", versions: [version(1, "weights")], bytes: 1 },
      { name: BOOK_CNN_NAME, versions: [version(1, "layers"), version(2, "weights")], bytes: 2 }
    ]);
    const book = await loadBookModel(reference(), { store });
    assert.equal(book.source, "reader");
    assert.deepEqual(loads, [[BOOK_CNN_NAME, 1]]);
    book.dispose();
  });
});
