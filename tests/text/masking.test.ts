import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskingCounts, maskTokens } from "../../components/text/masking.js";
import { seededRandom } from "../../components/data/synthetic.js";

describe("BERT masking", () => {
  it("targets 15% of real tokens; of those 80% [MASK], 10% random, 10% unchanged; never padding", () => {
    const random = seededRandom(11);
    const rows = Array.from({ length: 4000 }, () => [...Array.from({ length: 20 }, () => 4 + Math.floor(random() * 26)), 0, 0, 0, 0]);
    const { input, targets, weights } = maskTokens(rows, { maskId: 30, firstToken: 4, vocabSize: 30, random: seededRandom(5) });
    rows.forEach((row, r) =>
      row.forEach((id, i) => {
        if (id === 0) {
          assert.equal(weights[r][i], 0, "padding is never a target");
          assert.equal(input[r][i], 0);
        } else if (!weights[r][i]) assert.equal(input[r][i], id, "non-targets are untouched");
      })
    );
    const { real, targets: chosen, masked, replaced, unchanged: kept } = maskingCounts(rows, { input, targets, weights }, 30);
    assert.equal(real, 4000 * 20);
    assert.deepEqual(targets, rows);
    const near = (value: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(value - expected) < tolerance, `${what}: ${value.toFixed(4)}`);
    near(chosen / real, 0.15, 0.01, "target rate");
    near(masked / chosen, 0.8, 0.015, "[MASK] share");
    // A random replacement can draw the same token (1 in 26), which then counts as kept.
    near(replaced / chosen, 0.1 * (25 / 26), 0.015, "random share");
    near(kept / chosen, 0.1 + 0.1 / 26, 0.015, "unchanged share");
  });
});

describe("masking counts", () => {
  it("counts [MASK], replaced and unchanged targets by what the model sees", () => {
    const rows = [[5, 6, 7, 0], [8, 9, 0, 0]];
    const batch = { input: [[30, 6, 9, 0], [8, 9, 0, 0]], targets: rows, weights: [[1, 0, 1, 0], [1, 0, 0, 0]] };
    assert.deepEqual(maskingCounts(rows, batch, 30), { real: 5, targets: 3, masked: 1, replaced: 1, unchanged: 1 });
  });
});
