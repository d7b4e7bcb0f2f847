import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { FastLstm } from "../../components/nn/fast-lstm.js";
import { FastSimpleRnn } from "../../components/nn/fast-simple-rnn.js";
import { buildCharLm, buildNameClassifier, hiddenStates, NAME_LENGTH } from "../../components/nn/rnn-models.js";
import { CharVocab, encodeBatch } from "../../components/text/vocab.js";

describe("RNN model builders", () => {
  for (const cell of ["lstm", "gru", "rnn"] as const) {
    it(`leave nothing but the ${cell} models' weights behind`, () => {
      for (const build of [buildNameClassifier, buildCharLm]) {
        const before = tf.memory().numTensors;
        const model = build({ vocabSize: 30, cell });
        assert.equal(tf.memory().numTensors - before, model.weights.length, `${build.name}: only weights remain`);
        model.dispose();
        assert.equal(tf.memory().numTensors, before);
      }
    });
  }
});

describe("the LSTM and plain-RNN models on FastLstm and FastSimpleRnn", () => {
  const vocab = CharVocab.fromTexts(["alexandra", "bob", "mary-jane", "zoe"]);

  const LAYERS = [
    { cell: "lstm", layer: FastLstm, library: { lstm: "tfjs" }, name: "tf.layers.lstm" },
    { cell: "rnn", layer: FastSimpleRnn, library: { rnn: "tfjs" }, name: "tf.layers.simpleRNN" }
  ] as const;
  for (const { cell, layer, library: tfjs, name } of LAYERS) {
    it(`${cell}: start from the same weights as with ${name} for the same seed, and predict the same`, async () => {
      for (const build of [buildNameClassifier, buildCharLm]) {
        const fast = build({ vocabSize: vocab.size, seed: 4, cell });
        const library = build({ vocabSize: vocab.size, seed: 4, cell, ...tfjs });
        assert.ok(fast.getLayer("recurrent") instanceof layer);
        assert.ok(!(library.getLayer("recurrent") instanceof layer));
        const [a, b] = [fast.getWeights(), library.getWeights()];
        assert.equal(a.length, b.length);
        for (let i = 0; i < a.length; i++) assert.deepEqual(await a[i].data(), await b[i].data(), `${build.name}: weight ${i}`);
        const x = encodeBatch(vocab, ["alexandra", "bob", "zoe"], build === buildNameClassifier ? NAME_LENGTH : NAME_LENGTH + 1);
        const [p, q] = [fast.predict(x) as tf.Tensor, library.predict(x) as tf.Tensor];
        const [pv, qv] = [await p.data(), await q.data()];
        assert.ok(pv.every((v, i) => Math.abs(v - qv[i]) < 1e-6), `${build.name}: predictions agree`);
        tf.dispose([x, p, q]);
        fast.dispose();
        library.dispose();
      }
    });
  }

  it("hiddenStates reads the FastLstm's weights: its last h is the layer's output for the padded name", async () => {
    const model = buildNameClassifier({ vocabSize: vocab.size, seed: 2 });
    const start = tf.memory().numTensors;
    const trace = await hiddenStates(model, vocab, "alexandra");
    assert.equal(trace.hidden.length, 9);
    assert.deepEqual(Object.keys(trace.gates).sort(), ["forget", "input", "output"]);
    // The classifier up to its LSTM, on the left-padded name (the padding is masked).
    const upToLstm = tf.model({ inputs: model.inputs, outputs: model.getLayer("recurrent").output as tf.SymbolicTensor });
    const x = encodeBatch(vocab, ["alexandra"], NAME_LENGTH);
    const h = upToLstm.predict(x) as tf.Tensor;
    const last = (await h.data()) as Float32Array;
    assert.ok(trace.hidden.at(-1)!.every((v, i) => Math.abs(v - last[i]) < 1e-5));
    tf.dispose([x, h]);
    assert.equal(tf.memory().numTensors, start);
    model.dispose();
  });
});
