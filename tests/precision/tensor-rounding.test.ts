// The tf-ops rounding equals the bit-level one on every kind of value (normals, subnormals,
// ties, overflow, zeros, ±∞), and the cast rounds both the value and the gradient.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { BF16, FP16, decodeFloat, encodeFloat, type FloatFormat } from "../../components/precision/float-formats.js";
import { castOp, roundTensor } from "../../components/precision/tensor-rounding.js";
import { seededRandom } from "../../components/data/synthetic.js";

before(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(9);

function samples(f: FloatFormat): Float32Array {
  const values = [0, -0, 1, -1, Infinity, -Infinity, 65504, 65519, 65520, 70000, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 ** -14, 2 ** -14 * (1 - 2 ** -11), 1 / 3, 0.1, 3e38, 1e-40];
  // Midpoints between neighbours of the format: exact ties.
  for (let i = 0; i < 2000; i++) {
    const bits = Math.floor(random() * 2 ** (1 + f.exponentBits + f.mantissaBits));
    values.push((decodeFloat(bits, f) + decodeFloat(bits + 1, f)) / 2);
  }
  for (let i = 0; i < 20_000; i++) values.push((random() - 0.5) * 2 ** (Math.floor(random() * 80) - 40));
  return Float32Array.from(values.filter((v) => Number.isFinite(v) || Math.abs(v) === Infinity));
}

describe("roundTensor", () => {
  for (const f of [FP16, BF16]) {
    it(`equals the bit-level ${f.name} rounding on ${f.name === "FP16" ? "normals, subnormals, ties and overflow" : "float32 values"}`, async () => {
      const xs = samples(f);
      const before = tf.memory().numTensors;
      const x = tf.tensor1d(xs);
      const rounded = roundTensor(x, f);
      const got = await rounded.data();
      tf.dispose([x, rounded]);
      assert.equal(tf.memory().numTensors, before);
      let mismatches = 0;
      xs.forEach((v, i) => {
        const want = decodeFloat(encodeFloat(v, f), f);
        if (!Object.is(got[i], want) && !(got[i] === 0 && want === 0)) {
          if (mismatches++ < 5) console.log(f.name, v, got[i], want);
        }
      });
      assert.equal(mismatches, 0);
    });
  }
});

describe("castOp", () => {
  it("rounds the value forward and the gradient backward", async () => {
    const cast = castOp(FP16);
    const x = tf.tensor1d([1 + 2 ** -12, 3]);
    const dy = tf.tensor1d([1e-8, 1 + 2 ** -12]);
    const [value, grad] = [cast(x), tf.grad((t: tf.Tensor) => cast(t))(x, dy)];
    assert.deepEqual(Array.from(await value.data()), [1, 3]);
    assert.deepEqual(Array.from(await grad.data()), [0, 1]);
    tf.dispose([x, dy, value, grad]);
  });
});
