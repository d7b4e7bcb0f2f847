// The from-scratch cells equal tf.layers.simpleRNN / lstm / gru with the same weights.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { runCell, layerWeights, type CellKind } from "../../components/nn/rnn-cells.js";

before(async () => {
  await tf.setBackend("cpu");
});

function layerFor(kind: CellKind, units: number): tf.layers.Layer {
  const common = { units, returnSequences: true, kernelInitializer: tf.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: 3 }), recurrentInitializer: tf.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed: 4 }), biasInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: 5 }) };
  if (kind === "rnn") return tf.layers.simpleRNN(common);
  if (kind === "lstm") return tf.layers.lstm({ ...common, recurrentActivation: "sigmoid" });
  return tf.layers.gru({ ...common, recurrentActivation: "sigmoid" });
}

describe("RNN cells from the equations", () => {
  for (const kind of ["rnn", "lstm", "gru"] as const) {
    for (const [batch, steps, inputSize, units] of [[3, 7, 5, 4], [2, 12, 3, 8]]) {
      it(`${kind} equals the tf.layers layer (batch ${batch}, ${steps} steps, ${inputSize}→${units}) to 1e-5`, async () => {
        const start = tf.memory().numTensors;
        const layer = layerFor(kind, units);
        const x = tf.randomNormal([batch, steps, inputSize], 0, 1, "float32", 11) as tf.Tensor3D;
        const theirs = layer.apply(x) as tf.Tensor3D;
        const w = layerWeights(layer);
        const ours = tf.tidy(() => tf.stack(runCell(kind, w, x).map((s) => s.h), 1));
        const [a, b] = await Promise.all([ours.data(), theirs.data()]);
        assert.deepEqual(ours.shape, theirs.shape);
        const diff = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
        assert.ok(diff < 1e-5, `max abs difference ${diff}`);
        tf.dispose([x, theirs, ours, w.kernel, w.recurrentKernel, w.bias]);
        layer.dispose();
        assert.equal(tf.memory().numTensors, start, "no leak");
      });
    }
  }

  it("exposes the LSTM's gates in [0, 1]", async () => {
    const lstm = layerFor("lstm", 4);
    const x = tf.randomNormal([2, 3, 5], 0, 1, "float32", 2) as tf.Tensor3D;
    (lstm.apply(x) as tf.Tensor).dispose();
    const w = layerWeights(lstm);
    const gates = tf.tidy(() => runCell("lstm", w, x)[2].gates!);
    assert.deepEqual(Object.keys(gates), ["input", "forget", "candidate", "output"]);
    for (const name of ["input", "forget", "output"]) assert.ok(Array.from(await gates[name].data()).every((g) => g > 0 && g < 1), name);
    tf.dispose(Object.values(gates));
    tf.dispose([x, w.kernel, w.recurrentKernel, w.bias]);
    lstm.dispose();
  });
});

describe("hiddenGradientNorms", () => {
  it("returns one finite value per step, and a plain RNN's gradient shrinks going back in time", async () => {
    const { hiddenGradientNorms } = await import("../../components/nn/bptt.js");
    const { randomWeights } = await import("../../components/nn/rnn-cells.js");
    const x = tf.randomNormal([8, 30, 4], 0, 1, "float32", 5) as tf.Tensor3D;
    const readout = tf.randomNormal([16], 0, 1, "float32", 6) as tf.Tensor1D;
    const start = tf.memory().numTensors;
    const w = randomWeights("rnn", 4, 16, { scale: 0.3 });
    const norms = await hiddenGradientNorms("rnn", w, x, readout);
    assert.equal(norms.length, 30);
    assert.ok(norms.every(Number.isFinite));
    assert.ok(norms[0] < norms[29] * 1e-2, `‖∂L/∂h_1‖ = ${norms[0]} vs ‖∂L/∂h_30‖ = ${norms[29]}`);
    tf.dispose([w.kernel, w.recurrentKernel, w.bias]);
    assert.equal(tf.memory().numTensors, start, "no leak");
    tf.dispose([x, readout]);
  });
});

describe("name models", () => {
  it("classifies names, traces hidden states and gates per character, and leaks nothing", async () => {
    const { buildNameClassifier, classifyNames, hiddenStates } = await import("../../components/nn/rnn-models.js");
    const { CharVocab } = await import("../../components/text/vocab.js");
    const vocab = CharVocab.fromTexts(["abcdefghijklmnopqrstuvwxyz-"]);
    const model = buildNameClassifier({ vocabSize: vocab.size, units: 8 });
    const start = tf.memory().numTensors;
    const p = await classifyNames(model, vocab, ["anna", "bob"]);
    assert.equal(p.length, 2);
    assert.ok(p.every((v) => v > 0 && v < 1));
    const trace = await hiddenStates(model, vocab, "anna");
    assert.deepEqual(trace.chars, ["a", "n", "n", "a"]);
    assert.deepEqual([trace.hidden.length, trace.hidden[0].length], [4, 8]);
    assert.deepEqual(Object.keys(trace.gates), ["input", "forget", "output"]);
    assert.equal(tf.memory().numTensors, start, "no leak");
    model.dispose();
  });
});
