import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildMlm, guessMasked, parseMasked } from "../../components/nn/mlm.js";
import { NAME_LENGTH } from "../../components/nn/rnn-models.js";
import { CharVocab } from "../../components/text/vocab.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("masked LM input", () => {
  const setup = buildMlm(CharVocab.fromTexts(["mary", "alice", "jo-ann"]), { d: 8, heads: 2, layers: 1, ffn: 8 });

  it("reads _ and [MASK] (any case) as masks, ignores other characters, and stops at the model's length", () => {
    const parsed = parseMasked(setup, "Ma_Y [mask]!3");
    assert.deepEqual(parsed.chars, ["m", "a", "[MASK]", "y", "[MASK]"]);
    assert.deepEqual(parsed.masked, [2, 4]);
    assert.deepEqual(parsed.ids, [setup.vocab.id("m"), setup.vocab.id("a"), setup.maskId, setup.vocab.id("y"), setup.maskId]);
    assert.equal(parseMasked(setup, "a".repeat(40) + "_").ids.length, NAME_LENGTH);
    assert.deepEqual(parseMasked(setup, "alice").masked, []);
  });

  it("guesses only real characters, k per masked position, probabilities in order; no leak", async () => {
    const start = tf.memory().numTensors;
    const { guesses, chars, attentions } = await guessMasked(setup, "_li_e", 3);
    assert.deepEqual(chars, ["[MASK]", "l", "i", "[MASK]", "e"]);
    assert.deepEqual(guesses.map((g) => g.position), [0, 3]);
    for (const { top } of guesses) {
      assert.equal(top.length, 3);
      assert.ok(top.every((t) => /^[a-z-]$/.test(t.char)), "no padding, start/end or [MASK] among the guesses");
      assert.ok(top[0].probability >= top[1].probability && top[1].probability >= top[2].probability);
    }
    assert.deepEqual([attentions.length, attentions[0].length, attentions[0][0].length], [1, 2, 5]);
    assert.equal(tf.memory().numTensors, start);
  });
});
