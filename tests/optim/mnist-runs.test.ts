// The MNIST experiment runner on tiny seeded data: same seed → same run, every step timed,
// clipping caps the recorded norm and keeps a run finite that diverges without it, an empty
// choice of optimisers is refused, nothing leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { withClipping } from "../../components/optim/clip.js";
import { compareOptimizers } from "../../components/optim/mnist-experiments.js";
import { finalLoss, runOnMnist, smooth } from "../../components/optim/mnist-runs.js";
import { sgd } from "../../components/optim/sgd.js";

before(async () => {
  await tf.setBackend("cpu");
});

async function digits(n: number, seed: number) {
  const x = tf.randomNormal([n, 16], 0, 1, "float32", seed) as tf.Tensor2D;
  const labels = tf.tidy(() => tf.argMax(tf.matMul(x, tf.randomNormal([16, 10], 0, 1, "float32", 99)), 1));
  const y = tf.tidy(() => tf.oneHot(labels as tf.Tensor1D, 10).toFloat());
  return { x, y, labels: Array.from(await labels.data()), dispose: () => tf.dispose([x, y, labels]) };
}

const network = { width: 16, depth: 4, activation: "relu" as const, init: "he" as const, seed: 3 };

describe("runOnMnist and withClipping", () => {
  it("repeats a run exactly, times every step, and frees what it made", async () => {
    const [train, test] = [await digits(128, 1), await digits(64, 2)];
    const start = tf.memory().numTensors;
    const options = { network, epochs: 2, batchSize: 32 };
    const a = await runOnMnist("a", (p) => sgd(p, { lr: 0.05 }), train, test, options);
    const b = await runOnMnist("b", (p) => sgd(p, { lr: 0.05 }), train, test, options);
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    assert.equal(a.losses.length, 8);
    assert.deepEqual(a.losses, b.losses);
    assert.equal(a.times.length, 8);
    for (let i = 1; i < a.times.length; i++) assert.ok(a.times[i] >= a.times[i - 1]);
    assert.ok(a.testAccuracy >= 0 && a.testAccuracy <= 1);
    assert.ok(Number.isFinite(finalLoss(a)));
    assert.equal(smooth([1, 2, 3, 4], 2).length, 3);
    assert.deepEqual(smooth([1, NaN, 3, 4], 1).map((p) => p.y), [1]);
    train.dispose();
    test.dispose();
  });

  it("caps the gradient norm and keeps finite a run that diverges without clipping", async () => {
    const [train, test] = [await digits(128, 1), await digits(64, 2)];
    const start = tf.memory().numTensors;
    const options = { network, epochs: 3, batchSize: 32 };
    const norms = (o: unknown) => (o as ReturnType<typeof withClipping>).norms();
    const wild = await runOnMnist("wild", (p) => withClipping(sgd(p, { lr: 20 }), null), train, test, options, async (_m, o, trained) => (trained ? norms(o) : undefined));
    const tamed = await runOnMnist("tamed", (p) => withClipping(sgd(p, { lr: 20 }), 0.05), train, test, options, async (_m, o, trained) => (trained ? norms(o) : undefined));
    assert.equal(tf.memory().numTensors, start, "no tensor leaked");
    assert.match(wild.diverged ?? "", /损失在第 \d+ 步变成 NaN\/∞/);
    assert.equal(tamed.diverged, undefined, "clipped run stays finite");
    const { before: raw, after } = tamed.inspected!;
    assert.equal(raw.length, tamed.losses.length);
    assert.ok(raw.some((n) => n > 0.05), "some step needed clipping");
    raw.forEach((n, i) => assert.ok(Math.abs(after[i] - Math.min(n, 0.05)) < 1e-5, `step ${i}: ${n} → ${after[i]}`));
    await assert.rejects(compareOptimizers([], train, test, { epochs: 1, batchSize: 32 }), /至少选择一个优化器/);
    train.dispose();
    test.dispose();
  });
});
