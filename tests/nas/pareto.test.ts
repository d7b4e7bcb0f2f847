// The Pareto front (components/nas/pareto.ts) on hand-made candidates.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dominates, paretoFront } from "../../components/nas/pareto.js";

describe("paretoFront", () => {
  const c = (accuracy: number, params: number, latencyMs: number) => ({ accuracy, params, latencyMs });
  it("keeps every candidate no other beats on all three objectives", () => {
    const points = [c(0.9, 1000, 2), c(0.95, 5000, 3), c(0.85, 2000, 2.5), c(0.95, 5000, 3), c(0.8, 500, 5), c(0.97, 90_000, 1)];
    // 2 is beaten by 0 (more accurate, fewer parameters, faster); 1 and 3 tie, so both stay.
    assert.deepEqual(paretoFront(points), [0, 1, 3, 4, 5]);
    assert.ok(dominates(points[0], points[2]));
    assert.ok(!dominates(points[1], points[3]) && !dominates(points[3], points[1]));
    assert.deepEqual(paretoFront([]), []);
  });
});
