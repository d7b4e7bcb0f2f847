// Sampling rules of 3.6: temperature, top-k, top-p, bad settings, and that draws follow the
// distribution.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSampling, drawFrom, samplingDistribution } from "../../components/gpt/sampling.js";
import { seededRandom } from "../../components/data/synthetic.js";

const logits = [2, 1, 0, -1, 0.5];
const close = (a: ArrayLike<number>, b: number[], tol = 1e-12) => Array.from(a).forEach((v, i) => assert.ok(Math.abs(v - b[i]) < tol, `${i}: ${v} vs ${b[i]}`));

describe("samplingDistribution", () => {
  it("is softmax(logits / T)", () => {
    for (const t of [0.5, 1, 2]) {
      const e = logits.map((l) => Math.exp(l / t));
      const s = e.reduce((a, b) => a + b);
      close(samplingDistribution(logits, { temperature: t }), e.map((v) => v / s));
    }
  });
  it("sharpens as T falls and flattens as T rises", () => {
    assert.ok(samplingDistribution(logits, { temperature: 0.1 })[0] > 0.99);
    const flat = samplingDistribution(logits, { temperature: 1000 });
    assert.ok(Math.max(...flat) - Math.min(...flat) < 0.01);
  });
  it("top-k keeps exactly the k likeliest, renormalised", () => {
    const p = samplingDistribution(logits, { temperature: 1, topK: 2 });
    assert.deepEqual(Array.from(p, (v) => v > 0), [true, true, false, false, false]);
    close(p, [Math.E / (Math.E + 1), 1 / (Math.E + 1), 0, 0, 0]);
    assert.equal(samplingDistribution(logits, { temperature: 1, topK: 1 })[0], 1);
  });
  it("top-p keeps the smallest set of likeliest characters reaching p", () => {
    const full = samplingDistribution(logits, { temperature: 1 });
    // full ≈ [0.563, 0.207, 0.076, 0.028, 0.126]: 0.563 < 0.6 ≤ 0.563 + 0.207
    const p = samplingDistribution(logits, { temperature: 1, topP: 0.6 });
    assert.deepEqual(Array.from(p, (v) => v > 0), [true, true, false, false, false]);
    close(p, [full[0] / (full[0] + full[1]), full[1] / (full[0] + full[1]), 0, 0, 0]);
    assert.equal(samplingDistribution(logits, { temperature: 1, topP: 0.5 })[0], 1);
    assert.deepEqual(Array.from(samplingDistribution(logits, { temperature: 1, topP: 0.8 }), (v) => v > 0), [true, true, false, false, true]);
    close(samplingDistribution(logits, { temperature: 1, topP: 1 }), Array.from(full));
  });
  it("rejects temperature ≤ 0, top-k 0 and top-p outside (0, 1] with Chinese messages", () => {
    assert.match(checkSampling({ temperature: 0 })!, /温度必须是大于 0/);
    assert.match(checkSampling({ temperature: -1 })!, /温度/);
    assert.match(checkSampling({ temperature: NaN })!, /温度/);
    assert.match(checkSampling({ temperature: 1, topK: 0 })!, /top-k 必须是不小于 1 的整数/);
    assert.match(checkSampling({ temperature: 1, topK: 2.5 })!, /top-k/);
    assert.match(checkSampling({ temperature: 1, topP: 0 })!, /top-p 必须在 \(0, 1\]/);
    assert.match(checkSampling({ temperature: 1, topP: 1.2 })!, /top-p/);
    assert.equal(checkSampling({ temperature: 0.8, topK: 5, topP: 0.9 }), null);
    assert.throws(() => samplingDistribution(logits, { temperature: 0 }), RangeError);
  });
});

describe("drawFrom", () => {
  it("draws each index about as often as its probability", () => {
    const p = samplingDistribution(logits, { temperature: 1 });
    const random = seededRandom(5);
    const counts = new Array(p.length).fill(0);
    const n = 20000;
    for (let i = 0; i < n; i++) counts[drawFrom(p, random)]++;
    counts.forEach((c, i) => assert.ok(Math.abs(c / n - p[i]) < 0.015, `${i}: ${c / n} vs ${p[i]}`));
  });
  it("never draws an index of probability 0", () => {
    const p = samplingDistribution(logits, { temperature: 1, topK: 2 });
    const random = seededRandom(6);
    for (let i = 0; i < 2000; i++) assert.ok(drawFrom(p, random) < 2);
  });
});
