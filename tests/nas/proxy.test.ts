// The proxy score (components/nas/proxy.ts, latency.ts): a short training run on real digits
// gives an accuracy, the formula's parameter count and a positive measured latency; no leak.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { loadMnist, mnistTensors } from "../../components/data/mnist.js";
import { measureLatency } from "../../components/nas/latency.js";
import { proxyScore } from "../../components/nas/proxy.js";
import { architectureParams } from "../../components/nas/space.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

before(async () => {
  await tf.setBackend("cpu");
});

describe("proxyScore", () => {
  it("trains briefly and reports accuracy, parameters and latency, leaving no tensor behind", async () => {
    const mnist = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
    const train = mnistTensors(mnist.train, { limit: 128 });
    const validation = mnistTensors(mnist.train, { offset: 128, limit: 64 });
    const start = tf.memory().numTensors;
    const architecture = { filters: [4], dense: 16 };
    const score = await proxyScore(architecture, { train, validation: { x: validation.x, labels: validation.labels }, latencyBatch: validation.x }, { batchSize: 32 });
    assert.ok(score.accuracy >= 0 && score.accuracy <= 1);
    assert.equal(score.params, architectureParams(architecture));
    assert.ok(score.latencyMs > 0);
    assert.equal(tf.memory().numTensors, start);
    const calls: number[] = [];
    const median = await measureLatency({ predict: (x: tf.Tensor) => (calls.push(1), x.add(1)) }, validation.x, { repeats: 3, warmup: 2 });
    assert.equal(calls.length, 5);
    assert.ok(median >= 0);
    assert.equal(tf.memory().numTensors, start);
    train.dispose();
    validation.dispose();
  });
});
