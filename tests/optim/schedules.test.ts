// Schedule values at known steps; clipping by global norm keeps the direction and caps the
// length, and leaves small gradients alone; bad settings are refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { clipByGlobalNorm } from "../../components/optim/clip.js";
import { bookSchedules, constant, cosine, exponential, oneCycle, stepDecay, warmupCosine } from "../../components/optim/schedules.js";

before(async () => {
  await tf.setBackend("cpu");
});

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b), `${what}: ${a} vs ${b}`);

describe("schedules", () => {
  it("give the textbook values at known steps", () => {
    close(constant({ lr: 0.1, total: 100 })(57), 0.1, "constant");
    const step = stepDecay({ lr: 1, total: 90, every: 30, gamma: 0.5 });
    [0, 29, 30, 59, 60, 89].forEach((t, i) => close(step(t), [1, 1, 0.5, 0.5, 0.25, 0.25][i], `step ${t}`));
    const exp = exponential({ lr: 1, total: 100, finalFactor: 0.01 });
    close(exp(0), 1, "exp 0");
    close(exp(50), 0.1, "exp half");
    close(exp(100), 0.01, "exp end");
    const cos = cosine({ lr: 1, total: 100, minLr: 0.1 });
    close(cos(0), 1, "cos 0");
    close(cos(50), 0.55, "cos half");
    close(cos(100), 0.1, "cos end");
    const warm = warmupCosine({ lr: 1, total: 110, warmup: 10 });
    close(warm(0), 0.1, "warm-up first");
    close(warm(4), 0.5, "warm-up middle");
    close(warm(10), 1, "peak after warm-up");
    close(warm(60), 0.5, "cosine half");
    const cycle = oneCycle({ lr: 1, total: 100, divFactor: 25 });
    close(cycle(0), 0.04, "one-cycle start");
    close(cycle(15), 0.04 + 0.96 * 0.5, "one-cycle rising");
    close(cycle(30), 1, "one-cycle peak");
    close(cycle(100), 0.04 / 100, "one-cycle end");
    for (const [name, schedule] of bookSchedules(0.5, 60)) for (let t = 0; t < 60; t++) assert.ok(schedule(t) > 0 && schedule(t) <= 0.5 + 1e-12, `${name} at ${t}`);
  });

  it("refuses bad settings in Chinese", () => {
    assert.throws(() => constant({ lr: 0, total: 10 }), /学习率/);
    assert.throws(() => constant({ lr: NaN, total: 10 }), /学习率/);
    assert.throws(() => cosine({ lr: 1, total: 0 }), /总步数/);
    assert.throws(() => warmupCosine({ lr: 1, total: 10, warmup: 10 }), /预热/);
    assert.throws(() => stepDecay({ lr: 1, total: 10, every: 0 }), /间隔/);
  });
});

describe("clipByGlobalNorm", () => {
  it("scales long gradients to the threshold and leaves short ones alone", async () => {
    const start = tf.memory().numTensors;
    const grads = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])]; // global norm 5
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 1);
    close((await norm.data())[0], 5, "norm");
    assert.deepEqual(Array.from(await clipped[0].data()).map((v) => +v.toFixed(6)), [0.6, 0]);
    assert.deepEqual(Array.from(await clipped[1].data()).map((v) => +v.toFixed(6)), [0, 0.8]);
    const { grads: kept, norm: n2 } = clipByGlobalNorm(grads, 10);
    assert.deepEqual(Array.from(await kept[1].data()), [0, 4]);
    tf.dispose([...grads, ...clipped, norm, ...kept, n2]);
    assert.equal(tf.memory().numTensors, start);
    assert.throws(() => clipByGlobalNorm([], 0), /裁剪阈值/);
  });
});

describe("scheduledSgd and the LR range test", () => {
  it("steps with η_t of the schedule, and the range test sweeps upwards and suggests a rate inside the sweep", async () => {
    const { scheduledSgd } = await import("../../components/optim/scheduled-sgd.js");
    const { lrRangeTest } = await import("../../components/optim/lr-range.js");
    const start = tf.memory().numTensors;
    const p = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const optimizer = scheduledSgd([p], (t) => [0.5, 0.25][t]);
    const g = tf.tensor1d([1, -1]);
    optimizer.step([g]);
    optimizer.step([g]);
    assert.deepEqual(Array.from(await p.data()), [1 - 0.75, 2 + 0.75]);
    assert.throws(() => optimizer.step([g]), /学习率/);
    tf.dispose([p, g]);
    // A linear softmax classifier on separable seeded data.
    const x = tf.randomNormal([256, 8], 0, 1, "float32", 3);
    const y = tf.tidy(() => tf.oneHot(tf.argMax(tf.matMul(x, tf.randomNormal([8, 3], 0, 1, "float32", 4)), 1), 3).toFloat());
    const w = tf.tidy(() => tf.variable(tf.zeros([8, 3])));
    const range = await lrRangeTest([w], (xb) => tf.matMul(xb, w), x, y, { from: 1e-3, to: 100, steps: 80, batchSize: 32 });
    assert.ok(range.points.length > 10);
    for (let i = 1; i < range.points.length; i++) assert.ok(range.points[i].lr > range.points[i - 1].lr);
    assert.ok(range.suggested >= 1e-4 && range.suggested <= 10, `suggested ${range.suggested}`);
    tf.dispose([x, y, w]);
    assert.equal(tf.memory().numTensors, start);
  });
});
