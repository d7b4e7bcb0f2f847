import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { BOS, CharVocab, encodeBatch, EOS, padSequences, PAD, UNK } from "../../components/text/vocab.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("CharVocab", () => {
  const vocab = CharVocab.fromTexts(["anna", "bob", "mary-jo"]);
  it("has sorted characters after the four reserved ids", () => {
    assert.deepEqual(vocab.tokens.slice(4), ["-", "a", "b", "j", "m", "n", "o", "r", "y"]);
    assert.equal(vocab.size, 13);
  });
  it("round-trips text, marks start and end, and maps unknown characters to <unk>", () => {
    for (const name of ["anna", "mary-jo", "bob"]) assert.equal(vocab.decode(vocab.encode(name, { bos: true, eos: true })), name);
    const ids = vocab.encode("zoe", { bos: true, eos: true });
    assert.equal(ids[0], BOS);
    assert.equal(ids.at(-1), EOS);
    assert.equal(ids[1], UNK);
    assert.equal(vocab.decode(ids), "?o?");
  });
  it("pads on the left (ends aligned) or right, and cuts long rows", () => {
    assert.deepEqual(padSequences([[5, 6], [7]], 3), [[PAD, 5, 6], [PAD, PAD, 7]]);
    assert.deepEqual(padSequences([[5, 6], [7]], 3, "right"), [[5, 6, PAD], [7, PAD, PAD]]);
    assert.deepEqual(padSequences([[1, 2, 3, 4]], 2), [[3, 4]]);
    assert.deepEqual(padSequences([[1, 2, 3, 4]], 2, "right"), [[1, 2]]);
  });
  it("batches into an int32 tensor", async () => {
    const t = encodeBatch(vocab, ["bob", "anna"], 5);
    assert.equal(t.dtype, "int32");
    assert.deepEqual(t.shape, [2, 5]);
    assert.deepEqual(Array.from(await t.data()).slice(0, 5), [PAD, PAD, ...vocab.encode("bob")]);
    t.dispose();
  });
});
