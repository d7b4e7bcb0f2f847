import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { adamSlots, compiledTraining, disposeMomentumLeftovers, registeredVariables, TESTED_TFJS, TfInternalsMismatchError, watchEngineBytes } from "../../components/util/tf-internals.js";

const otherTf = { version: { "tfjs-core": "5.0.0" }, engine: () => ({ state: { numBytes: 0 } }) };

describe("tfjs internals (one version-checked adapter)", () => {
  it("is written for the tfjs the book ships", () => {
    assert.equal(tf.version.tfjs, TESTED_TFJS);
  });

  it("watches the engine's byte counter, and puts it back untouched", async () => {
    await tf.ready();
    const seen: number[] = [];
    const { start, stop } = watchEngineBytes(tf, (bytes) => seen.push(bytes));
    assert.equal(start, tf.memory().numBytes);
    const big = tf.zeros([1000]);
    big.dispose();
    stop();
    assert.deepEqual(seen, [start + 4000, start]);
    const counter = Object.getOwnPropertyDescriptor((tf.engine() as unknown as { state: object }).state, "numBytes")!;
    assert.ok("value" in counter && counter.writable, "a plain field again");
    tf.zeros([10]).dispose();
    assert.equal(seen.length, 2, "no longer watched");
  });

  it("allows one watcher at a time", () => {
    const first = watchEngineBytes(tf, () => {});
    try {
      assert.throws(() => watchEngineBytes(tf, () => {}), /同一时间只能测一段代码/);
    } finally {
      first.stop();
    }
  });

  it("frees the learning-rate scalar a disposed Momentum optimiser leaves, and nothing of other optimisers", () => {
    const init = tf.ones([3]);
    const w = tf.variable(init);
    init.dispose();
    const before = tf.memory().numTensors;
    for (const make of [() => tf.train.momentum(0.1, 0.9), () => tf.train.sgd(0.1), () => tf.train.adam(0.01)]) {
      const optimizer = make();
      optimizer.minimize(() => w.square().sum() as tf.Scalar);
      optimizer.dispose();
      disposeMomentumLeftovers(tf, optimizer);
      assert.equal(tf.memory().numTensors, before, `${optimizer.getClassName()}: all it made is freed`);
    }
    w.dispose();
  });

  it("shows the leak it fixes is real (so this adapter can be removed once tfjs frees it)", () => {
    const before = tf.memory().numTensors;
    const optimizer = tf.train.momentum(0.1, 0.9);
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, before + 1, "tfjs 4.22 keeps the learning rate");
    disposeMomentumLeftovers(tf, optimizer);
    assert.equal(tf.memory().numTensors, before);
  });

  it("fails loudly, naming this file, on another tfjs or a changed optimiser", () => {
    assert.throws(() => watchEngineBytes(otherTf, () => {}), (error: Error) => error instanceof TfInternalsMismatchError && /tf-internals\.ts.*4\.22\.0.*5\.0\.0/.test(error.message));
    assert.throws(() => disposeMomentumLeftovers(otherTf, { getClassName: () => "Momentum" }), TfInternalsMismatchError);
    assert.throws(() => disposeMomentumLeftovers(tf, { getClassName: () => "Momentum" }), /没有学习率标量 c/);
    assert.doesNotThrow(() => disposeMomentumLeftovers(otherTf, { getClassName: () => "Adam" }));
  });
  it("sees an Adam optimiser's slots and step counter as tfjs fills them", () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]), true, "adam-slots-w");
    const optimizer = tf.train.adam(0.1, 0.8, 0.9, 1e-6);
    const slots = adamSlots(tf, optimizer);
    assert.deepEqual([slots.learningRate, slots.beta1, slots.beta2, slots.epsilon, slots.iterations], [0.1, 0.8, 0.9, 1e-6, 0]);
    optimizer.minimize(() => w.square().sum() as tf.Scalar);
    assert.equal(slots.iterations, 1, "the counter is read live");
    assert.deepEqual(slots.firstMoments.map((m) => m.originalName), ["adam-slots-w/m"]);
    assert.equal(registeredVariables<tf.Variable>(tf)["adam-slots-w"], w);
    optimizer.dispose();
    w.dispose();
    assert.throws(() => adamSlots(tf, tf.train.sgd(0.1)), TfInternalsMismatchError);
    assert.throws(() => adamSlots({ ...tf, version: { tfjs: "5.0.0" } } as never, optimizer), TfInternalsMismatchError);
  });

  it("sees what compile set up for trainOnBatch: loss and metric functions, the weights trained then", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: "relu" }), tf.layers.dense({ units: 2, activation: "softmax" })] });
    assert.equal(compiledTraining(tf, model), null, "not compiled yet");
    model.compile({ optimizer: "sgd", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const compiled = compiledTraining<(a: tf.Tensor, b: tf.Tensor) => tf.Tensor, tf.LayerVariable>(tf, model)!;
    assert.equal(compiled.losses.length, 1);
    assert.deepEqual(compiled.metricFunctions.map(([, output]) => output), [0]);
    assert.deepEqual(compiled.trainableWeights, model.trainableWeights, "the weights trained, in order");
    // The loss function is the compiled one: it computes categorical cross-entropy.
    const loss = tf.tidy(() => compiled.losses[0](tf.tensor2d([[0, 1]]), tf.tensor2d([[0.25, 0.75]])).arraySync() as number[]);
    assert.ok(Math.abs(loss[0] + Math.log(0.75)) < 1e-6);
    // Frozen after compile, as trainOnBatch sees it (Keras needs a new compile to change it).
    model.layers[0].trainable = false;
    assert.equal(compiled.trainableWeights.length, 4);
    assert.equal(compiledTraining<unknown, unknown>(tf, model)!.trainableWeights.length, 4);
    assert.throws(() => compiledTraining({ ...tf, version: { tfjs: "5.0.0" } } as never, model), TfInternalsMismatchError);
    assert.throws(() => compiledTraining(tf, { model: { optimizer: {}, lossFunctions: [() => 0] } }), /metricsTensors/);
    model.dispose();
  });
});
