import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { loadMails, mailTensors } from "../../components/data/mails.js";
import { registerCpuTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { AttentionPoolClassifier } from "../../components/nn/attention-pool.js";
import { mailWords, WordVocab } from "../../components/text/words.js";
import { UNK } from "../../components/text/tokens.js";
import { trainSteps } from "../../components/train/loop.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

before(async () => {
  registerCpuTrainingKernels();
  await tf.setBackend("cpu");
});

describe("mail words", () => {
  it("drops headers and HTML, lowercases, and keeps a deterministic vocabulary", () => {
    const raw = "From: a@b.com\nSubject: WIN\n\n<html><b>Click HERE</b> to win &nbsp; money, 100% FREE!</html>";
    assert.deepEqual(mailWords(raw), ["click", "here", "to", "win", "money", "free"]);
    const vocab = WordVocab.fromDocuments([["b", "a", "a"], ["c", "b"]], 6);
    assert.deepEqual(vocab.tokens, ["<pad>", "<s>", "</s>", "<unk>", "a", "b"]);
    assert.deepEqual(vocab.encode(["a", "zzz"]), [4, UNK]);
  });
});

describe("attention pooling on mails", () => {
  it("the classifier learns real mails and its weights ignore padding", async () => {
    const text = execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mails.json.ts")], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
    const mails = await loadMails(text); // the loader's own checks: tests/data/mails.test.ts

    const start = tf.memory().numTensors;
    const sub = { ...mails.train, count: 512, ids: mails.train.ids.subarray(0, 512 * mails.length), labels: mails.train.labels.subarray(0, 512) };
    const data = mailTensors(sub, mails.length);
    const model = new AttentionPoolClassifier(mails.vocab.size, 16, "attention");
    const optimizer = tf.train.adam(0.02);
    const history = await trainSteps(data.x, data.y, (xb, yb) => model.trainStep(optimizer, xb as tf.Tensor2D, yb as tf.Tensor2D), { epochs: 3, batchSize: 64 });
    assert.ok(history.batches.at(-1)!.loss < history.batches[0].loss, "loss falls");
    const ids = tf.tensor2d([[5, 9, 0, 0], [7, 0, 0, 0]], [2, 4], "int32");
    const { probability, weights } = model.forward(ids);
    const w = (await weights.array()) as number[][];
    assert.equal(w[0][2] + w[0][3] + w[1][1] + w[1][2] + w[1][3], 0, "padding gets no weight");
    assert.ok(Math.abs(w[0][0] + w[0][1] - 1) < 1e-5 && Math.abs(w[1][0] - 1) < 1e-5, "weights sum to 1");
    const mean = new AttentionPoolClassifier(mails.vocab.size, 16, "mean");
    const meanOut = mean.forward(ids);
    assert.deepEqual(await meanOut.weights.array(), [[0.5, 0.5, 0, 0], [1, 0, 0, 0]]);
    tf.dispose([ids, probability, weights, meanOut.probability, meanOut.weights]);
    mean.dispose();
    model.dispose();
    optimizer.dispose();
    data.dispose();
    assert.equal(tf.memory().numTensors, start, "no leak");
  });
});
