// 3.4's encoder–decoder with Bahdanau attention: shapes, alignment rows that sum to 1 and
// ignore padding, the reader's bad input, a few steps that lower the loss, and no leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { BahdanauSeq2Seq } from "../../components/seq2seq/bahdanau-seq2seq.js";
import { DateCodec, MAX_SOURCE, TARGET_LENGTH } from "../../components/seq2seq/date-codec.js";
import { datePairs } from "../../components/seq2seq/dates.js";

before(async () => {
  await tf.setBackend("cpu");
});

const codec = new DateCodec();

describe("DateCodec", () => {
  it("explains bad input in Chinese", () => {
    assert.match(codec.problem("") ?? "", /请输入一个日期/);
    assert.match(codec.problem("1".repeat(MAX_SOURCE + 1)) ?? "", /最多 32 个/);
    assert.match(codec.problem("2021年3月5号") ?? "", /没见过这些字符：“号”/);
    assert.equal(codec.problem("March 5, 2021"), null);
  });

  it("right-pads sources and shifts targets behind a start symbol", async () => {
    const x = codec.encodeSources(["1", "2021/3/5"]);
    assert.deepEqual(x.shape, [2, 8]);
    const row = ((await x.array()) as number[][])[0];
    assert.ok(row[0] > 0 && row.slice(1).every((v) => v === 0));
    const { input, output } = codec.encodeTargets(["2021-03-05"]);
    assert.deepEqual((await output.array())[0], [2, 0, 2, 1, 10, 0, 3, 10, 0, 5]);
    assert.deepEqual((await input.array())[0], [11, 2, 0, 2, 1, 10, 0, 3, 10, 0]);
    tf.dispose([x, input, output]);
  });
});

describe("BahdanauSeq2Seq", () => {
  it("translates a batch into 10 characters with one alignment row per character, padding weighted 0", async () => {
    const model = new BahdanauSeq2Seq({ sourceVocab: codec.sourceVocab, hidden: 8, embed: 4, attention: 6 });
    const start = tf.memory().numTensors;
    const x = codec.encodeSources(["2021/3/5", "March 15, 1999"]);
    const { texts, alignments } = await model.translate(x);
    assert.equal(texts.length, 2);
    assert.ok(texts.every((t) => t.length === TARGET_LENGTH && /^[0-9-]+$/.test(t)));
    assert.deepEqual([alignments.length, alignments[0].length, alignments[0][0].length], [2, 10, 14]);
    for (const rows of alignments) for (const row of rows) assert.ok(Math.abs(row.reduce((s, a) => s + a, 0) - 1) < 1e-5);
    // "2021/3/5" has 8 characters: its weights past position 8 are exactly 0.
    assert.ok(alignments[0].every((row) => row.slice(8).every((a) => a === 0)));
    x.dispose();
    assert.equal(tf.memory().numTensors, start, "no leak");
    model.dispose();
  });

  it("lowers the loss in a few Adam steps on a small batch and frees every temporary", async () => {
    const model = new BahdanauSeq2Seq({ sourceVocab: codec.sourceVocab, hidden: 12, embed: 6, attention: 8 });
    const data = codec.tensors(datePairs(32, { seed: 3 }));
    const optimizer = tf.train.adam(0.02);
    const first = await model.trainStep(optimizer, data.x, data.y);
    const start = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 15; i++) last = await model.trainStep(optimizer, data.x, data.y);
    assert.equal(tf.memory().numTensors, start, "no leak per step");
    assert.ok(last.loss < first.loss * 0.8, `loss ${first.loss} → ${last.loss}`);
    assert.ok(Number.isFinite(await model.exactMatch(data.x, datePairs(32, { seed: 3 }).map((p) => p.target))));
    optimizer.dispose();
    data.dispose();
    model.dispose();
  });
});
