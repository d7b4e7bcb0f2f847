// Digit augmentation: integer shifts move pixels exactly, a 90° turn maps rows to columns,
// small rotations keep the ink, the same seed gives the same batch, bad shapes are refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { augmentDigits, randomTransforms, transformDigit } from "../../components/data/augment.js";

before(async () => {
  await tf.setBackend("cpu");
});

const image = () => Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);

describe("augment", () => {
  it("shifts by whole pixels exactly, filling with 0", () => {
    const src = image();
    const out = transformDigit(src, { dx: 2, dy: -1, degrees: 0 });
    for (let r = 0; r < 28; r++)
      for (let c = 0; c < 28; c++) {
        const [sr, sc] = [r + 1, c - 2];
        const expected = sr < 28 && sc >= 0 ? src[sr * 28 + sc] : 0;
        assert.ok(Math.abs(out[r * 28 + c] - expected) < 1e-6, `(${r}, ${c})`);
      }
    assert.deepEqual(transformDigit(src, { dx: 0, dy: 0, degrees: 0 }), src);
  });

  it("turns a 90° rotation into a transpose-and-flip, and keeps the ink of a small rotation", () => {
    const src = new Float32Array(784);
    src[5 * 28 + 14] = 1; // above the centre
    const turned = transformDigit(src, { dx: 0, dy: 0, degrees: 90 });
    // Counter-clockwise on screen: a point above the centre goes to its left.
    const at = turned.indexOf(1);
    assert.deepEqual([Math.floor(at / 28), at % 28], [13, 5]);
    const digit = new Float32Array(784);
    for (let r = 8; r < 20; r++) for (let c = 11; c < 17; c++) digit[r * 28 + c] = 1;
    const ink = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    const small = transformDigit(digit, { dx: 1.5, dy: -0.5, degrees: 12 });
    assert.ok(Math.abs(ink(small) / ink(digit) - 1) < 0.03);
  });

  it("augments a batch reproducibly and leaves the input alone", async () => {
    const start = tf.memory().numTensors;
    const x = tf.tensor4d(Float32Array.from({ length: 3 * 784 }, (_, i) => (i % 7) / 7), [3, 28, 28, 1]);
    const before = Array.from(await x.data());
    const [a, b, c] = [await augmentDigits(x, { seed: 5 }), await augmentDigits(x, { seed: 5 }), await augmentDigits(x, { seed: 6 })];
    assert.deepEqual(a.shape, [3, 28, 28, 1]);
    assert.deepEqual(Array.from(await a.data()), Array.from(await b.data()));
    assert.notDeepEqual(Array.from(await a.data()), Array.from(await c.data()));
    assert.deepEqual(Array.from(await x.data()), before);
    for (const t of randomTransforms(100, { maxShift: 2, maxDegrees: 10, seed: 1 })) assert.ok(Math.abs(t.dx) <= 2 && Math.abs(t.dy) <= 2 && Math.abs(t.degrees) <= 10);
    tf.dispose([x, a, b, c]);
    assert.equal(tf.memory().numTensors, start);
    await assert.rejects(() => augmentDigits(tf.zeros([2, 10])), /不是一批/);
    assert.throws(() => randomTransforms(1, { maxShift: -1 }), /平移/);
  });
});
