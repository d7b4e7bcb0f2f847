// 第6章 6.1: the learning curve trains one fresh CNN per (size, augmentation), measures it on
// the held-out digits, refuses impossible sizes in Chinese and leaves no tensor behind.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { ALL_DIGITS, learningCurve, stepsForEpochs } from "../../components/finetune/data-scarcity.js";
import { digitTask, FinetuneInputError } from "../../components/finetune/digit-task.js";
import { SMALL_CNN } from "../../components/nn/cnn.js";
import { mnistSplits } from "../explain/reference-model.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

describe("learningCurve", () => {
  it("steps follow the epochs within their bounds", () => {
    const steps = stepsForEpochs(5, 32, 60, 250);
    assert.deepEqual([50, 1000, 4000].map(steps), [60, 156, 250]);
  });

  it("more digits give a better CNN, one point per size and augmentation, no tensor left", async () => {
    const { train, test } = await mnistSplits();
    const held = digitTask(test, ALL_DIGITS, { count: 200 });
    const start = tf.memory().numTensors;
    const seen: number[] = [];
    const points = await learningCurve(train, held, { sizes: [20, 400], stepsFor: () => 25, architecture: SMALL_CNN, onPoint: (_, done) => seen.push(done) });
    assert.equal(tf.memory().numTensors, start, "models, tasks and optimisers disposed");
    held.dispose();
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.deepEqual(points.map((p) => [p.count, p.augmented]), [[20, false], [20, true], [400, false], [400, true]]);
    const plain = points.filter((p) => !p.augmented);
    assert.ok(plain[1].accuracy > plain[0].accuracy + 0.1, `400 digits beat 20: ${plain.map((p) => p.accuracy)}`);
  });

  it("refuses sizes outside 10 … the training set", async () => {
    const { train, test } = await mnistSplits();
    const held = digitTask(test, ALL_DIGITS, { count: 10 });
    await assert.rejects(learningCurve(train, held, { sizes: [5], stepsFor: () => 1 }), (e) => e instanceof FinetuneInputError && /训练集大小必须是 10 到 8000/.test(e.message));
    await assert.rejects(learningCurve(train, held, { sizes: [], stepsFor: () => 1 }), FinetuneInputError);
    held.dispose();
  });
});
