import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { accuracy, confusionMatrix, mistakes, predictClasses } from "../../components/train/classification.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("classification results", () => {
  it("predicts in batches with the right argmax and confidence, and leaks no tensor", async () => {
    const logits = [[2, 1, 0], [0, 3, 1], [1, 0, 5], [0, 0, 1], [4, 1, 1]];
    const model = tf.sequential({ layers: [tf.layers.activation({ activation: "softmax", inputShape: [3] })] });
    const x = tf.tensor2d(logits);
    const start = tf.memory().numTensors;
    const p = await predictClasses(model, x, 2);
    assert.equal(tf.memory().numTensors, start);
    assert.deepEqual([...p.predicted], [0, 1, 2, 2, 0]);
    const e = Math.exp;
    assert.ok(Math.abs(p.confidence[0] - e(2) / (e(2) + e(1) + e(0))) < 1e-6);
    assert.equal(p.probabilities.length, 15);
    x.dispose();
    model.dispose();
  });

  it("counts the confusion matrix by true row and predicted column, and lists mistakes most confident first", () => {
    const labels = [0, 1, 2, 2, 1];
    const predicted = Int32Array.from([0, 2, 2, 1, 2]);
    assert.deepEqual(confusionMatrix(labels, predicted, 3), [[1, 0, 0], [0, 0, 2], [0, 1, 1]]);
    assert.equal(accuracy(labels, predicted), 0.4);
    const p = { predicted, confidence: Float32Array.from([0.9, 0.6, 0.8, 0.7, 0.95]), probabilities: new Float32Array(15), classes: 3 };
    assert.deepEqual(mistakes(labels, p), [4, 3, 1]);
    assert.deepEqual(mistakes(labels, p, { actual: 1, predicted: 2 }), [4, 1]);
  });
});
