// FastSimpleRnn computes what tf.layers.simpleRNN computes, on cpu and on wasm: same outputs and
// gradients (input, kernel, recurrent kernel, bias) with the same weights, with and without a
// left-padding mask, last step or every step; the same seeded initial weights; the same losses
// over a few Adam steps; far fewer kernels per training step; no tensor left behind.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { maxAbsDiff } from "../../components/nn/dense.js";
import { FastSimpleRnn, fastSimpleRnn } from "../../components/nn/fast-simple-rnn.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  await tf.setBackend("cpu");
});

const BACKENDS = ["cpu", "wasm"];
const STEPS = 6;
const FEATURES = 3;
const UNITS = 4;

/** The layer under test, tf.layers' or ours, with the same seeded initialisers (a bias that is
 * not zero, so that its gradient and the mask's carried h are tested with real values). */
function layer(fast: boolean, returnSequences: boolean, units = UNITS): tf.layers.Layer {
  const args = {
    units, returnSequences, name: "recurrent",
    kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    biasInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 5 })
  };
  return fast ? fastSimpleRnn(args) : tf.layers.simpleRNN(args);
}

/** Left padding as 3.3 pads: row 2 is padding for 4 steps, row 3 entirely padding. */
function paddingMask(): tf.Tensor2D {
  const rows = [
    [0, 0, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
    [0, 0, 0, 0, 1, 1],
    [0, 0, 0, 0, 0, 0],
    [0, 1, 1, 1, 1, 1]
  ];
  return tf.tensor2d(rows, [rows.length, STEPS], "bool");
}

/** Largest |a − b|, for tensors of one shape. */
async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  assert.deepEqual(a.shape, b.shape);
  return maxAbsDiff(a, b);
}

/** The output and d(Σ output ⊙ r)/d(x, kernel, recurrent kernel, bias). */
function outputAndGradients(l: tf.layers.Layer, x: tf.Variable, mask: tf.Tensor | null, r: tf.Tensor | null): { y: tf.Tensor; grads: tf.Tensor[] } {
  const y = l.apply(x, mask ? { mask } : {}) as tf.Tensor;
  if (!r) return { y, grads: [] };
  const variables = [x, ...l.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read())];
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(l.apply(x, mask ? { mask } : {}) as tf.Tensor, r)) as tf.Scalar, variables);
  value.dispose();
  return { y, grads: variables.map((v) => grads[v.name]) };
}

describe("FastSimpleRnn equals tf.layers.simpleRNN", () => {
  for (const backend of BACKENDS) {
    for (const masked of [true, false]) {
      for (const returnSequences of [false, true]) {
        it(`${backend}, ${masked ? "left-padding mask" : "no mask"}, ${returnSequences ? "every step" : "last step"}: outputs and the gradients of x and every weight to 1e-5, no leak`, async () => {
          await tf.setBackend(backend);
          const start = tf.memory().numTensors;
          const [theirs, ours] = [layer(false, returnSequences), layer(true, returnSequences)];
          const initial = tf.randomNormal([5, STEPS, FEATURES], 0, 1, "float32", 1);
          const x = tf.variable(initial, true, `x${backend}${masked}${returnSequences}`);
          initial.dispose();
          const mask = masked ? paddingMask() : null;
          // Build both: same seeds, initialisers and names, so the weights agree without copying.
          tf.dispose([theirs.apply(x), ours.apply(x)] as tf.Tensor[]);
          assert.deepEqual(ours.weights.map((w) => w.name.replace(/_\d+$/, "")), theirs.weights.map((w) => w.name.replace(/_\d+$/, "")));
          assert.deepEqual(ours.weights.map((w) => w.shape), [[FEATURES, UNITS], [UNITS, UNITS], [UNITS]]);
          for (const [a, b] of ours.getWeights().map((w, i) => [w, theirs.getWeights()[i]])) assert.equal(await maxDiff(a, b), 0);
          const shape = returnSequences ? [5, STEPS, UNITS] : [5, UNITS];
          const r = tf.randomNormal(shape, 0, 1, "float32", 9);
          const a = outputAndGradients(theirs, x, mask, r);
          const b = outputAndGradients(ours, x, mask, r);
          assert.deepEqual(b.y.shape, shape);
          assert.ok((await maxDiff(a.y, b.y)) < 1e-5, `outputs differ by ${await maxDiff(a.y, b.y)}`);
          const names = ["x", "kernel", "recurrent kernel", "bias"];
          assert.equal(b.grads.length, names.length);
          for (let i = 0; i < names.length; i++) {
            const diff = await maxDiff(a.grads[i], b.grads[i]);
            assert.ok(diff < 1e-5, `${backend}: ∂/∂${names[i]} differs by ${diff}`);
          }
          if (masked) {
            // The all-padding row never updates h: its output is the zero initial state, and
            // nothing flows back to its inputs.
            const rows = (await b.y.array()) as number[][] | number[][][];
            assert.ok(rows[3].flat().every((v) => v === 0));
            const dx = (await b.grads[0].array()) as number[][][];
            assert.ok(dx[3].flat().every((v) => v === 0) && dx[2].slice(0, 4).flat().every((v) => v === 0));
          }
          tf.dispose([x, r, mask, a.y, b.y, ...a.grads, ...b.grads] as tf.Tensor[]);
          theirs.dispose();
          ours.dispose();
          assert.equal(tf.memory().numTensors, start, "no leak");
        });
      }
    }
  }

  it("the same seed gives the same initial weights with tf.layers' default initialisers; weights copy both ways", async () => {
    await tf.setBackend("cpu");
    const init = { units: 3, returnSequences: true, kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 8 }) };
    const theirs = tf.layers.simpleRNN(init);
    const ours = fastSimpleRnn(init);
    const x = tf.randomNormal([2, 4, 5], 0, 1, "float32", 1);
    const [y1, y2] = [theirs.apply(x) as tf.Tensor, ours.apply(x) as tf.Tensor];
    for (const [a, b] of ours.getWeights().map((w, i) => [w, theirs.getWeights()[i]])) assert.equal(await maxDiff(a, b), 0);
    assert.ok((await maxDiff(y1, y2)) < 1e-6);
    // Unseeded defaults (glorot, orthogonal, zeros) differ; copied weights agree, either way.
    const [free, other] = [fastSimpleRnn({ units: 3, returnSequences: true }), tf.layers.simpleRNN({ units: 3, returnSequences: true })];
    tf.dispose([free.apply(x), other.apply(x)] as tf.Tensor[]);
    free.setWeights(theirs.getWeights());
    other.setWeights(ours.getWeights());
    const [y3, y4] = [free.apply(x) as tf.Tensor, other.apply(x) as tf.Tensor];
    assert.ok((await maxDiff(y1, y3)) < 1e-6 && (await maxDiff(y2, y4)) < 1e-6);
    tf.dispose([x, y1, y2, y3, y4]);
    for (const l of [theirs, ours, free, other]) l.dispose();
  });
});

/** Masking (zeros are padding) → RNN → softmax over 3 classes, on left-padded sequences. */
function classifier(fast: boolean, steps: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.masking({ maskValue: 0, inputShape: [steps, FEATURES] }),
      layer(fast, false, 8),
      tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) })
    ]
  });
}

function classifierData(steps: number, batch: number): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const lengths = tf.randomUniform([batch, 1, 1], 1, steps + 1, "int32", 11);
    const position = tf.reshape(tf.range(0, steps, 1, "int32"), [1, steps, 1]);
    const real = tf.cast(tf.greaterEqual(position, tf.sub(steps, lengths)), "float32");
    const x = tf.mul(tf.randomNormal([batch, steps, FEATURES], 0, 1, "float32", 12), real) as tf.Tensor3D;
    const y = tf.oneHot(tf.randomUniform([batch], 0, 3, "int32", 13), 3).toFloat() as tf.Tensor2D;
    return { x, y };
  });
}

async function losses(fast: boolean, steps: number, count: number): Promise<number[]> {
  const model = classifier(fast, steps);
  const optimizer = tf.train.adam(0.05);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const { x, y } = classifierData(steps, 16);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return out;
}

describe("FastSimpleRnn in training", () => {
  for (const backend of BACKENDS) {
    it(`${backend}: five Adam steps give tf.layers.simpleRNN's losses to 1e-5, and leave no tensor behind`, async () => {
      await tf.setBackend(backend);
      const start = tf.memory().numTensors;
      const [theirs, ours] = [await losses(false, 7, 5), await losses(true, 7, 5)];
      assert.equal(tf.memory().numTensors, start, "no leak");
      for (let i = 0; i < theirs.length; i++) assert.ok(Math.abs(theirs[i] - ours[i]) < 1e-5, `step ${i}: ${theirs[i]} vs ${ours[i]}`);
      assert.ok(ours[4] < ours[0], `loss ${ours[0]} → ${ours[4]}`);
    });
  }

  it("a training step at T = 25 runs far fewer kernels than tf.layers.simpleRNN's", async () => {
    await tf.setBackend("cpu");
    const steps = 25;
    const kernels = async (fast: boolean) => {
      const model = classifier(fast, steps);
      const optimizer = tf.train.adam(0.01);
      model.compile({ optimizer, loss: "categoricalCrossentropy" });
      const { x, y } = classifierData(steps, 8);
      await model.trainOnBatch(x, y); // builds the model and the optimizer's slots
      const profile = await tf.profile(async () => void (await model.trainOnBatch(x, y)));
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
      return profile.kernels.length;
    };
    const [theirs, ours] = [await kernels(false), await kernels(true)];
    // Forward 4 a step (product, add, tanh, select), backward 3 (multiply, product, select),
    // plus a fixed part (input projection, loss, Adam's updates); tf.layers.simpleRNN: ~2,100.
    assert.ok(ours <= 8 * steps + 200, `FastSimpleRnn: ${ours} kernels per training step`);
    assert.ok(ours * 4 < theirs, `FastSimpleRnn ${ours} vs tf.layers.simpleRNN ${theirs} kernels`);
  });

  it("a call that throws (wrong input size, a bad mask; forward or taping gradients) leaks nothing; unsupported options are refused", async () => {
    await tf.setBackend("cpu");
    const l = fastSimpleRnn({ units: 2 });
    const ok = tf.zeros([2, 3, 2]);
    (l.apply(ok) as tf.Tensor).dispose();
    const [bad, badMask] = [tf.zeros([2, 3, 5]), tf.ones([2, 4], "bool")];
    const weights = l.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
    const start = tf.memory().numTensors;
    assert.throws(() => l.apply(bad), /built for 2 features per step, got 5/);
    assert.throws(() => l.apply(ok, { mask: badMask }), /mask must be \[2, 3\]/);
    assert.throws(() => tf.variableGrads(() => tf.sum(l.apply(ok, { mask: badMask }) as tf.Tensor) as tf.Scalar, weights), /mask/);
    assert.throws(() => tf.variableGrads(() => tf.sum(l.apply(bad) as tf.Tensor) as tf.Scalar, weights), /features/);
    assert.equal(tf.memory().numTensors, start, "no leak");
    tf.dispose([ok, bad, badMask]);
    l.dispose();
    assert.throws(() => fastSimpleRnn({ units: 2, dropout: 0.1 }), /dropout/);
    assert.throws(() => fastSimpleRnn({ units: 2, activation: "relu" }), /tanh/);
    assert.throws(() => fastSimpleRnn({ units: 2, returnState: true } as never), /returnState/);
  });

  it("a loss that throws after the layer while taping leaves no more tensors than tf.layers.simpleRNN's (tfjs keeps a failed tape's saved tensors)", async () => {
    await tf.setBackend("cpu");
    const left = async (fast: boolean) => {
      const l = layer(fast, true);
      const x = tf.randomNormal([2, 3, FEATURES], 0, 1, "float32", 2);
      (l.apply(x) as tf.Tensor).dispose();
      const weights = l.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
      const start = tf.memory().numTensors;
      assert.throws(() => tf.tidy(() => tf.variableGrads(() => tf.sum(tf.add(l.apply(x) as tf.Tensor, tf.ones([4, 4]))) as tf.Scalar, weights)));
      const leaked = tf.memory().numTensors - start;
      x.dispose();
      l.dispose();
      return leaked;
    };
    const [theirs, ours] = [await left(false), await left(true)];
    assert.ok(ours <= theirs, `FastSimpleRnn ${ours}, tf.layers.simpleRNN ${theirs}`);
  });

  it("saves and loads (registered class): the loaded model gives the same outputs", async () => {
    await tf.setBackend("cpu");
    const m = classifier(true, 5);
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    assert.match(JSON.stringify(saved!.modelTopology), /"class_name":"FastSimpleRNN"/);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    assert.ok(loaded.getLayer("recurrent") instanceof FastSimpleRnn);
    const { x, y } = classifierData(5, 4);
    const [a, b] = [m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    assert.equal(await maxDiff(a, b), 0);
    tf.dispose([x, y, a, b]);
    m.dispose();
    loaded.dispose();
  });
});
