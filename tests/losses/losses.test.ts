// Each from-scratch loss equals its tf.losses counterpart (default reduction) to 1e-6,
// including logits of ±1e4, where the naive log(softmax) breaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { binaryCrossEntropy } from "../../components/losses/binary-cross-entropy.js";
import { naiveSoftmaxCrossEntropy, softmaxCrossEntropy } from "../../components/losses/cross-entropy.js";
import { huberLoss } from "../../components/losses/huber.js";
import { logSoftmax, naiveLogSoftmax } from "../../components/losses/log-softmax.js";
import { meanSquaredError } from "../../components/losses/mse.js";

before(async () => {
  await tf.setBackend("cpu");
});

async function value(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

/** Runs body, then asserts that every tensor it created was freed. */
async function noLeak(body: () => Promise<void>): Promise<void> {
  const start = tf.memory().numTensors;
  await body();
  assert.equal(tf.memory().numTensors, start, "no tensor leaked");
}

async function assertClose(ours: tf.Scalar, theirs: tf.Tensor, tolerance = 1e-6): Promise<void> {
  const [a, b] = [await value(ours), await value(theirs)];
  assert.ok(Number.isFinite(a) && Number.isFinite(b), `finite: ours ${a}, tfjs ${b}`);
  assert.ok(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)), `ours ${a}, tfjs ${b}`);
}

const huge = [[1e4, 0, -1e4], [-1e4, 1e4, 0], [3, -2, 0.5], [0, 0, 0]];
const hugeLabels = [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]];

describe("meanSquaredError", () => {
  it("equals tf.losses.meanSquaredError on random 8×5 tensors", () =>
    noLeak(async () => {
      const y = tf.randomNormal([8, 5], 0, 1, "float32", 1);
      const p = tf.randomNormal([8, 5], 0, 1, "float32", 2);
      await assertClose(meanSquaredError(y, p), tf.losses.meanSquaredError(y, p));
      tf.dispose([y, p]);
    }));
});

describe("softmaxCrossEntropy", () => {
  it("equals tf.losses.softmaxCrossEntropy on random logits", () =>
    noLeak(async () => {
      const logits = tf.randomNormal([16, 10], 0, 3, "float32", 3);
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5], "int32"), 10));
      await assertClose(softmaxCrossEntropy(labels, logits), tf.losses.softmaxCrossEntropy(labels, logits));
      tf.dispose([logits, labels]);
    }));
  it("stays finite and equal to tfjs for logits of ±1e4, where the naive form is NaN", () =>
    noLeak(async () => {
      const logits = tf.tensor2d(huge);
      const labels = tf.tensor2d(hugeLabels);
      // Row 2 puts the label on a logit 1e4 below the largest: the true loss is 1e4 (relative tolerance).
      await assertClose(softmaxCrossEntropy(labels, logits), tf.losses.softmaxCrossEntropy(labels, logits));
      assert.ok(Number.isNaN(await value(naiveSoftmaxCrossEntropy(labels, logits))));
      tf.dispose([logits, labels]);
    }));
});

describe("logSoftmax", () => {
  it("is finite on [1e4, 0, -1e4] where the naive form gives NaN and -Infinity", () =>
    noLeak(async () => {
      const z = tf.tensor1d([1e4, 0, -1e4]);
      const stable = logSoftmax(z);
      const naive = naiveLogSoftmax(z);
      assert.deepEqual(Array.from(await stable.data()), [0, -1e4, -2e4]);
      const broken = Array.from(await naive.data());
      assert.ok(Number.isNaN(broken[0]));
      assert.deepEqual(broken.slice(1), [-Infinity, -Infinity]);
      tf.dispose([z, stable, naive]);
    }));
  it("equals tf.logSoftmax on ordinary logits", () =>
    noLeak(async () => {
      const z = tf.randomNormal([4, 6], 0, 2, "float32", 4);
      const [ours, theirs] = [logSoftmax(z), tf.logSoftmax(z)];
      const diff = await value(tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs)))));
      assert.ok(diff < 1e-6, `difference ${diff}`);
      tf.dispose([z, ours, theirs]);
    }));
});

describe("binaryCrossEntropy", () => {
  it("equals tf.losses.sigmoidCrossEntropy on random logits and on ±1e4", () =>
    noLeak(async () => {
      const logits = tf.randomNormal([6, 4], 0, 3, "float32", 5);
      const labels = tf.tidy(() => tf.randomUniform([6, 4], 0, 1, "float32", 6).round());
      await assertClose(binaryCrossEntropy(labels, logits), tf.losses.sigmoidCrossEntropy(labels, logits));
      const extreme = tf.tensor2d([[1e4, -1e4, 1e4, -1e4]]);
      const extremeLabels = tf.tensor2d([[1, 0, 0, 1]]);
      await assertClose(binaryCrossEntropy(extremeLabels, extreme), tf.losses.sigmoidCrossEntropy(extremeLabels, extreme));
      tf.dispose([logits, labels, extreme, extremeLabels]);
    }));
});

describe("huberLoss", () => {
  for (const delta of [1, 0.5, 2]) {
    it(`equals tf.losses.huberLoss with delta ${delta}, errors on both sides of delta`, () =>
      noLeak(async () => {
        const y = tf.randomNormal([10, 3], 0, 2, "float32", 7);
        const p = tf.randomNormal([10, 3], 0, 2, "float32", 8);
        await assertClose(huberLoss(y, p, delta), tf.losses.huberLoss(y, p, undefined, delta));
        tf.dispose([y, p]);
      }));
  }
  it("differs from MSE once errors exceed delta (the comparison can fail)", () =>
    noLeak(async () => {
      const y = tf.tensor1d([0, 0]);
      const p = tf.tensor1d([3, -0.5]);
      assert.equal(await value(huberLoss(y, p)), (2.5 + 0.125) / 2);
      assert.equal(await value(meanSquaredError(y, p)), (9 + 0.25) / 2);
      tf.dispose([y, p]);
    }));
  it("refuses a non-positive delta with a Chinese message", () => {
    assert.throws(() => huberLoss(tf.scalar(0), tf.scalar(1), 0), /δ 必须是正数/);
  });
});
