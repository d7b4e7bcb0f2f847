import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskTokens } from "../../components/text/masking.js";
import { seededRandom } from "../../components/data/synthetic.js";

describe("BERT masking", () => {
  it("targets 15% of real tokens; of those 80% [MASK], 10% random, 10% unchanged; never padding", () => {
    const random = seededRandom(11);
    const rows = Array.from({ length: 4000 }, () => [...Array.from({ length: 20 }, () => 4 + Math.floor(random() * 26)), 0, 0, 0, 0]);
    const { input, targets, weights } = maskTokens(rows, { maskId: 30, firstToken: 4, vocabSize: 30, random: seededRandom(5) });
    let [real, chosen, masked, replaced, kept] = [0, 0, 0, 0, 0];
    rows.forEach((row, r) =>
      row.forEach((id, i) => {
        if (id === 0) {
          assert.equal(weights[r][i], 0, "padding is never a target");
          assert.equal(input[r][i], 0);
          return;
        }
        real++;
        if (!weights[r][i]) return assert.equal(input[r][i], id, "non-targets are untouched");
        chosen++;
        if (input[r][i] === 30) masked++;
        else if (input[r][i] === id) kept++;
        else replaced++;
      })
    );
    assert.deepEqual(targets, rows);
    const near = (value: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(value - expected) < tolerance, `${what}: ${value.toFixed(4)}`);
    near(chosen / real, 0.15, 0.01, "target rate");
    near(masked / chosen, 0.8, 0.015, "[MASK] share");
    // A random replacement can draw the same token (1 in 26), which then counts as kept.
    near(replaced / chosen, 0.1 * (25 / 26), 0.015, "random share");
    near(kept / chosen, 0.1 + 0.1 / 26, 0.015, "unchanged share");
  });
});
