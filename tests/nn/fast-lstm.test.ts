// FastLstm computes what tf.layers.lstm computes: same outputs and gradients with the same
// weights (with and without the maskZero padding mask, last step or every step), the same
// seeded initial weights, a save/load round trip, and no tensor left behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { registerFusedLstm, unregisterFusedLstm } from "../../components/backend/fused-lstm.js";
import { registerLstmSequence, unregisterLstmSequence } from "../../components/backend/fused-lstm-seq.js";
import { FastLstm, fastLstm } from "../../components/nn/fast-lstm.js";

before(async () => {
  await tf.setBackend("cpu");
});

const VOCAB = 9;
const STEPS = 7;

/** Embedding (id 0 masked when masked) → LSTM, built with tf.layers' LSTM or FastLstm. */
function model(fast: boolean, { masked = true, returnSequences = false, units = 5 } = {}): tf.Sequential {
  const init = (seed: number, scale: number) => tf.initializers.randomUniform({ minval: -scale, maxval: scale, seed });
  const args = { units, returnSequences, recurrentActivation: "sigmoid" as const, unitForgetBias: true, kernelInitializer: init(3, 0.6), recurrentInitializer: init(4, 0.6), biasInitializer: init(5, 0.3), name: "recurrent" };
  // The tidy frees what tf.layers.lstm's unitForgetBias initialiser leaves behind (4 tensors).
  let built: tf.Sequential | undefined;
  tf.tidy(() => {
    built = tf.sequential({
      layers: [tf.layers.embedding({ inputDim: VOCAB, outputDim: 4, inputLength: STEPS, maskZero: masked, embeddingsInitializer: init(2, 1), name: "embed" }), fast ? fastLstm(args) : tf.layers.lstm(args)]
    });
  });
  return built!;
}

/** Names of different lengths, left-padded with 0 as 3.3 pads them (one all padding). */
function paddedIds(): tf.Tensor2D {
  const rows = [
    [0, 0, 0, 3, 1, 4, 1],
    [5, 2, 6, 5, 3, 5, 8],
    [0, 0, 0, 0, 0, 0, 7],
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 2, 7, 1, 8, 2]
  ];
  return tf.tensor2d(rows, [rows.length, STEPS], "int32");
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  assert.deepEqual(a.shape, b.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
}

/** d(Σ output ⊙ r)/d(every weight), in the models' weight order. */
function gradients(m: tf.Sequential, ids: tf.Tensor2D, r: tf.Tensor): tf.Tensor[] {
  const variables = m.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(m.apply(ids) as tf.Tensor, r)) as tf.Scalar, variables);
  value.dispose();
  return variables.map((v) => grads[v.name]);
}

describe("FastLstm equals tf.layers.lstm", () => {
  // Unfused ops (webgl), the fused step kernels (components/backend/fused-lstm.ts) and
  // the whole-sequence kernels (fused-lstm-seq.ts; both for cpu and wasm).
  const PATHS = { "unfused ops": [false, false], "step kernels": [true, false], "sequence kernels": [true, true] } as const;
  for (const [path, [steps, sequence]] of Object.entries(PATHS))
  for (const masked of [true, false]) {
    for (const returnSequences of [false, true]) {
      it(`${path}, ${masked ? "masked" : "unmasked"}, ${returnSequences ? "every step" : "last step"}: outputs to 1e-6, gradients of every weight to 1e-5, no leak`, async () => {
        if (steps) registerFusedLstm();
        else unregisterFusedLstm();
        if (sequence) registerLstmSequence();
        else unregisterLstmSequence();
        const start = tf.memory().numTensors;
        const theirs = model(false, { masked, returnSequences });
        const ours = model(true, { masked, returnSequences });
        const ids = paddedIds();
        // Same seeds, same initialisers, same names: the weights agree without copying.
        const names = (m: tf.Sequential) => m.weights.map((w) => w.name.replace(/_\d+$/, ""));
        assert.deepEqual(names(ours), names(theirs));
        for (const [a, b] of ours.getWeights().map((w, i) => [w, theirs.getWeights()[i]])) assert.equal(await maxDiff(a, b), 0);
        const [y1, y2] = [theirs.predict(ids) as tf.Tensor, ours.predict(ids) as tf.Tensor];
        assert.ok((await maxDiff(y1, y2)) < 1e-6, `outputs differ by ${await maxDiff(y1, y2)}`);
        const r = tf.randomNormal(y1.shape, 0, 1, "float32", 9);
        const [g1, g2] = [gradients(theirs, ids, r), gradients(ours, ids, r)];
        assert.equal(g2.length, 4, "embedding, kernel, recurrent kernel, bias");
        for (let i = 0; i < g1.length; i++) {
          const diff = await maxDiff(g1[i], g2[i]);
          assert.ok(diff < 1e-5, `${ours.trainableWeights[i].name}: gradients differ by ${diff}`);
        }
        if (masked) {
          // The all-padding row never updates h: its output is the zero initial state.
          const rows = (await y2.array()) as number[][] | number[][][];
          assert.ok(rows[3].flat().every((v) => v === 0));
        }
        tf.dispose([ids, y1, y2, r, ...g1, ...g2]);
        theirs.dispose();
        ours.dispose();
        assert.equal(tf.memory().numTensors, start, "no leak");
      });
    }
  }

  it("takes weights copied from a tf.layers.lstm with its default initialisers", async () => {
    const theirs = tf.layers.lstm({ units: 3, returnSequences: true, recurrentActivation: "sigmoid" });
    const ours = fastLstm({ units: 3, returnSequences: true, recurrentActivation: "sigmoid" });
    const x = tf.randomNormal([2, 4, 5], 0, 1, "float32", 1);
    const y1 = theirs.apply(x) as tf.Tensor;
    (ours.apply(x) as tf.Tensor).dispose();
    ours.setWeights(theirs.getWeights());
    const y2 = ours.apply(x) as tf.Tensor;
    assert.ok((await maxDiff(y1, y2)) < 1e-6);
    tf.dispose([x, y1, y2]);
    theirs.dispose();
    ours.dispose();
  });
});

describe("FastLstm in training and storage", () => {
  it("trains with fit (optimizer.minimize through the layer) and leaves no tensor behind", async () => {
    const start = tf.memory().numTensors;
    const m = model(true);
    m.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
    const optimizer = tf.train.adam(0.05);
    m.compile({ optimizer, loss: "binaryCrossentropy" });
    const ids = paddedIds();
    const y = tf.tensor2d([[1], [0], [1], [0], [1]]);
    const first = (await m.trainOnBatch(ids, y)) as number;
    let last = first;
    for (let i = 0; i < 20; i++) last = (await m.trainOnBatch(ids, y)) as number;
    assert.ok(last < first * 0.8, `loss ${first} → ${last}`);
    tf.dispose([ids, y]);
    m.dispose();
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, start, "no leak");
  });

  it("saves and loads (registered class): the loaded model gives the same outputs", async () => {
    const m = model(true, { returnSequences: true });
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    assert.match(JSON.stringify(saved!.modelTopology), /"class_name":"FastLSTM"/);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    assert.ok(loaded.getLayer("recurrent") instanceof FastLstm);
    const ids = paddedIds();
    const [a, b] = [m.predict(ids) as tf.Tensor, loaded.predict(ids) as tf.Tensor];
    assert.equal(await maxDiff(a, b), 0);
    tf.dispose([ids, a, b]);
    m.dispose();
    loaded.dispose();
  });

  it("a call that fails (wrong input rank) throws a clear error and leaks nothing", () => {
    const layer = fastLstm({ units: 2, recurrentActivation: "sigmoid" });
    const ok = tf.zeros([1, 3, 2]);
    (layer.apply(ok) as tf.Tensor).dispose();
    const start = tf.memory().numTensors;
    const bad = tf.zeros([1, 3, 5]);
    assert.throws(() => layer.apply(bad));
    assert.equal(tf.memory().numTensors, start + 1);
    tf.dispose([ok, bad]);
    layer.dispose();
    assert.throws(() => fastLstm({ units: 2, recurrentActivation: "sigmoid", dropout: 0.1 }), /dropout/);
    assert.throws(() => fastLstm({ units: 2 }), /sigmoid/, "tfjs's default hardSigmoid is refused, not computed wrongly");
  });
});
