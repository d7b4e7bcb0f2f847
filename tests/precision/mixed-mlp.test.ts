// The mixed-precision MLP: the normaliser changes nothing in FP32; in FP16 it flushes most
// gradients to zero unless the loss is scaled; dynamic scaling skips overflowing steps and
// halves S; the exponent histogram counts what FP16 flushes; nothing is left behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { trainMixed, batchOrder } from "../../components/precision/mixed-mlp.js";
import { dynamicScaling, noScaling, staticScaling } from "../../components/precision/loss-scaling.js";
import { exponentHistogram, gradientValues } from "../../components/precision/gradient-histogram.js";

before(async () => {
  await tf.setBackend("cpu");
});

const data = () => {
  const x = tf.randomUniform([96, 784], 0, 1, "float32", 3) as tf.Tensor2D;
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([96], 0, 10, "int32", 4) as tf.Tensor1D, 10).toFloat()) as tf.Tensor2D;
  return { x, y };
};
const options = { steps: 6, batchSize: 32, sizes: [784, 16, 10], lr: 0.05 };

describe("trainMixed", () => {
  it("trains the same in FP32 whatever the normaliser; FP16 without scaling loses the gradients; scaling recovers them", async () => {
    const { x, y } = data();
    const tensors = tf.memory().numTensors;
    const plain = await trainMixed(x, y, x, y, { ...options, precision: "fp32", scaler: noScaling() });
    const normalised = await trainMixed(x, y, x, y, { ...options, precision: "fp32", scaler: noScaling(), normalizer: 2 ** 18 });
    plain.steps.forEach((s, i) => assert.ok(Math.abs(s.loss - normalised.steps[i].loss) < 1e-4, `step ${i}`));
    const fp16 = await trainMixed(x, y, x, y, { ...options, precision: "fp16", scaler: noScaling(), normalizer: 2 ** 18 });
    const scaled = await trainMixed(x, y, x, y, { ...options, precision: "fp16", scaler: staticScaling(2 ** 14), normalizer: 2 ** 18 });
    const last = (run: typeof plain) => run.steps[run.steps.length - 1].loss;
    assert.ok(Math.abs(last(scaled) - last(plain)) < 0.02, `scaled ${last(scaled)} vs fp32 ${last(plain)}`);
    assert.ok(Math.abs(last(fp16) - last(plain)) > Math.abs(last(scaled) - last(plain)), `unscaled ${last(fp16)} vs fp32 ${last(plain)}`);
    assert.equal(tf.memory().numTensors, tensors);
    tf.dispose([x, y]);
  });

  it("skips the steps that overflow and halves the dynamic scale", async () => {
    const { x, y } = data();
    const run = await trainMixed(x, y, x, y, { ...options, precision: "fp16", scaler: dynamicScaling({ initial: 2 ** 40, interval: 100 }), normalizer: 1 });
    assert.ok(run.skipped > 0);
    const firstApplied = run.steps.findIndex((s) => !s.skipped);
    run.steps.slice(0, Math.max(firstApplied, 1)).forEach((s, i) => assert.equal(s.scale, 2 ** (40 - i)));
    assert.ok(run.steps.every((s) => Number.isFinite(s.loss) || s.skipped));
    tf.dispose([x, y]);
  });

  it("draws the same batches for every run", () => {
    assert.deepEqual(batchOrder(10, 4, 5, 1), batchOrder(10, 4, 5, 1));
    assert.deepEqual([...batchOrder(10, 4, 3, 1).flatMap((b) => [...b])].slice(0, 8).sort(), [...new Set([...batchOrder(10, 4, 3, 1).flatMap((b) => [...b])].slice(0, 8))].sort());
  });
});

describe("exponentHistogram", () => {
  it("counts zeros, flushed, subnormal and overflowing values", () => {
    const h = exponentHistogram([0, 1e-9, 2 ** -25, 2 ** -20, 1e-3, 1, 70000]);
    assert.deepEqual([h.zeros, h.flushed, h.subnormal, h.overflowed, h.total], [1, 2, 1, 1, 7]);
    assert.equal(h.bins.reduce((n, b) => n + b.count, 0), 6);
  });

  it("collects every layer output's and weight's gradient", async () => {
    const { x, y } = data();
    const tensors = tf.memory().numTensors;
    const values = await gradientValues(x, y, { sizes: [784, 16, 10] });
    assert.equal(values.length, 96 * 16 + 96 * 10 + 784 * 16 + 16 + 16 * 10 + 10);
    assert.equal(tf.memory().numTensors, tensors);
    tf.dispose([x, y]);
  });
});
