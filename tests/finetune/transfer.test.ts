// Transfer strategies (components/finetune/transfer.ts, transfer-experiment.ts): the copy
// starts equal to the base, freezing leaves the convolutions out of training, training the
// copy never changes the base, bad settings are refused before anything trains, no leak.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { loadMnist, type MnistData } from "../../components/data/mnist.js";
import { digitTask } from "../../components/finetune/digit-task.js";
import { buildTaskCnn, trainableParams, trainTask, transferModel } from "../../components/finetune/transfer.js";
import { runTransfer, type TransferSettings } from "../../components/finetune/transfer-experiment.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const small = { filters: [4, 8] as [number, number], dense: 16 };
const snapshot = async (model: tf.LayersModel) => Promise.all(model.layers.flatMap((l) => l.getWeights()).map(async (w) => Float32Array.from(await w.data())));
let data: MnistData;

before(async () => {
  await tf.setBackend("cpu");
  data = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
});

describe("buildTaskCnn and transferModel", () => {
  it("is the 3.2 CNN with a 5-way head: 224,389 parameters, nothing left of the 10-way one", () => {
    const start = tf.memory().numTensors;
    const model = buildTaskCnn({ classes: 5, seed: 1 });
    assert.equal(model.countParams(), 320 + 18_496 + 204_928 + 645);
    assert.deepEqual(model.outputs[0].shape, [null, 5]);
    model.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("copies the base's body, freezes only the convolutions, and training the copy leaves the base bit-identical", async () => {
    const base = buildTaskCnn({ ...small, classes: 5, seed: 2 });
    const saved = await snapshot(base);
    const frozen = transferModel(base, "frozen", { classes: 5, seed: 9, architecture: small });
    const copied = await snapshot(frozen);
    saved.slice(0, 6).forEach((w, i) => assert.deepEqual(copied[i], w, `body weight ${i} copied`));
    assert.notDeepEqual(copied[6], saved[6], "the head is new");
    assert.equal(trainableParams(frozen), frozen.countParams() - (4 * 9 + 4) - (8 * 4 * 9 + 8));
    const task = digitTask(data.train, [5, 6, 7, 8, 9], { count: 32 });
    const start = tf.memory().numTensors;
    await trainTask(frozen, task, { lr: 0.01, batchSize: 16, steps: 4 });
    assert.equal(tf.memory().numTensors, start, "the optimiser was disposed");
    const trained = await snapshot(frozen);
    assert.deepEqual(trained.slice(0, 4), copied.slice(0, 4), "frozen convolutions did not move");
    assert.notDeepEqual(trained[4], copied[4], "dense1 trained");
    (await snapshot(base)).forEach((w, i) => assert.deepEqual(w, saved[i], `base weight ${i}`));
    const finetune = transferModel(base, "finetune", { classes: 5, architecture: small });
    assert.equal(trainableParams(finetune), finetune.countParams());
    [base, frozen, finetune].forEach((m) => m.dispose());
    task.dispose();
    assert.throws(() => transferModel(null, "frozen", { classes: 5 }), /需要一个训练好的基础网络/);
  });
});

describe("runTransfer", () => {
  const settings: TransferSettings = { digits: [5, 6, 7, 8, 9], labelCounts: [20, 40], lr: { scratch: 0.003, frozen: 0.003, finetune: 0.001 }, batchSize: 16, steps: 3, testCount: 100, architecture: small };
  it("trains one network per strategy and label count and scores it on held-out digits; no leak", async () => {
    const base = buildTaskCnn({ ...small, classes: 5, seed: 2 });
    const start = tf.memory().numTensors;
    const seen: string[] = [];
    const rows = await runTransfer(base, data, settings, { onRun: (row, done, total) => seen.push(`${done}/${total} ${row.strategy}`) });
    assert.deepEqual(seen, ["1/6 scratch", "2/6 frozen", "3/6 finetune", "4/6 scratch", "5/6 frozen", "6/6 finetune"]);
    for (const row of rows) assert.ok(row.accuracy >= 0 && row.accuracy <= 1 && row.trainable > 0, JSON.stringify(row));
    assert.equal(tf.memory().numTensors, start);
    base.dispose();
  });
  it("refuses label counts and learning rates it cannot use, before training anything", async () => {
    const start = tf.memory().numTensors;
    await assert.rejects(runTransfer(null, data, { ...settings, labelCounts: [50, 0] }), /标注样本数必须是正整数，现在是 0/);
    await assert.rejects(runTransfer(null, data, { ...settings, labelCounts: [99_999] }), /超过了可用的/);
    await assert.rejects(runTransfer(null, data, { ...settings, lr: { ...settings.lr, finetune: -1 } }), /学习率必须是大于 0 的有限数，现在是 -1/);
    assert.equal(tf.memory().numTensors, start);
  });
});
