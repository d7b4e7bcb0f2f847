import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { fakeQuant } from "../../components/compress/fake-quant.js";
import { roundTrip, type QuantSpec } from "../../components/compress/quantize.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("fakeQuant", () => {
  const x = tf.randomNormal([3, 3, 2, 5], 0.1, 0.5, "float32", 4);
  for (const spec of [
    { bits: 4, scheme: "symmetric", granularity: "per-channel" },
    { bits: 3, scheme: "asymmetric", granularity: "per-tensor" },
    { bits: 8, scheme: "asymmetric", granularity: "per-channel" },
    { bits: 2, scheme: "symmetric", granularity: "per-tensor" }
  ] as QuantSpec[]) {
    it(`forward equals quantize → dequantize (${spec.bits} bits ${spec.scheme} ${spec.granularity}), gradient passes straight through`, async () => {
      const start = tf.memory().numTensors;
      const values = (await x.data()) as Float32Array;
      const expected = roundTrip(values, 5, spec);
      const y = fakeQuant(x, spec);
      const got = await y.data();
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      assert.ok(worst < 1e-5, `largest difference ${worst}`);
      const upstream = tf.randomUniform(x.shape, -1, 1, "float32", 9);
      const grad = tf.grad((input: tf.Tensor) => fakeQuant(input, spec).mul(upstream).sum())(x);
      assert.deepEqual(await grad.data(), await upstream.data());
      tf.dispose([y, upstream, grad]);
      assert.equal(tf.memory().numTensors, start);
    });
  }
});
