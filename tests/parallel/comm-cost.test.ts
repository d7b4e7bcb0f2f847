// 5.1's arithmetic: ring all-reduce and parameter-server bytes, the bubble formula, and the
// checks on K, p, m that refuse NaN, fractions and values out of range with a Chinese message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bubbleFraction, capWorkers, checkInteger, parameterServerBytes, ringAllReduceBytesPerWorker } from "../../components/parallel/comm-cost.js";

describe("ringAllReduceBytesPerWorker", () => {
  it("is 2(K−1)/K · N · 4 bytes", () => {
    assert.equal(ringAllReduceBytesPerWorker(1, 1000), 0);
    assert.equal(ringAllReduceBytesPerWorker(2, 1000), 4000);
    assert.equal(ringAllReduceBytesPerWorker(4, 1000), 6000);
    assert.equal(ringAllReduceBytesPerWorker(8, 1e8), 7e8);
  });
  it("stays below 2N·4 however many workers (a parameter server's server grows with K)", () => {
    for (const k of [2, 16, 1024]) {
      assert.ok(ringAllReduceBytesPerWorker(k, 50) < 400);
      assert.equal(parameterServerBytes(k, 50).server, k * 400);
      assert.equal(parameterServerBytes(k, 50).perWorker, 400);
    }
  });
});

describe("bubbleFraction", () => {
  it("is (p−1)/(m+p−1)", () => {
    assert.equal(bubbleFraction(1, 8), 0);
    assert.equal(bubbleFraction(4, 1), 0.75);
    assert.equal(bubbleFraction(4, 4), 3 / 7);
    assert.ok(Math.abs(bubbleFraction(4, 27) - 0.1) < 1e-12);
  });
});

describe("checks", () => {
  it("refuses NaN, fractions and out-of-range values in Chinese", () => {
    assert.throws(() => checkInteger("m", NaN, 1, 8), /不是数字/);
    assert.throws(() => checkInteger("m", "abc", 1, 8), /不是数字/);
    assert.throws(() => checkInteger("m", 2.5, 1, 8), /必须是整数/);
    assert.throws(() => checkInteger("p", 5, 2, 4), /必须在 2 到 4 之间/);
    assert.equal(checkInteger("p", "3", 2, 4), 3);
  });
  it("caps K at the machine and at 4, and says so", () => {
    assert.deepEqual(capWorkers(2, 8), { workers: 2, note: "" });
    const capped = capWorkers(16, 2);
    assert.equal(capped.workers, 2);
    assert.match(capped.note, /改为 2 个/);
    assert.equal(capWorkers(8, 32).workers, 4);
    assert.throws(() => capWorkers(0, 4), /必须在 1 到/);
  });
});
