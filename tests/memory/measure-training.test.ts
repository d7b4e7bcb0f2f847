// The calculator's 16 bytes per parameter (fp32 + Adam) against tf.memory().numBytes while the
// book's Transformer trains: within 1% of the prediction at every moment of a step (the rest is
// the sinusoid table and Adam's two β^t scalars), and nothing left behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { reverseTask } from "../../components/data/sequence-tasks.js";
import { measureTrainingBytes } from "../../components/memory/measure-training.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("measureTrainingBytes", () => {
  it("matches 4P, 8P, 16P and 12P bytes within 1%", async () => {
    const task = reverseTask(16, 8, { seed: 3 });
    const tensors = tf.memory().numTensors;
    const bytes = await measureTrainingBytes({ vocab: 10, length: 8, d: 64, heads: 4, layers: 2, ffn: 128 }, task.x, task.y);
    assert.equal(tf.memory().numTensors, tensors);
    for (const moment of ["afterBuild", "withGradients", "atUpdate", "afterStep"] as const) {
      const error = Math.abs(bytes[moment] - bytes.predicted[moment]) / bytes.predicted[moment];
      assert.ok(error < 0.01, `${moment}: measured ${bytes[moment]}, predicted ${bytes.predicted[moment]}`);
    }
    // What is left over is exactly the constant table (+ two float32 scalars once Adam exists).
    assert.equal(bytes.afterBuild - bytes.predicted.afterBuild, bytes.constantBytes);
    assert.equal(bytes.afterStep - bytes.predicted.afterStep, bytes.constantBytes + 8);
    assert.ok(bytes.peakInStep > bytes.atUpdate, "activations push the peak above the model states");
    task.dispose();
  });
});
