import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../components/data/synthetic.js";
import { CompressSettingError } from "../../components/compress/errors.js";
import { dequantize, gridValues, integerRange, quantize, quantizedBytes, roundTrip, type QuantSpec } from "../../components/compress/quantize.js";

const random = seededRandom(7);
const values = Float32Array.from({ length: 4 * 9 * 8 }, (_, i) => (random() - 0.3) * (1 + (i % 8))); // channel i%8 has its own range
const specs: QuantSpec[] = [];
for (const bits of [8, 6, 4, 3, 2]) for (const scheme of ["symmetric", "asymmetric"] as const) for (const granularity of ["per-tensor", "per-channel"] as const) specs.push({ bits, scheme, granularity });

describe("quantize / dequantize", () => {
  for (const spec of specs) {
    it(`${spec.bits} bits ${spec.scheme} ${spec.granularity}: error ≤ s/2, integers in range, exact on the grid`, () => {
      const quantized = quantize(values, 8, spec);
      const back = dequantize(quantized);
      const [lo, hi] = integerRange(spec);
      for (let i = 0; i < values.length; i++) {
        const g = i % quantized.channels;
        assert.ok(quantized.q[i] >= lo && quantized.q[i] <= hi);
        assert.ok(Math.abs(back[i] - values[i]) <= quantized.scales[g] / 2 + 1e-6, `value ${values[i]} → ${back[i]}, scale ${quantized.scales[g]}`);
      }
      // Values already on the grid come back unchanged (up to float32 rounding of s·k).
      const again = roundTrip(back, 8, spec);
      for (let i = 0; i < back.length; i++) assert.ok(Math.abs(again[i] - back[i]) <= 1e-6 * Math.max(1, Math.abs(back[i])), `${back[i]} → ${again[i]}`);
      assert.equal(quantized.scales.length, spec.granularity === "per-channel" ? 8 : 1);
    });
  }

  it("maps zero to exactly zero, also asymmetric with a range that does not contain 0", () => {
    for (const spec of specs) {
      const shifted = Float32Array.from([0, 0.5, 0.75, 1, 2]);
      assert.equal(roundTrip(shifted, 1, spec)[0], 0, JSON.stringify(spec));
      assert.equal(roundTrip(Float32Array.from([-3, -1, 0]), 1, spec)[2], 0);
    }
  });

  it("reproduces a hand computation (asymmetric 8 bits over [−1, 2])", () => {
    const q = quantize(Float32Array.from([-1, 0, 0.6, 2]), 1, { bits: 8, scheme: "asymmetric", granularity: "per-tensor" });
    assert.ok(Math.abs(q.scales[0] - 3 / 255) < 1e-9);
    assert.equal(q.zeroPoints[0], 85); // round(1 / (3/255)) = 85
    assert.deepEqual([...q.q], [0, 85, 136, 255]); // 0.6/s = 51, + 85
  });

  it("per-channel is never worse than per-tensor here, and much better when channels differ in scale", () => {
    const err = (g: QuantSpec["granularity"]) => {
      const back = roundTrip(values, 8, { bits: 4, scheme: "symmetric", granularity: g });
      return back.reduce((s, v, i) => s + (v - values[i]) ** 2, 0);
    };
    assert.ok(err("per-channel") < err("per-tensor") / 2);
  });

  it("an all-zero tensor stays zero", () => {
    assert.deepEqual([...roundTrip(new Float32Array(6), 3, { bits: 4, scheme: "asymmetric", granularity: "per-channel" })], [0, 0, 0, 0, 0, 0]);
  });

  it("rejects bits outside 1–16 and symmetric 1 bit with a Chinese message", () => {
    for (const bits of [0, 17, 2.5, NaN]) assert.throws(() => quantize(values, 8, { bits, scheme: "asymmetric", granularity: "per-tensor" }), (e: Error) => e instanceof CompressSettingError && /1 到 16/.test(e.message));
    assert.throws(() => quantize(values, 8, { bits: 1, scheme: "symmetric", granularity: "per-tensor" }), /至少需要 2 位/);
    assert.equal(roundTrip(Float32Array.from([-1, 1]), 1, { bits: 1, scheme: "asymmetric", granularity: "per-tensor" }).length, 2);
  });

  it("counts packed bytes plus scales and zero points", () => {
    assert.equal(quantizedBytes(1000, 10, { bits: 8, scheme: "symmetric", granularity: "per-tensor" }), 1000 + 4);
    assert.equal(quantizedBytes(1000, 10, { bits: 3, scheme: "asymmetric", granularity: "per-channel" }), 375 + 10 * 5);
  });

  it("lists the grid: 2^b values for asymmetric, 2^b − 1 symmetric, containing 0", () => {
    assert.equal(gridValues(0.1, 3, { bits: 3, scheme: "asymmetric" }).length, 8);
    const sym = gridValues(0.5, 0, { bits: 3, scheme: "symmetric" });
    assert.deepEqual(sym, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
  });
});
