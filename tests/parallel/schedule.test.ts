// Pipeline schedules on paper: GPipe's and 1F1B's bubbles equal (p−1)/(m+p−1) with equal
// stages; 1F1B holds at most p micro-batches' activations on a stage, GPipe all m.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bubbleFraction } from "../../components/parallel/comm-cost.js";
import { measuredBubble, peakInFlight, pipelineSchedule } from "../../components/parallel/schedule.js";

describe("pipelineSchedule", () => {
  it("has the formula's bubble for GPipe and 1F1B", () => {
    for (const p of [2, 3, 4])
      for (const m of [1, 2, 4, 8, 13]) {
        for (const kind of ["gpipe", "1f1b"] as const) {
          const spans = pipelineSchedule(kind, p, m);
          assert.equal(spans.length, 2 * p * m);
          assert.ok(Math.abs(measuredBubble(spans) - bubbleFraction(p, m)) < 1e-12, `${kind} p=${p} m=${m}: ${measuredBubble(spans)}`);
        }
      }
  });
  it("1F1B keeps at most p micro-batches in flight per stage, GPipe keeps m", () => {
    const [p, m] = [4, 8];
    assert.equal(peakInFlight(pipelineSchedule("gpipe", p, m), "阶段 0"), m);
    for (let s = 0; s < p; s++) assert.ok(peakInFlight(pipelineSchedule("1f1b", p, m), `阶段 ${s}`) <= p - s);
  });
});
