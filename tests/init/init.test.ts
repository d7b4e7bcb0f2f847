// Initialisation rules have the variances the derivation of 第4章 4.3 asks for; the deep MLP's
// measured per-layer variance follows Var(z_l) = n σ² E[h²] within sampling error; He keeps a
// ReLU network's variance level while N(0, 0.01²) makes it vanish; equal weights stay equal
// under training; nothing leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { gelu } from "../../components/init/activations.js";
import { deepMlp, shapeProblem } from "../../components/init/deep-mlp.js";
import { initWeight } from "../../components/init/initializers.js";
import { histogram, layerStats, variance } from "../../components/init/layer-stats.js";
import { distinctUnits } from "../../components/init/symmetry.js";
import { sgd } from "../../components/optim/sgd.js";
import { trainClassifier } from "../../components/optim/train-classifier.js";

before(async () => {
  await tf.setBackend("cpu");
});

const batch = () => {
  const x = tf.randomNormal([128, 64], 0, 1, "float32", 7) as tf.Tensor2D;
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 128 }, (_, i) => i % 10), "int32"), 10).toFloat()) as tf.Tensor2D;
  return { x, y };
};

describe("initialisation", () => {
  it("draws Xavier and He weights with variance 2/(n_in+n_out) and 2/n_in", async () => {
    for (const [init, expected] of [["xavier", 2 / (300 + 200)], ["he", 2 / 300]] as const) {
      const w = initWeight(init, 300, 200, 3);
      const v = variance(await w.data());
      assert.ok(Math.abs(v / expected - 1) < 0.03, `${init}: ${v} vs ${expected}`);
      w.dispose();
    }
    const zero = initWeight("zero", 3, 4, 1);
    assert.deepEqual(Array.from(await zero.data()), new Array(12).fill(0));
    zero.dispose();
  });

  it("measures per-layer variance that matches n σ² E[h²]; He keeps ReLU's level, N(0, 0.01²) vanishes", async () => {
    const start = tf.memory().numTensors;
    const { x, y } = batch();
    const he = deepMlp({ inputs: 64, width: 256, depth: 10, outputs: 10, activation: "relu", init: "he", seed: 2 });
    const heStats = await layerStats(he, x, y);
    for (const layer of heStats.layers) assert.ok(Math.abs(layer.preVariance / layer.predictedVariance - 1) < 0.25, `layer ${layer.layer}: ${layer.preVariance} vs ${layer.predictedVariance}`);
    const [first, last] = [heStats.layers[0].preVariance, heStats.layers[9].preVariance];
    assert.ok(last / first > 0.2 && last / first < 5, `He/ReLU variance drift ${first} → ${last}`);
    const small = deepMlp({ inputs: 64, width: 256, depth: 10, outputs: 10, activation: "tanh", init: "normal001", seed: 2 });
    const smallStats = await layerStats(small, x, y);
    assert.ok(smallStats.layers[9].activationStd < 1e-7, `N(0,0.01²) tanh last std ${smallStats.layers[9].activationStd}`);
    assert.ok(smallStats.layers.every((l) => Number.isFinite(l.gradNorm)));
    he.dispose();
    small.dispose();
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, start);
  });

  it("keeps units with equal weights equal through training, random ones distinct", async () => {
    const start = tf.memory().numTensors;
    const { x, y } = batch();
    for (const [init, expected] of [[{ constant: 0.05 }, 1], ["he", 16]] as const) {
      const mlp = deepMlp({ inputs: 64, width: 16, depth: 3, outputs: 10, activation: "tanh", init, seed: 4 });
      const optimizer = sgd(mlp.params, { lr: 0.5 });
      const run = await trainClassifier(mlp.params, (xb, training) => mlp.logits(xb as tf.Tensor2D, training), optimizer, x, y, { epochs: 3, batchSize: 32 });
      assert.equal(run.losses.length, 12);
      assert.ok(run.losses.every(Number.isFinite));
      for (const w of mlp.weights.slice(0, 3)) assert.equal(await distinctUnits(w as tf.Variable<tf.Rank.R2>), expected);
      optimizer.dispose();
      mlp.dispose();
    }
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, start);
  });

  it("stops a diverging run with the step where the loss became NaN/∞", async () => {
    const start = tf.memory().numTensors;
    const { x, y } = batch();
    const mlp = deepMlp({ inputs: 64, width: 32, depth: 4, outputs: 10, activation: "relu", init: "normal1", seed: 1 });
    const optimizer = sgd(mlp.params, { lr: 1e6 });
    const run = await trainClassifier(mlp.params, (xb, training) => mlp.logits(xb as tf.Tensor2D, training), optimizer, x, y, { epochs: 5, batchSize: 32 });
    assert.match(run.diverged ?? "", /^损失在第 \d+ 步变成 NaN\/∞/);
    assert.ok(run.losses.length < 20);
    optimizer.dispose();
    mlp.dispose();
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, start);
  });

  it("computes GELU's tanh form and refuses absurd shapes", async () => {
    const z = tf.tensor1d([-3, -1, 0, 1, 3]);
    const g = gelu(z);
    const expected = [-0.00363739, -0.158808, 0, 0.841192, 2.99636];
    (await g.data()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `gelu ${i}: ${v}`));
    tf.dispose([z, g]);
    assert.match(shapeProblem(0, 10) ?? "", /层数/);
    assert.match(shapeProblem(1e9, 10) ?? "", /层数/);
    assert.match(shapeProblem(10, 1.5) ?? "", /宽度/);
    assert.equal(shapeProblem(10, 256), null);
    assert.deepEqual(histogram([1, 1, 1], 4), { lo: 1, hi: 1, counts: [3] });
  });
});
