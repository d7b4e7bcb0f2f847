import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { interleave, median, pairedRatios, range, summarizeRatios, verdict } from "../../bench/stats.js";
import { kernelsPerStep, longestPeriodicStretch, profileSteps } from "../../bench/kernel-profile.js";

describe("the rigorous comparison's statistics", () => {
  it("median: the middle value, or the mean of the two middle ones, whatever the order", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2], "the input is not sorted in place");
  });

  it("range: smallest and largest", () => {
    assert.deepEqual(range([0.9, 1.4, 0.7, 1.1]), { min: 0.7, max: 1.4 });
    assert.deepEqual(range([]), { min: NaN, max: NaN });
  });

  it("interleaves the two sides A B A B …, one pair per repetition", () => {
    const order = interleave("wasm", "pytorch", 3);
    assert.deepEqual(order.map((o) => o.side), ["wasm", "pytorch", "wasm", "pytorch", "wasm", "pytorch"]);
    assert.deepEqual(order.map((o) => o.repetition), [0, 0, 1, 1, 2, 2]);
    assert.deepEqual(interleave("a", "b", 0), []);
  });

  it("ratios pair the measurements taken back to back, and refuse unpaired ones", () => {
    assert.deepEqual(pairedRatios([100, 300], [200, 150]), [0.5, 2]);
    assert.throws(() => pairedRatios([1, 2], [1]), /unpaired/);
  });

  it("calls a target met only when every ratio reaches it, not met when none does, else unclear", () => {
    assert.equal(verdict([1.6, 1.5, 2.0], 1.5), "met", "reaching the target exactly counts");
    assert.equal(verdict([0.5, 0.69], 0.7), "not met");
    assert.equal(verdict([0.6, 0.8, 0.9], 0.7), "unclear", "a median above the target is not enough");
    assert.equal(verdict([0.6, 0.65, 1.2], 0.7), "unclear", "nor is one ratio above a median below");
    assert.equal(verdict([], 1), "unclear");
    assert.equal(verdict([1.2, NaN], 1), "unclear");
  });

  it("summarises ratios with their median, range, target and verdict", () => {
    assert.deepEqual(summarizeRatios([0.9, 1.3, 1.1, 1.2, 1.0], 1), { ratios: [0.9, 1.3, 1.1, 1.2, 1.0], median: 1.1, min: 0.9, max: 1.3, target: 1, verdict: "unclear" });
  });
});

describe("the per-step kernel profile", () => {
  const step = ["MatMul", "Add", "Relu", "Add", "Sum", "Adam"];
  // Set-up kernels, two warm-up steps, a break, six timed steps, then a tail.
  const names = ["RandomUniform", "Fill", ...step, ...step, "Slice", "Slice", "Gather", ...Array.from({ length: 6 }, () => step).flat(), "Sum"];

  it("kernels per step from two runs that differ by some steps, and nothing else", () => {
    assert.equal(kernelsPerStep(100, 124, 4), 6);
    assert.throws(() => kernelsPerStep(100, 125, 4), /whole number/);
    assert.throws(() => kernelsPerStep(100, 100, 4), /whole number/);
  });

  it("finds the timed steps as the longest stretch that repeats with that period", () => {
    const start = names.indexOf("Gather") + 1;
    assert.deepEqual(longestPeriodicStretch(names, 6), { start, periods: 6 });
  });

  it("sums whole steps by kernel name, leaving out the first and last, with shares of the kernel time", () => {
    const ms: Record<string, number> = { MatMul: 4, Add: 1, Relu: 0.5, Sum: 0.5, Adam: 3 };
    const records = names.map((name) => ({ name, ms: ms[name] ?? 50 }));
    const profile = profileSteps(records, 6);
    assert.equal(profile.steps, 4);
    assert.equal(profile.kernelsPerStep, 6);
    assert.equal(profile.kernelMsPerStep, 10);
    assert.deepEqual(profile.kernels.map((k) => k.name), ["MatMul", "Adam", "Add", "Relu", "Sum"]);
    const add = profile.kernels.find((k) => k.name === "Add")!;
    assert.equal(add.calls, 2);
    assert.equal(add.msPerStep, 2);
    assert.equal(add.share, 2 / 10);
    assert.ok(Math.abs(profile.kernels.reduce((s, k) => s + k.share, 0) - 1) < 1e-12);
  });

  it("takes each kernel's median over the steps, so one preempted call does not move it", () => {
    const records = names.map((name, i) => ({ name, ms: name === "Relu" && i === 37 ? 500 : 1 }));
    const profile = profileSteps(records, 6);
    assert.equal(profile.kernels.find((k) => k.name === "Relu")!.msPerStep, 1);
    assert.equal(profile.kernelMsPerStep, 6);
  });

  it("leaves op scopes (a customGrad op around its kernels) out of the sums", () => {
    const withScope = names.flatMap((name) => (name === "MatMul" ? [{ name: "fusedMatMul__op", ms: 5, scope: true }, { name, ms: 4 }] : [{ name, ms: 1 }]));
    const profile = profileSteps(withScope, 7);
    assert.equal(profile.kernelMsPerStep, 9);
    assert.deepEqual(profile.scopes, [{ name: "fusedMatMul__op", calls: 1 }]);
    assert.ok(!profile.kernels.some((k) => k.name === "fusedMatMul__op"));
  });

  it("refuses a record with too few repeating steps", () => {
    assert.throws(() => profileSteps(step.map((name) => ({ name, ms: 1 })), 6), /repeating steps/);
  });
});
