import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { topologicalOrder, value } from "../../components/nn/scalar-graph.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("scalar-graph (micrograd-style autodiff)", () => {
  it("a tanh neuron's gradients equal tf.grads", async () => {
    const inputs = { x1: 2, x2: -1.5, w1: -3, w2: 1.25, b: 6.5 };
    const v = Object.fromEntries(Object.entries(inputs).map(([k, x]) => [k, value(x, k)])) as Record<keyof typeof inputs, ReturnType<typeof value>>;
    const out = v.x1.mul(v.w1).add(v.x2.mul(v.w2)).add(v.b).tanh("o");
    out.backward();
    const start = tf.memory().numTensors;
    const names = Object.keys(inputs) as (keyof typeof inputs)[];
    const scalars = names.map((k) => tf.scalar(inputs[k]));
    const grads = tf.grads((x1: tf.Tensor, x2: tf.Tensor, w1: tf.Tensor, w2: tf.Tensor, b: tf.Tensor) => tf.tanh(x1.mul(w1).add(x2.mul(w2)).add(b)))(scalars);
    for (const [i, k] of names.entries()) assert.ok(Math.abs((await grads[i].data())[0] - v[k].grad) < 1e-5, k);
    tf.dispose([...grads, ...scalars]);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
  });

  it("a node used twice accumulates both paths; sub, pow, exp and relu have the right derivatives", () => {
    const a = value(3, "a");
    const y = a.mul(a).add(a.exp()).sub(a.pow(3)).add(a.relu());
    y.backward();
    assert.ok(Math.abs(y.data - (9 + Math.exp(3) - 27 + 3)) < 1e-12);
    assert.ok(Math.abs(a.grad - (6 + Math.exp(3) - 27 + 1)) < 1e-9);
    assert.equal(topologicalOrder(y).at(-1), y);
  });

  it("backward twice gives the same gradients (they are reset, not added up)", () => {
    const a = value(0.5, "a");
    const y = a.mul(a).tanh();
    y.backward();
    const first = a.grad;
    y.backward();
    assert.equal(a.grad, first);
  });

  it("rejects a value that is not a finite number, in Chinese", () => {
    assert.throws(() => value(Number.NaN, "w"), /w 必须是有限的数/);
  });
});
