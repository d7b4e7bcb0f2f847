import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { loadMails, mailTensors, MailsFormatError } from "../../components/data/mails.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const text = execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mails.json.ts")], { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 });

describe("mails data", () => {
  it("holds balanced spam and ham, split 80/20, 64 word ids per mail within the vocabulary", async () => {
    const { train, test, vocab, length } = await loadMails(text);
    assert.equal(length, 64);
    assert.equal(vocab.size, 2000);
    assert.equal(Math.round((train.count + test.count) * 0.8), train.count);
    const spam = [...train.labels, ...test.labels].filter((l) => l === 1).length;
    assert.equal(spam * 2, train.count + test.count, "as many spam as ham mails");
    for (const split of [train, test]) {
      assert.equal(split.ids.length, split.count * length);
      for (let m = 0; m < split.count; m++) assert.ok(split.ids[m * length] !== 0, "every mail has words");
    }
    const start = tf.memory().numTensors;
    const { x, y, dispose } = mailTensors(test, length);
    assert.deepEqual([x.shape, y.shape, x.dtype], [[test.count, 64], [test.count, 1], "int32"]);
    dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("rejects a truncated or malformed file with a clear message", async () => {
    await assert.rejects(loadMails(text.slice(0, 5000)), MailsFormatError);
    const broken = JSON.parse(text);
    broken.test.ids = broken.test.ids.slice(0, 400);
    await assert.rejects(loadMails(broken), /截断/);
    await assert.rejects(loadMails({ format: "other" }), /格式/);
  });
});
