import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { packSentencePair } from "../../components/text/sentence-pair.js";

describe("BERT sentence-pair packing", () => {
  it("puts [CLS] first, a [SEP] after each sentence, segment 0 up to the first [SEP] and 1 after it", () => {
    const { tokens, segments, positions } = packSentencePair(["my", "dog"], ["he", "likes", "play"]);
    assert.deepEqual(tokens, ["[CLS]", "my", "dog", "[SEP]", "he", "likes", "play", "[SEP]"]);
    assert.deepEqual(segments, [0, 0, 0, 0, 1, 1, 1, 1]);
    assert.deepEqual(positions, [0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
