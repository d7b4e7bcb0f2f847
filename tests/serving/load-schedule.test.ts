// The load generator's plan is bounded and seeded; a run sends every planned request and
// stops by itself.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runLoad } from "../../components/serving/load-generator.js";
import { loadSchedule, MAX_RATE } from "../../components/serving/load-schedule.js";

describe("loadSchedule", () => {
  it("steady: evenly spaced, rate × duration requests", () => {
    const times = loadSchedule({ rate: 100, durationS: 2, pattern: "steady" });
    assert.equal(times.length, 200);
    assert.equal(times[1] - times[0], 10);
  });

  it("poisson: same seed, same plan; about rate × duration requests, all inside the duration", () => {
    const a = loadSchedule({ rate: 500, durationS: 10, seed: 3 });
    assert.deepEqual(a, loadSchedule({ rate: 500, durationS: 10, seed: 3 }));
    assert.notDeepEqual(a, loadSchedule({ rate: 500, durationS: 10, seed: 4 }));
    assert.ok(Math.abs(a.length - 5000) < 5 * Math.sqrt(5000), `${a.length} arrivals`);
    assert.ok(a.every((t, i) => t >= 0 && t < 10_000 && (i === 0 || t >= a[i - 1])));
  });

  it("refuses rates and durations out of bounds with a Chinese message", () => {
    assert.throws(() => loadSchedule({ rate: MAX_RATE + 1, durationS: 1 }), /请求速率/);
    assert.throws(() => loadSchedule({ rate: 0, durationS: 1 }), /请求速率/);
    assert.throws(() => loadSchedule({ rate: 10, durationS: 3600 }), /持续时间/);
    assert.throws(() => loadSchedule({ rate: Number.NaN, durationS: 1 }), /请求速率/);
  });
});

describe("runLoad", () => {
  it("sends every planned request, counts answers and failures, and stops by itself", async () => {
    const schedule = loadSchedule({ rate: 200, durationS: 0.2, pattern: "steady" });
    const result = await runLoad(schedule, async (i) => {
      await new Promise((r) => setTimeout(r, 1));
      if (i % 10 === 0) throw new Error("坏请求");
    });
    assert.equal(result.sent, schedule.length);
    assert.equal(result.answered + result.failed, schedule.length);
    assert.equal(result.failed, 4);
    assert.equal(result.errors.get("坏请求"), 4);
    assert.equal(result.summary.count, result.answered);
    assert.equal(result.stopped, false);
  });

  it("stops early when aborted", async () => {
    const controller = new AbortController();
    const schedule = loadSchedule({ rate: 100, durationS: 5, pattern: "steady" });
    const result = await runLoad(schedule, async (i) => {
      if (i === 3) controller.abort();
    }, { signal: controller.signal });
    assert.ok(result.sent < schedule.length);
    assert.equal(result.stopped, true);
  });
});
