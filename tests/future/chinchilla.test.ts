// The compute-optimal calculator against the configurations Hoffmann et al. published:
// "Training Compute-Optimal Large Language Models", arXiv:2203.15556, Table 3 (p. 8,
// "Estimated optimal training FLOPs and training tokens for various model sizes",
// Approach 1), and the Chinchilla model itself (70B parameters, 1.4T tokens, the same
// compute as Gopher: 5.76e23 FLOPs, the Table's "Gopher unit").
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chineseCount, computeOptimal, trainingFlops } from "../../components/future/chinchilla.js";

const TABLE_3: { params: number; flops: number; tokens: number }[] = [
  { params: 400e6, flops: 1.92e19, tokens: 8.0e9 },
  { params: 1e9, flops: 1.21e20, tokens: 20.2e9 },
  { params: 10e9, flops: 1.23e22, tokens: 205.1e9 },
  { params: 67e9, flops: 5.76e23, tokens: 1.5e12 },
  { params: 175e9, flops: 3.85e24, tokens: 3.7e12 },
  { params: 280e9, flops: 9.9e24, tokens: 5.9e12 },
  { params: 520e9, flops: 3.43e25, tokens: 11.0e12 },
  { params: 1e12, flops: 1.27e26, tokens: 21.2e12 },
  { params: 10e12, flops: 1.3e28, tokens: 216.2e12 }
];

const within = (got: number, want: number, rel: number, what: string) => assert.ok(Math.abs(got / want - 1) <= rel, `${what}: ${got.toExponential(3)} vs ${want.toExponential(3)}`);

describe("computeOptimal", () => {
  it("matches every row of the paper's Table 3 within 10% (the Table's own D/N runs from 20 to 22.4, above the rounded 20)", () => {
    for (const row of TABLE_3) {
      const { params, tokens } = computeOptimal(row.flops);
      within(params, row.params, 0.1, `N_opt at ${row.flops}`);
      within(tokens, row.tokens, 0.1, `D_opt at ${row.flops}`);
    }
  });

  it("gives Chinchilla (70B, 1.4T tokens) for Gopher's budget", () => {
    const { params, tokens } = computeOptimal(5.76e23);
    within(params, 70e9, 0.02, "N_opt");
    within(tokens, 1.4e12, 0.02, "D_opt");
  });

  it("is consistent with C = 6ND and scales N and D as √C", () => {
    const a = computeOptimal(1e21);
    within(trainingFlops(a.params, a.tokens), 1e21, 1e-12, "6ND");
    const b = computeOptimal(1e23);
    within(b.params / a.params, 10, 1e-12, "100× compute → 10× parameters");
    // Table 3 itself satisfies C ≈ 6ND within 5% on every row.
    for (const row of TABLE_3) within(trainingFlops(row.params, row.tokens), row.flops, 0.05, `6ND of ${row.params}`);
  });

  it("refuses a budget that is not a positive number", () => {
    assert.throws(() => computeOptimal(0), /算力预算/);
    assert.throws(() => computeOptimal(Number.NaN), /算力预算/);
  });

  it("writes counts in Chinese units", () => {
    assert.equal(chineseCount(7e10), "700 亿");
    assert.equal(chineseCount(1.4e12), "1.4 万亿");
    assert.equal(chineseCount(225_034), "22.5 万");
  });
});
