// Recomputation gives the plain gradients (to float32 rounding) with a lower peak of
// tf.memory().numBytes, and the peak meter leaves the engine's counter as it found it.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { compareCheckpointing } from "../../components/memory/checkpoint-measure.js";
import { measurePeakBytes } from "../../components/memory/peak-bytes.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("measurePeakBytes", () => {
  it("sees a tensor that lived only inside the run, then restores tf.memory()", async () => {
    const before = tf.memory().numBytes;
    const { start, peak } = await measurePeakBytes(() => tf.tidy(() => void tf.zeros([1000]).add(1)));
    assert.equal(start, before);
    assert.ok(peak - start >= 8000, String(peak - start));
    assert.equal(tf.memory().numBytes, before);
    const t = tf.ones([10]);
    assert.equal(tf.memory().numBytes, before + 40, "the counter still counts after the run");
    t.dispose();
  });
});

describe("compareCheckpointing", () => {
  it("gives the same gradients with a lower peak for every segment size", async () => {
    const x = tf.randomUniform([64, 32], 0, 1, "float32", 1) as tf.Tensor2D;
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([64], 0, 10, "int32", 2) as tf.Tensor1D, 10).toFloat()) as tf.Tensor2D;
    const tensors = tf.memory().numTensors;
    const rows = await compareCheckpointing(x, y, { sizes: [32, 64, 64, 64, 64, 64, 64, 10], segments: [1, 2, 3], steps: 1 });
    assert.equal(tf.memory().numTensors, tensors);
    const plain = rows[0];
    assert.equal(plain.perSegment, 0);
    for (const row of rows.slice(1)) {
      assert.ok(row.maxGradientDifference < 1e-5, `k=${row.perSegment}: ${row.maxGradientDifference}`);
      assert.ok(row.peakBytes < plain.peakBytes, `k=${row.perSegment}: ${row.peakBytes} vs ${plain.peakBytes}`);
      assert.ok(Math.abs(row.loss - plain.loss) < 1e-6);
    }
    tf.dispose([x, y]);
  });
});
