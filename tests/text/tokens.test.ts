import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BOS, EOS, PAD, SPECIAL_TOKENS, TokenVocab, UNK } from "../../components/text/tokens.js";
import { CharVocab } from "../../components/text/vocab.js";
import { WordVocab } from "../../components/text/words.js";

describe("one special-token layout for every vocabulary", () => {
  it("reserves 0–3 for padding, start, end and unknown", () => {
    assert.deepEqual([PAD, BOS, EOS, UNK], [0, 1, 2, 3]);
    assert.deepEqual(SPECIAL_TOKENS, ["<pad>", "<s>", "</s>", "<unk>"]);
    const vocab = new TokenVocab(["x", "y"]);
    assert.deepEqual(vocab.tokens, ["<pad>", "<s>", "</s>", "<unk>", "x", "y"]);
    assert.deepEqual(vocab.entries, ["x", "y"]);
    assert.equal(vocab.size, 6);
    assert.deepEqual([vocab.id("y"), vocab.id("zz")], [5, UNK]);
    assert.deepEqual([0, 3, 4].map((id) => vocab.isSpecial(id)), [true, true, false]);
  });

  it("characters and words use it alike", () => {
    const chars = new CharVocab(["a", "b"]);
    const words = new WordVocab(["a", "b"]);
    assert.deepEqual(chars.tokens, words.tokens);
    assert.deepEqual(chars.encode("ab?"), words.encode(["a", "b", "?"]));
    assert.equal(words.decode([PAD, 4, UNK, 99]).join(" "), "<pad> a <unk> <unk>");
    assert.equal(chars.decode([BOS, 4, UNK, 5, EOS, PAD]), "a?b");
  });

  it("a word vocabulary of size n keeps the n − 4 most frequent words, ties alphabetical", () => {
    const vocab = WordVocab.fromDocuments([["spam", "ham", "ham"], ["eggs", "spam", "ham", "toast"]], 7);
    assert.deepEqual(vocab.entries, ["ham", "spam", "eggs"]);
    assert.equal(vocab.size, 7);
  });
});
