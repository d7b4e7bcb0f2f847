import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import {
  compareGrads,
  crossEntropyLogitGrad,
  crossEntropyLogitGradAutodiff,
  disposeParams,
  disposeResult,
  finiteDifferenceCheck,
  initMlp,
  mlpAutodiff,
  mlpBackward,
  mlpLoss,
  sgdUpdate,
  type Activation,
  type MlpParams
} from "../../components/nn/mlp-backprop.js";
import { makeMoons } from "../../components/data/synthetic.js";

before(async () => {
  await tf.setBackend("cpu");
});

function batch(n: number, d: number, k: number, seed: number): { X: tf.Tensor2D; Y: tf.Tensor2D } {
  return tf.tidy(() => {
    const X = tf.randomNormal([n, d], 0, 1, "float32", seed) as tf.Tensor2D;
    const labels = tf.randomUniform([n], 0, k, "int32", seed + 1) as tf.Tensor1D;
    return { X, Y: tf.oneHot(labels, k).toFloat() as tf.Tensor2D };
  });
}

/** Random biases too, so that db1 and db2 are checked away from the zero initialisation. */
function randomParams(d: number, m: number, k: number, activation: Activation, seed: number): MlpParams {
  const init = initMlp(d, m, k, { seed, activation });
  const params = tf.tidy(() => ({ ...init, b1: tf.randomNormal([m], 0, 0.5, "float32", seed + 7) as tf.Tensor1D, b2: tf.randomNormal([k], 0, 0.5, "float32", seed + 8) as tf.Tensor1D }));
  tf.dispose([init.b1, init.b2]);
  return params;
}

describe("mlpBackward (hand-written chain rule)", () => {
  for (const activation of ["relu", "tanh"] as const) {
    for (const [n, d, m, k] of [[1, 3, 4, 2], [8, 5, 6, 3], [64, 784, 32, 10]]) {
      it(`equals tf.grads to 1e-6 absolute (${activation}, X ${n}×${d}, hidden ${m}, ${k} classes)`, async () => {
        const start = tf.memory().numTensors;
        const { X, Y } = batch(n, d, k, 11);
        const params = randomParams(d, m, k, activation, 3);
        const hand = mlpBackward(X, params, Y, activation);
        const auto = mlpAutodiff(X, params, Y, activation);
        for (const name of ["W1", "b1", "W2", "b2"] as const) assert.deepEqual(hand.grads[name].shape, params[name].shape, name);
        const [handLoss, autoLoss] = [(await hand.loss.data())[0], (await auto.loss.data())[0]];
        assert.ok(Math.abs(handLoss - autoLoss) < 1e-6, `loss ${handLoss} vs ${autoLoss}`);
        for (const row of await compareGrads(hand.grads, auto.grads)) assert.ok(row.maxAbs < 1e-6, `${row.name}: max |Δ| = ${row.maxAbs}`);
        disposeResult(hand);
        disposeResult(auto);
        disposeParams(params);
        tf.dispose([X, Y]);
        assert.equal(tf.memory().numTensors, start, "no tensor leaked");
      });
    }
  }

  it("a wrong formula is caught (forgetting f′ in the hidden layer)", async () => {
    const { X, Y } = batch(8, 5, 3, 2);
    const params = randomParams(5, 6, 3, "tanh", 4);
    const auto = mlpAutodiff(X, params, Y, "tanh");
    const wrong = tf.tidy(() => {
      const H1 = tf.tanh(tf.add(tf.matMul(X, params.W1), params.b1));
      const Z2 = tf.add(tf.matMul(H1, params.W2), params.b2) as tf.Tensor2D;
      const dZ2 = tf.div(crossEntropyLogitGrad(Z2, Y), 8);
      return tf.matMul(X, tf.matMul(dZ2, params.W2, false, true), true, false);
    });
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(wrong, auto.grads.W1))));
    assert.ok((await diff.data())[0] > 1e-3);
    tf.dispose([X, Y, wrong, diff]);
    disposeResult(auto);
    disposeParams(params);
  });
});

describe("softmax + cross-entropy", () => {
  it("∂L/∂z = p − y equals the autodiff gradient", async () => {
    const start = tf.memory().numTensors;
    const logits = tf.tensor2d([[2, 1, -1], [0.5, 0.5, 3], [-4, 8, 0]]);
    const Y = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const hand = crossEntropyLogitGrad(logits, Y);
    const auto = crossEntropyLogitGradAutodiff(logits, Y);
    const [a, b] = [await hand.data(), await auto.data()];
    for (let i = 0; i < a.length; ++i) assert.ok(Math.abs(a[i] - b[i]) < 1e-6, `${i}: ${a[i]} vs ${b[i]}`);
    // p − y per row sums to 0 and is negative only at the true class.
    const rows = (await hand.array()) as number[][];
    for (const [r, row] of rows.entries()) {
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0)) < 1e-6);
      row.forEach((v, c) => assert.equal(v < 0, c === r));
    }
    tf.dispose([logits, Y, hand, auto]);
    assert.equal(tf.memory().numTensors, start);
  });
});

describe("finiteDifferenceCheck", () => {
  it("agrees with the hand-written gradients (tanh, float32, h = 1e-3, relative error < 1e-2)", async () => {
    const start = tf.memory().numTensors;
    const { X, Y } = batch(8, 5, 3, 5);
    const params = randomParams(5, 6, 3, "tanh", 6);
    const hand = mlpBackward(X, params, Y, "tanh");
    const entries = await finiteDifferenceCheck((p: MlpParams) => mlpLoss(X, p, Y, "tanh"), params, hand.grads, { samples: 6, seed: 3 });
    assert.equal(entries.length, 6 + 6 + 6 + 3, "at most as many entries as a parameter has");
    for (const e of entries) assert.ok(e.relError < 1e-2, `${e.name}[${e.index}]: ${e.analytic} vs ${e.numeric}`);
    disposeResult(hand);
    disposeParams(params);
    tf.dispose([X, Y]);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
  });

  it("flags a gradient that is off (the check can fail)", async () => {
    const { X, Y } = batch(8, 5, 3, 5);
    const params = randomParams(5, 6, 3, "tanh", 6);
    const hand = mlpBackward(X, params, Y, "tanh");
    const doubled = { ...hand.grads, W2: tf.mul(hand.grads.W2, 2) as tf.Tensor2D };
    const entries = await finiteDifferenceCheck((p: MlpParams) => mlpLoss(X, p, Y, "tanh"), params, doubled, { samples: 4 });
    assert.ok(entries.filter((e) => e.name === "W2").every((e) => e.relError > 0.3));
    tf.dispose([X, Y, doubled.W2]);
    disposeResult(hand);
    disposeParams(params);
  });
});

describe("training two moons with sgdUpdate", () => {
  it("the loss falls and the moons are separated", async () => {
    const start = tf.memory().numTensors;
    const data = makeMoons(200, { seed: 1 });
    let params = initMlp(2, 16, 2, { seed: 1 });
    const losses: number[] = [];
    for (let step = 0; step < 300; ++step) {
      const { loss, grads } = mlpBackward(data.x, params, data.y);
      losses.push((await loss.data())[0]);
      const next = sgdUpdate(params, grads, 0.5);
      disposeParams(params);
      disposeParams(grads);
      loss.dispose();
      params = next;
    }
    assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `${losses[0]} → ${losses[losses.length - 1]}`);
    disposeParams(params);
    data.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
