// 第6章 attributions: the functional CNN equals the model, its input gradients equal finite
// differences, Integrated Gradients is complete (Σ attributions = z(x) − z(x′)) to <1% at 64
// steps on the reference model, and the other maps have the input's shape and leak nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { mnistTensors } from "../../components/data/mnist.js";
import { BASELINE_NAMES, type BaselineKind, baselineImage, inputGradients, integratedGradients, smoothGrad, vanillaSaliency } from "../../components/explain/attributions.js";
import { cnnLogits, copyCnnWeights, disposeWeights, lastConvMaps, logitsFromMaps } from "../../components/explain/cnn-function.js";
import { gradCam, occlusionMap } from "../../components/explain/occlusion-gradcam.js";
import { cascadingRandomization } from "../../components/explain/sanity-check.js";
import { buildCnn } from "../../components/nn/cnn.js";
import { referenceModel, testDigits } from "./reference-model.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

describe("cnnLogits", () => {
  it("gives the model's own softmax outputs on real test digits", async () => {
    const book = await referenceModel();
    const test = mnistTensors(await testDigits(), { limit: 32 });
    const weights = copyCnnWeights(book.model);
    const [ours, theirs] = tf.tidy(() => [tf.softmax(cnnLogits(weights, test.x)), book.model.predict(test.x) as tf.Tensor]);
    const gap = tf.tidy(() => ours.sub(theirs).abs().max());
    assert.ok((await gap.data())[0] < 1e-5);
    tf.dispose([ours, theirs, gap]);
    disposeWeights(weights);
    test.dispose();
    book.dispose();
  });
});

describe("inputGradients", () => {
  it("equals central finite differences on a tiny CNN (cpu backend, float32)", async () => {
    await tf.setBackend("cpu");
    const tiny = buildCnn({ filters: [4, 4], dense: 16, seed: 7 });
    const weights = copyCnnWeights(tiny);
    const logits = (x: tf.Tensor4D) => cnnLogits(weights, x);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, "float32", 3) as tf.Tensor4D;
    const grad = await inputGradients(logits, x, 2).data();
    const pixels = await x.data();
    const h = 1e-3; // small enough not to cross a ReLU or max-pool switch, large for float32
    // Max-pooling passes gradient to one pixel of each window, so check the pixels the score depends on most.
    const strongest = Array.from(grad.keys()).sort((i, j) => Math.abs(grad[j]) - Math.abs(grad[i])).slice(0, 10);
    for (const index of strongest) {
      const plus = Float32Array.from(pixels), minus = Float32Array.from(pixels);
      plus[index] += h;
      minus[index] -= h;
      const scores = tf.tidy(() => logits(tf.tensor4d([...plus, ...minus], [2, 28, 28, 1])).slice([0, 2], [2, 1]));
      const [zp, zm] = await scores.data();
      scores.dispose();
      const numeric = (zp - zm) / (2 * h);
      assert.ok(Math.abs(numeric - grad[index]) <= 2e-3 + 2e-2 * Math.abs(grad[index]), `pixel ${index}: analytic ${grad[index]}, numeric ${numeric}`);
    }
    assert.ok(Math.abs(grad[strongest[9]]) > 0, "ten pixels with a non-zero gradient");
    tf.dispose(x);
    disposeWeights(weights);
    tiny.dispose();
    await tf.setBackend("wasm");
  });
});

describe("integratedGradients", () => {
  it("is complete to <1% at 64 steps on the reference model, for every baseline, and closer than at 4 steps", async () => {
    const book = await referenceModel();
    const split = await testDigits();
    const weights = copyCnnWeights(book.model);
    const logits = (x: tf.Tensor4D) => cnnLogits(weights, x);
    const start = tf.memory().numTensors;
    for (const index of [0, 1, 2]) {
      const test = mnistTensors(split, { offset: index, limit: 1 });
      for (const kind of Object.keys(BASELINE_NAMES) as BaselineKind[]) {
        const baseline = baselineImage(kind, test.x);
        const coarse = await integratedGradients(logits, test.x, baseline, split.labels[index], { steps: 4 });
        const fine = await integratedGradients(logits, test.x, baseline, split.labels[index], { steps: 64 });
        assert.ok(fine.relativeError < 0.01, `digit ${index}, ${kind}: Σ ${fine.sum} vs Δ ${fine.delta}`);
        assert.ok(fine.relativeError <= coarse.relativeError + 1e-3, `digit ${index}, ${kind}: 64 steps ${fine.relativeError} vs 4 steps ${coarse.relativeError}`);
        tf.dispose([baseline, coarse.attributions, fine.attributions]);
      }
      test.dispose();
    }
    assert.equal(tf.memory().numTensors, start, "no tensor left behind");
    await assert.rejects(() => integratedGradients(logits, tf.zeros([1, 28, 28, 1]), tf.zeros([1, 28, 28, 1]), 0, { steps: 0 }), /积分步数必须是正整数/);
    disposeWeights(weights);
    book.dispose();
  });
});

describe("the other attribution maps", () => {
  it("have the input's shape, SmoothGrad is seeded, occlusion lowers the score where the ink is, and nothing leaks", async () => {
    const book = await referenceModel();
    const split = await testDigits();
    const weights = copyCnnWeights(book.model);
    const logits = (x: tf.Tensor4D) => cnnLogits(weights, x);
    const test = mnistTensors(split, { limit: 1 });
    const label = split.labels[0];
    const start = tf.memory().numTensors;
    const maps = [vanillaSaliency(logits, test.x, label), smoothGrad(logits, test.x, label, { samples: 8 }), smoothGrad(logits, test.x, label, { samples: 8 }), gradCam((x) => lastConvMaps(weights, x), (m) => logitsFromMaps(weights, m), test.x, label)];
    for (const map of maps) assert.deepEqual(map.shape, [1, 28, 28, 1]);
    assert.deepEqual(await maps[1].data(), await maps[2].data(), "same seed, same SmoothGrad");
    const cam = await maps[3].data();
    assert.ok(Math.max(...cam) > 0 && Math.min(...cam) >= 0, "Grad-CAM is a ReLU of a weighted sum");
    tf.dispose(maps);
    const occlusion = await occlusionMap(logits, test.x, label);
    const pixels = await test.x.data();
    const onInk = occlusion.flat().filter((_, i) => pixels[i] > 0.5);
    const offInk = occlusion.flat().filter((_, i) => pixels[i] === 0 && Math.min(i % 28, 27 - (i % 28), Math.floor(i / 28), 27 - Math.floor(i / 28)) < 3);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(mean(onInk) > mean(offInk), `occluding ink ${mean(onInk)} vs the empty border ${mean(offInk)}`);
    const stages = await cascadingRandomization(weights, test.x, (copy, x) => vanillaSaliency((input) => cnnLogits(copy, input), x, label));
    const camStages = await cascadingRandomization(weights, test.x, (copy, x) => gradCam((input) => lastConvMaps(copy, input), (m) => logitsFromMaps(copy, m), x, label));
    assert.equal(camStages[0].rankCorrelation, 1);
    assert.deepEqual(stages.map((s) => s.randomized.length), [0, 1, 2, 3, 4]);
    assert.equal(stages[0].rankCorrelation, 1);
    assert.ok(stages[4].rankCorrelation < 0.9, `fully random weights still give ρ ${stages[4].rankCorrelation}`);
    assert.equal(tf.memory().numTensors, start, "no tensor left behind");
    test.dispose();
    disposeWeights(weights);
    book.dispose();
  });
});
