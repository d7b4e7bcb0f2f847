import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildCharLm, buildNameClassifier } from "../../components/nn/rnn-models.js";

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
