import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { decodeMnist, encodeMnist, MnistFormatError, type MnistData } from "../../components/data/mnist-format.js";
import { digitGrid, loadMnist, mnistTensors } from "../../components/data/mnist.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function tiny(): MnistData {
  const split = (count: number, shift: number) => ({ count, images: Uint8Array.from({ length: count * 4 }, (_, i) => (i * 37 + shift) % 256), labels: Uint8Array.from({ length: count }, (_, i) => (i + shift) % 10) });
  return { rows: 2, cols: 2, train: split(5, 0), test: split(3, 7) };
}

before(async () => {
  await tf.setBackend("cpu");
});

describe("MNIST file format", () => {
  it("round-trips images and labels", async () => {
    const data = tiny();
    const decoded = await decodeMnist(await encodeMnist(data));
    assert.deepEqual(decoded.train, data.train);
    assert.deepEqual(decoded.test, data.test);
  });
  it("rejects a truncated, damaged or foreign file with a clear message", async () => {
    const file = await encodeMnist(tiny());
    await assert.rejects(decodeMnist(file.subarray(0, 10)), MnistFormatError);
    await assert.rejects(decodeMnist(file.subarray(0, file.length - 5)), /损坏|截断/);
    const foreign = file.slice();
    foreign[0] = 0x50;
    await assert.rejects(decodeMnist(foreign), /不是本书的 MNIST 文件/);
    const flipped = file.slice();
    flipped[12] ^= 1; // the header now promises a different size
    await assert.rejects(decodeMnist(flipped), MnistFormatError);
  });
});

describe("data/mnist.bin.ts (real digits)", () => {
  let data: MnistData;
  before(async () => {
    data = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
  });
  it("splits 10,000 real digits into 8,000 training and 2,000 test digits, all classes in both", () => {
    assert.equal(data.train.count, 8000);
    assert.equal(data.test.count, 2000);
    for (const split of [data.train, data.test]) {
      const counts = new Array(10).fill(0);
      split.labels.forEach((l) => counts[l]++);
      assert.ok(counts.every((c) => c > split.count * 0.07), `class counts ${counts}`);
    }
    const grid = digitGrid(data.train, 0);
    assert.equal(grid.length, 28);
    const ink = grid.flat().filter((v) => v > 0.5).length;
    assert.ok(ink > 40 && ink < 400, `a digit has some ink: ${ink} bright pixels`);
  });
  it("becomes NHWC tensors in [0, 1] with one-hot labels", async () => {
    const before = tf.memory().numTensors;
    const t = mnistTensors(data.test, { limit: 16 });
    assert.deepEqual(t.x.shape, [16, 28, 28, 1]);
    assert.deepEqual(t.y.shape, [16, 10]);
    const maxT = t.x.max();
    const argmaxT = t.y.argMax(1);
    const [max] = await maxT.data();
    assert.ok(max <= 1 && max > 0.9);
    assert.deepEqual(Array.from(await argmaxT.data()), Array.from(t.labels));
    tf.dispose([maxT, argmaxT]);
    t.dispose();
    assert.equal(tf.memory().numTensors, before, "mnistTensors keeps only x and y");
  });
});
