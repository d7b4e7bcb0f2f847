import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BigramModel } from "../../components/gpt/bigram.js";

describe("BigramModel", () => {
  const ids = [0, 1, 2, 0, 1, 2, 0, 1, 3];
  it("interpolates the pair frequency with an add-one unigram, and sums to 1 per row", () => {
    const m = new BigramModel(ids, 4, 0.8);
    // c(0→1) = 3 of c(0 first) = 3; unigram(1) = (3 + 1) / (9 + 4)
    assert.ok(Math.abs(m.probability(0, 1) - (0.8 + 0.2 * (4 / 13))) < 1e-12);
    for (let a = 0; a < 4; a++) {
      const total = [0, 1, 2, 3].reduce((s, b) => s + m.probability(a, b), 0);
      assert.ok(Math.abs(total - 1) < 1e-12, `row ${a}: ${total}`);
    }
    // 3 never comes first: the unigram alone
    assert.ok(Math.abs(m.probability(3, 0) - 4 / 13) < 1e-12);
  });
  it("perplexity is exp of the mean negative log-probability", () => {
    const m = new BigramModel(ids, 4, 0.8);
    const test = [0, 1, 2];
    const expected = Math.exp(-(Math.log(m.probability(0, 1)) + Math.log(m.probability(1, 2))) / 2);
    assert.ok(Math.abs(m.perplexity(test) - expected) < 1e-9);
  });
  it("tuned() picks λ on the validation text", () => {
    const m = BigramModel.tuned(ids, [0, 1, 2, 0, 1], 4);
    assert.equal(m.lambda, 0.99);
  });
});
