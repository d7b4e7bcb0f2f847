// Canary routing sends about x% of requests to the new version, the same request always
// to the same version; metrics are kept per version.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CanaryMetrics, routeRequest } from "../../components/serving/canary.js";

describe("routeRequest", () => {
  it("sends about the given share to the canary, and each id always the same way", () => {
    for (const percent of [5, 20, 50]) {
      const n = 20_000;
      let canary = 0;
      for (let i = 0; i < n; ++i) if (routeRequest(`r${i}`, percent) === "canary") canary += 1;
      const expected = (n * percent) / 100;
      assert.ok(Math.abs(canary - expected) < 5 * Math.sqrt(expected), `${percent}%: ${canary} of ${n}`);
    }
    assert.equal(routeRequest("r7", 30), routeRequest("r7", 30));
  });

  it("0% is a full rollback, 100% a full rollout; out of range is refused", () => {
    for (let i = 0; i < 1000; ++i) {
      assert.equal(routeRequest(`r${i}`, 0), "stable");
      assert.equal(routeRequest(`r${i}`, 100), "canary");
    }
    assert.throws(() => routeRequest("r", 101), /金丝雀比例/);
  });
});

describe("CanaryMetrics", () => {
  it("keeps requests, errors, accuracy and latency per version", () => {
    const m = new CanaryMetrics();
    m.record("stable", { latencyMs: 2, correct: true });
    m.record("stable", { latencyMs: 4, correct: false });
    m.record("canary", { latencyMs: 8, correct: true });
    m.record("canary", { error: true });
    assert.deepEqual(m.report("stable").accuracy, 0.5);
    assert.equal(m.report("stable").latency.p50, 2);
    assert.deepEqual({ ...m.report("canary"), latency: undefined }, { requests: 2, errors: 1, accuracy: 1, latency: undefined });
  });
});
