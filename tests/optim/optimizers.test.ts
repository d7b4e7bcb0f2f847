// N steps of each from-scratch rule equal tf.train's optimiser on the same parameters and
// gradients (1e-6); AdamW's decoupled decay differs from Adam + L2; nothing leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { adagrad } from "../../components/optim/adagrad.js";
import { adam, adamW } from "../../components/optim/adam.js";
import { momentum } from "../../components/optim/momentum.js";
import { disposeTfOptimizer, lossAndGrads, type Optimizer } from "../../components/optim/optimizer.js";
import { rmsprop } from "../../components/optim/rmsprop.js";
import { sgd } from "../../components/optim/sgd.js";

before(async () => {
  await tf.setBackend("cpu");
});

const shapes = [[3, 4], [4]];
const steps = 25;

function makeParams(): tf.Variable[] {
  return shapes.map((shape, i) => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 1, "float32", 10 + i))));
}

const zerosVariable = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));

/** The gradients of step t: fixed, seeded, different at each step, so both sides see the same ones. */
function gradientsAt(t: number): tf.Tensor[] {
  return shapes.map((shape, i) => tf.randomNormal(shape, 0, 1, "float32", 100 * t + i));
}

/** The largest |a − b| / max(1, |b|): absolute below 1, relative above (float32 rounds a
 * parameter near 10 in steps of ~1e-6, and the two sides may round in a different order). */
async function maxDiff(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.stack(a.map((x, i) => tf.max(tf.div(tf.abs(tf.sub(x, b[i])), tf.maximum(1, tf.abs(b[i]))))))));
  const value = (await d.data())[0];
  d.dispose();
  return value;
}

/** Runs `steps` updates of ours and tfjs's from the same start and returns the largest parameter difference. */
async function compare(make: (params: tf.Variable[]) => Optimizer, reference: () => tf.Optimizer): Promise<number> {
  const start = tf.memory().numTensors;
  const initial = makeParams();
  const ours = makeParams();
  const theirs = makeParams();
  const optimizer = make(ours);
  const library = reference();
  for (let t = 0; t < steps; t++) {
    const grads = gradientsAt(t);
    optimizer.step(grads);
    library.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    tf.dispose(grads);
  }
  const diff = await maxDiff(ours, theirs);
  const moved = await maxDiff(ours, initial);
  optimizer.dispose();
  disposeTfOptimizer(library);
  tf.dispose([...initial, ...ours, ...theirs]);
  assert.equal(tf.memory().numTensors, start, "no tensor leaked");
  assert.ok(moved > 1e-3, `the parameters moved (${moved})`);
  return diff;
}

const cases: [string, (p: tf.Variable[]) => Optimizer, () => tf.Optimizer][] = [
  ["sgd", (p) => sgd(p, { lr: 0.1 }), () => tf.train.sgd(0.1)],
  ["momentum (heavy ball)", (p) => momentum(p, { lr: 0.05, mu: 0.9 }), () => tf.train.momentum(0.05, 0.9)],
  ["momentum (Nesterov)", (p) => momentum(p, { lr: 0.05, mu: 0.9, nesterov: true }), () => tf.train.momentum(0.05, 0.9, true)],
  ["adagrad", (p) => adagrad(p, { lr: 0.1 }), () => tf.train.adagrad(0.1)],
  ["rmsprop", (p) => rmsprop(p, { lr: 0.01 }), () => tf.train.rmsprop(0.01)],
  ["rmsprop with momentum", (p) => rmsprop(p, { lr: 0.01, rho: 0.8, mu: 0.5 }), () => tf.train.rmsprop(0.01, 0.8, 0.5)],
  ["adam", (p) => adam(p, { lr: 0.01 }), () => tf.train.adam(0.01)],
  ["adam, other betas", (p) => adam(p, { lr: 0.05, beta1: 0.5, beta2: 0.9 }), () => tf.train.adam(0.05, 0.5, 0.9)]
];

describe("from-scratch optimisers vs tf.train", () => {
  for (const [name, make, reference] of cases) {
    it(`${name}: ${steps} steps match to 1e-6`, async () => {
      const diff = await compare(make, reference);
      assert.ok(diff < 1e-6, `max difference ${diff}`);
    });
  }
  it("a wrong rule is caught (momentum against plain sgd differs)", async () => {
    const diff = await compare((p) => momentum(p, { lr: 0.1, mu: 0.9 }), () => tf.train.sgd(0.1));
    assert.ok(diff > 1e-2, `difference ${diff}`);
  });
});

describe("adamW", () => {
  const lr = 0.01;
  const lambda = 0.1;

  it("equals tf.train.adam followed by the decoupled shrink θ ← θ − ηλθ_old", async () => {
    const start = tf.memory().numTensors;
    const ours = makeParams();
    const theirs = makeParams();
    const optimizer = adamW(ours, { lr, weightDecay: lambda });
    const library = tf.train.adam(lr);
    for (let t = 0; t < steps; t++) {
      const grads = gradientsAt(t);
      optimizer.step(grads);
      const old = theirs.map((v) => v.clone());
      library.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      tf.tidy(() => theirs.forEach((v, i) => v.assign(tf.sub(v, tf.mul(lr * lambda, old[i])))));
      tf.dispose([...grads, ...old]);
    }
    const diff = await maxDiff(ours, theirs);
    optimizer.dispose();
    library.dispose();
    tf.dispose([...ours, ...theirs]);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    assert.ok(diff < 1e-6, `max difference ${diff}`);
  });

  it("differs from Adam with L2 added to the gradient, on a real loss", async () => {
    const start = tf.memory().numTensors;
    const target = tf.tensor1d([3, -2, 0.5, 1]);
    const scale = tf.tensor1d([100, 1, 0.01, 10]); // very different curvatures, where √v̂ rescales L2 most
    const decoupled = [zerosVariable(4)];
    const coupled = [zerosVariable(4)];
    const w = adamW(decoupled, { lr: 0.05, weightDecay: lambda });
    const l2 = adam(coupled, { lr: 0.05 });
    const loss = (p: tf.Variable) => () => tf.tidy(() => tf.sum(tf.mul(scale, tf.square(tf.sub(p, target)))) as tf.Scalar);
    for (let t = 0; t < 200; t++) {
      const a = lossAndGrads(decoupled, loss(decoupled[0]));
      w.step(a.grads);
      const b = lossAndGrads(coupled, loss(coupled[0]));
      const withL2 = tf.tidy(() => tf.add(b.grads[0], tf.mul(lambda, coupled[0])));
      l2.step([withL2]);
      tf.dispose([a.loss, ...a.grads, b.loss, ...b.grads, withL2]);
    }
    const diff = await maxDiff(decoupled, coupled);
    w.dispose();
    l2.dispose();
    tf.dispose([target, scale, ...decoupled, ...coupled]);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    assert.ok(diff > 1e-2, `AdamW and Adam + L2 ended ${diff} apart`);
  });

  it("is Adam when the decay is 0", async () => {
    const diff = await compare((p) => adamW(p, { lr, weightDecay: 0 }), () => tf.train.adam(lr));
    assert.ok(diff < 1e-6, `max difference ${diff}`);
  });
});

describe("hyperparameter checks", () => {
  it("refuses bad learning rates and factors with Chinese messages, creating nothing", () => {
    const start = tf.memory().numTensors;
    const params = [zerosVariable(2)];
    assert.throws(() => sgd(params, { lr: 0 }), /学习率必须是正的有限数/);
    assert.throws(() => adam(params, { lr: Number.NaN }), /学习率/);
    assert.throws(() => momentum(params, { lr: 0.1, mu: 1 }), /\[0, 1\)/);
    assert.throws(() => adam(params, { lr: 0.1, beta2: -0.1 }), /β₂/);
    assert.throws(() => sgd(params, { lr: 0.1 }).step([]), /一一对应/);
    tf.dispose(params);
    assert.equal(tf.memory().numTensors, start);
  });
});
