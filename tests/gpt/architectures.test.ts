import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attentionPatterns } from "../../components/gpt/architectures.js";

describe("attentionPatterns", () => {
  it("encoder sees all, decoder the lower triangle, encoder-decoder both plus cross-attention", () => {
    const [enc, dec, both] = attentionPatterns(["a", "b"], ["x", "y", "z"]);
    assert.deepEqual(enc.grid, [[1, 1], [1, 1]]);
    assert.deepEqual(dec.grid, [[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    assert.deepEqual(both.grid, [
      [1, 1, 0, 0, 0],
      [1, 1, 0, 0, 0],
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 0],
      [1, 1, 1, 1, 1]
    ]);
  });
});
