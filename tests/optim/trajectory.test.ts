import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { sgd } from "../../components/optim/sgd.js";
import { trajectory } from "../../components/optim/trajectory.js";

before(async () => {
  await tf.setBackend("cpu");
});

// f(x, y) = ½(x² + 10y²): gradient descent converges for η < 2/10 and diverges beyond.
const quadratic = (theta: tf.Tensor1D) => tf.tidy(() => tf.mul(0.5, tf.sum(tf.mul(tf.tensor1d([1, 10]), tf.square(theta)))) as tf.Scalar);

describe("trajectory", () => {
  it("follows gradient descent's closed form on a quadratic", async () => {
    const start = tf.memory().numTensors;
    const run = await trajectory((p) => sgd(p, { lr: 0.1 }), quadratic, [2, 1], 20);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    assert.equal(run.points.length, 21);
    assert.equal(run.stopped, undefined);
    const [x, y] = run.points[20];
    assert.ok(Math.abs(x - 2 * 0.9 ** 20) < 1e-5, `x ${x}`);
    assert.ok(Math.abs(y) < 1e-6, `y ${y}`); // 1 − 0.1·10 = 0: y reaches 0 in one step
  });
  it("stops a diverging run with a message and frees its tensors", async () => {
    const start = tf.memory().numTensors;
    const run = await trajectory((p) => sgd(p, { lr: 0.5 }), quadratic, [2, 1], 500);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    assert.match(run.stopped ?? "", /损失在第 \d+ 步变成 NaN\/∞/);
    assert.ok(run.points.length < 500);
  });
});
