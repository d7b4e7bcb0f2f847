// 第6章 6.4: the attacker's MLP learns digits, examples crafted on it at ε = 0 change nothing, a
// large ε fools it and transfers to the reference CNN at least sometimes; no tensor is left.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { mnistTensors } from "../../components/data/mnist.js";
import { trainMlp, transferAttack } from "../../components/attack/transfer.js";
import { cnnLogits, copyCnnWeights, disposeWeights } from "../../components/explain/cnn-function.js";
import { mnistSplits, referenceModel } from "../explain/reference-model.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

describe("transfer attack", () => {
  it("crafted on an MLP, measured on the reference CNN", async () => {
    const { train, test } = await mnistSplits();
    const book = await referenceModel();
    const weights = copyCnnWeights(book.model);
    const cnn = (x: tf.Tensor4D) => cnnLogits(weights, x);
    const data = mnistTensors(train, { limit: 2000 });
    const labels = tf.tensor1d(data.labels, "int32");
    const held = mnistTensors(test, { limit: 100 });
    const heldLabels = tf.tensor1d(held.labels, "int32");
    const start = tf.memory().numTensors;
    const mlp = await trainMlp(data.x, labels, { steps: 120 });
    assert.equal(mlp.parameters, 784 * 128 + 128 + 128 * 10 + 10);
    const points = await transferAttack(mlp.logits, cnn, held.x, heldLabels, [0, 0.3], { attack: "fgsm" });
    mlp.dispose();
    assert.equal(tf.memory().numTensors, start, "the MLP's variables and every batch disposed");
    assert.ok(points[0].sourceAccuracy > 0.8, `the MLP learned: ${points[0].sourceAccuracy}`);
    assert.equal(points[0].transferRate, 0, "ε = 0 flips nothing");
    assert.ok(points[1].sourceAccuracy < 0.2, `white-box on the MLP: ${points[1].sourceAccuracy}`);
    assert.ok(points[1].transferRate > 0.1 && points[1].targetAccuracy < points[0].targetAccuracy, `some examples transfer: ${JSON.stringify(points[1])}`);
    await assert.rejects(transferAttack(mlp.logits, cnn, held.x, heldLabels, [1.5]), /扰动上限 ε 必须在 0 到 1 之间/);
    tf.dispose([labels, heldLabels]);
    data.dispose();
    held.dispose();
    disposeWeights(weights);
  });
});

describe("ch6-transfer-rate exercise", () => {
  it("is flipped / right, in percent", async () => {
    const { exercises } = await import("../../components/exercise/bank/ch6-challenges.js");
    const { exerciseRandom } = await import("../../components/exercise/random.js");
    for (const seed of [1, 2, 3, 99]) {
      const exercise = exercises["ch6-transfer-rate"] as import("../../components/exercise/types.js").NumericExercise<{ n: number; right: number; flipped: number }>;
      const p = exercise.params(exerciseRandom(seed, "ch6-transfer-rate"));
      assert.ok(p.flipped <= p.right && p.right <= p.n);
      const expected = (p.flipped / p.right) * 100;
      assert.ok(Math.abs((await exercise.answer(p)) - expected) < 1e-9 * expected, `seed ${seed}`);
    }
  });
});
