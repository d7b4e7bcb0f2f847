import assert from "node:assert/strict";
import { describe, it, before } from "node:test";
import * as tf from "@book/tf";
import { buildCnn } from "../../components/nn/cnn.js";
import { cnnLogits, copyCnnWeights, nonZeroCount, parameterCount, readCnnWeights, toTensors } from "../../components/compress/cnn-weights.js";
import { argmaxRows, batchLatency, predictLogits, testAccuracy } from "../../components/compress/evaluate.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("readCnnWeights / cnnLogits", () => {
  it("computes what the layers model computes (softmax of the logits) and leaves the model alone", async () => {
    const model = buildCnn({ filters: [4, 6], dense: 8, seed: 3 });
    const x = tf.randomUniform([5, 28, 28, 1], 0, 1, "float32", 2) as tf.Tensor4D;
    const before = await Promise.all(model.getWeights().map((t) => t.data()));
    const w = await readCnnWeights(model);
    assert.equal(parameterCount(w), model.countParams());
    w.conv1.kernel.values[0] += 1; // changing the copy does not reach the model
    const after = await Promise.all(model.getWeights().map((t) => t.data()));
    assert.deepEqual(after, before);
    w.conv1.kernel.values[0] -= 1;

    const start = tf.memory().numTensors;
    const params = toTensors(w);
    const mine = tf.tidy(() => tf.softmax(cnnLogits(w, params.list, x)));
    const theirs = model.predict(x) as tf.Tensor;
    const gap = tf.tidy(() => tf.sub(mine, theirs).abs().max());
    const diff = (await gap.data())[0];
    gap.dispose();
    assert.ok(diff < 1e-5, `difference ${diff}`);
    tf.dispose([mine, theirs]);
    params.dispose();
    assert.equal(tf.memory().numTensors, start);

    const logits = await predictLogits(w, x, 2);
    assert.equal(logits.length, 50);
    const labels = argmaxRows(logits);
    assert.equal(await testAccuracy(w, x, labels), 1);
    assert.ok((await batchLatency(w, x, 2)) > 0);
    assert.equal(tf.memory().numTensors, start);
    x.dispose();
    model.dispose();
  });

  it("copies deeply and counts non-zeros", async () => {
    const model = buildCnn({ filters: [2, 3], dense: 4, seed: 1 });
    const w = await readCnnWeights(model);
    const c = copyCnnWeights(w);
    c.dense1.kernel.values.fill(0);
    assert.notEqual(w.dense1.kernel.values[0], 0);
    assert.equal(nonZeroCount(c), parameterCount(c) - c.dense1.kernel.values.length - c.conv1.bias.values.length - c.conv2.bias.values.length - c.dense1.bias.values.length - c.output.bias.values.length);
    model.dispose();
  });
});
