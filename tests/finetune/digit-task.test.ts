// Digit tasks (components/finetune/digit-task.ts) on the book's real MNIST file: only the
// asked digits, class k = k-th digit, seeded order, and bad label counts refused in Chinese.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { loadMnist, type MnistData } from "../../components/data/mnist.js";
import { availableExamples, checkLabelCount, digitTask, taskIndices } from "../../components/finetune/digit-task.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let data: MnistData;

before(async () => {
  await tf.setBackend("cpu");
  data = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
});

describe("digitTask", () => {
  it("keeps only the asked digits, maps digit 5+k to class k, and is the same for the same seed", async () => {
    const start = tf.memory().numTensors;
    const task = digitTask(data.train, [5, 6, 7, 8, 9], { count: 200, seed: 3 });
    assert.deepEqual(task.x.shape, [200, 28, 28, 1]);
    assert.deepEqual(task.y.shape, [200, 5]);
    const indices = taskIndices(data.train, [5, 6, 7, 8, 9], 3).slice(0, 200);
    assert.deepEqual(Array.from(task.classes), indices.map((i) => data.train.labels[i] - 5));
    const argmaxT = task.y.argMax(1);
    const argmax = await argmaxT.data();
    assert.deepEqual(Array.from(argmax), Array.from(task.classes));
    const first = task.x.slice([0, 0, 0, 0], [1, 28, 28, 1]);
    const pixels = await first.data();
    tf.dispose([argmaxT, first]);
    assert.deepEqual(Array.from(pixels, (v) => Math.round(v * 255)), Array.from(data.train.images.subarray(indices[0] * 784, indices[0] * 784 + 784)));
    assert.deepEqual(taskIndices(data.train, [5, 6], 3), taskIndices(data.train, [5, 6], 3));
    assert.notDeepEqual(taskIndices(data.train, [5, 6], 3), taskIndices(data.train, [5, 6], 4));
    task.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("refuses label counts ≤ 0, fractional or above what the split has, before making tensors", () => {
    const available = availableExamples(data.train, [0, 1, 2, 3, 4]);
    assert.ok(available > 3000 && available < 5000, `${available}`);
    const start = tf.memory().numTensors;
    for (const bad of [0, -5, 2.5, Number.NaN]) assert.throws(() => digitTask(data.train, [0, 1, 2, 3, 4], { count: bad }), /标注样本数必须是正整数/);
    assert.throws(() => digitTask(data.train, [0, 1, 2, 3, 4], { count: available + 1 }), new RegExp(`超过了可用的 ${available} 张`));
    assert.throws(() => digitTask(data.train, []), /数字列表/);
    assert.throws(() => digitTask(data.train, [3, 3]), /互不相同/);
    assert.doesNotThrow(() => checkLabelCount(available, available));
    assert.equal(tf.memory().numTensors, start);
  });
});
