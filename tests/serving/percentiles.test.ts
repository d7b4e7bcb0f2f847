// Percentiles by nearest rank, against values worked out by hand.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { percentile, summarizeLatencies } from "../../components/serving/percentiles.js";

describe("percentile", () => {
  it("is the nearest-rank value", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 95), 95);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile(values, 100), 100);
    assert.equal(percentile([7, 1, 3], 50), 3);
    assert.equal(percentile([5], 99), 5);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.throws(() => percentile([1], 0), /百分位/);
  });

  it("summarizes a latency list", () => {
    const s = summarizeLatencies([4, 1, 2, 3, 10]);
    assert.deepEqual(s, { count: 5, p50: 3, p95: 10, p99: 10, mean: 4, max: 10 });
  });
});
