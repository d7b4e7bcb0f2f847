// The bit-level FP16/BF16 rounding: known values, every FP16 pattern and every midpoint
// between neighbours (ties go to the even mantissa), against Math.f16round where Node has it,
// the FP32 case against Math.fround, and BF16 against the classic bias-and-truncate trick.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BF16, FP16, FP32, bf16round, decodeFloat, encodeFloat, f16round, maxFinite, smallestNormal, smallestSubnormal } from "../../components/precision/float-formats.js";
import { seededRandom } from "../../components/data/synthetic.js";

const random = seededRandom(5);

describe("FP16", () => {
  it("has the known limits", () => {
    assert.equal(maxFinite(FP16), 65504);
    assert.equal(smallestNormal(FP16), 2 ** -14);
    assert.equal(smallestNormal(FP16).toExponential(2), "6.10e-5");
    assert.equal(smallestSubnormal(FP16), 2 ** -24);
    assert.equal(smallestSubnormal(FP16).toExponential(2), "5.96e-8");
    assert.equal(f16round(65504), 65504);
    assert.equal(f16round(65519.99), 65504);
    assert.equal(f16round(65520), Infinity, "the tie above the largest finite value rounds to infinity");
    assert.equal(f16round(-1e6), -Infinity);
    assert.equal(f16round(2 ** -25), 0, "half the smallest subnormal ties to even: 0");
    assert.equal(f16round(2 ** -25 * 1.0001), 2 ** -24);
    assert.equal(f16round(1e-8), 0);
    assert.ok(Object.is(f16round(-1e-9), -0));
    assert.ok(Number.isNaN(f16round(NaN)));
    assert.equal(encodeFloat(1, FP16), 0x3c00);
    assert.equal(encodeFloat(-2, FP16), 0xc000);
    assert.equal(encodeFloat(65504, FP16), 0x7bff);
    assert.equal(encodeFloat(Infinity, FP16), 0x7c00);
    assert.equal(f16round(0.1), 0.0999755859375);
  });

  it("rounds ties to the even mantissa", () => {
    assert.equal(f16round(1 + 2 ** -11), 1, "1 + half an ulp → 1 (even)");
    assert.equal(f16round(1 + 3 * 2 ** -11), 1 + 2 ** -9, "1 + 1.5 ulp → 1 + 2 ulp (even)");
    assert.equal(f16round(2049), 2048);
    assert.equal(f16round(2051), 2052);
  });

  it("decodes and re-encodes every one of the 65,536 patterns, and rounds every midpoint to the even neighbour", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = decodeFloat(bits, FP16);
      if (Number.isNaN(value)) continue;
      assert.equal(encodeFloat(value, FP16), bits, `pattern ${bits.toString(16)}`);
      const next = decodeFloat(bits + 1, FP16);
      if ((bits & 0x7fff) >= 0x7bff || (bits & 0x8000) !== ((bits + 1) & 0x8000)) continue;
      const mid = (value + next) / 2;
      const even = bits % 2 === 0 ? value : next;
      assert.equal(f16round(mid), even, `midpoint of ${value} and ${next}`);
      assert.equal(f16round(mid + (next - value) * 1e-3), next);
    }
  });

  it("agrees with Math.f16round where Node has it", (t) => {
    const native = (Math as unknown as { f16round?: (x: number) => number }).f16round;
    if (!native) return t.skip(`Node ${process.version} has no Math.f16round`);
    for (let i = 0; i < 100_000; i++) {
      const x = (random() - 0.5) * 2 ** (Math.floor(random() * 60) - 30);
      assert.equal(f16round(x), native(x), String(x));
    }
  });
});

describe("the same rounding for other formats", () => {
  it("gives Math.fround for FP32 on random doubles", () => {
    for (let i = 0; i < 100_000; i++) {
      const x = (random() - 0.5) * 2 ** (Math.floor(random() * 300) - 150);
      assert.equal(decodeFloat(encodeFloat(x, FP32) >>> 0, FP32), Math.fround(x), String(x));
    }
  });

  it("gives BF16(1/3) = 0.333984375 and matches the bias-and-truncate trick on random float32s", () => {
    assert.equal(bf16round(1 / 3), 0.333984375);
    assert.equal(encodeFloat(Math.fround(1 / 3), BF16), 0x3eab);
    assert.equal(maxFinite(BF16), 3.3895313892515355e38);
    const view = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < 100_000; i++) {
      view.setFloat32(0, (random() - 0.5) * 2 ** (Math.floor(random() * 200) - 100));
      const bits = view.getUint32(0);
      const trick = ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
      assert.equal(encodeFloat(view.getFloat32(0), BF16), trick, view.getFloat32(0).toString());
    }
  });
});
