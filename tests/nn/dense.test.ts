import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { autodiffGradients, denseForward, disposeGrads, manualGradients, maxAbsDiff } from "../../components/nn/dense.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("manualGradients", () => {
  for (const [batch, inputs, units] of [[1, 3, 2], [4, 5, 3], [16, 8, 8]]) {
    it(`matches tf.grads for X ${batch}×${inputs}, W ${inputs}×${units}`, async () => {
      const start = tf.memory().numTensors;
      const X = tf.randomNormal([batch, inputs], 0, 1, "float32", 1) as tf.Tensor2D;
      const params = { W: tf.randomNormal([inputs, units], 0, 1, "float32", 2) as tf.Tensor2D, b: tf.randomNormal([units], 0, 1, "float32", 3) as tf.Tensor1D };
      const Y = tf.randomUniform([batch, units], 0, 1, "float32", 4) as tf.Tensor2D;
      const manual = manualGradients(X, params, Y);
      const auto = autodiffGradients(X, params, Y);
      for (const key of ["dW", "db", "dX"] as const) {
        assert.deepEqual(manual[key].shape, auto[key].shape);
        assert.ok((await maxAbsDiff(manual[key], auto[key])) < 1e-5, key);
      }
      disposeGrads(manual);
      disposeGrads(auto);
      tf.dispose([X, params.W, params.b, Y]);
      assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    });
  }
  it("differs from the autodiff gradient when the formula is wrong (the check can fail)", async () => {
    const X = tf.tensor2d([[1, 2]]);
    const params = { W: tf.tensor2d([[0.5], [-0.25]]), b: tf.tensor1d([0.1]) };
    const Y = tf.tensor2d([[1]]);
    const auto = autodiffGradients(X, params, Y);
    const H = denseForward(X, params);
    const wrong = tf.matMul(X, tf.sub(H, Y), true, false); // forgot σ'
    assert.ok((await maxAbsDiff(wrong, auto.dW)) > 1e-3);
    tf.dispose([X, params.W, params.b, Y, H, wrong]);
    disposeGrads(auto);
  });
});
