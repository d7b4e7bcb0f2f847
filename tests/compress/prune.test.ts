import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildCnn } from "../../components/nn/cnn.js";
import { copyCnnWeights, parameterCount, readCnnWeights, type CnnWeights } from "../../components/compress/cnn-weights.js";
import { predictLogits } from "../../components/compress/evaluate.js";
import { applyMasks, magnitudeMasks, pruneChannels, selectAlong, sparsityByLayer, strongestChannels } from "../../components/compress/prune.js";
import { trainWeights } from "../../components/compress/train-weights.js";

let w: CnnWeights;
before(async () => {
  await tf.setBackend("cpu");
  const model = buildCnn({ filters: [4, 6], dense: 10, seed: 5 });
  w = await readCnnWeights(model);
  model.dispose();
});

describe("magnitudeMasks", () => {
  for (const sparsity of [0, 0.3, 0.5, 0.9, 0.95]) {
    it(`reaches exactly ${sparsity * 100}% zeros, per layer and globally`, () => {
      const perLayer = sparsityByLayer(applyMasks(w, magnitudeMasks(w, sparsity, "per-layer")));
      for (const { zeros, total } of perLayer) assert.equal(zeros, Math.round(sparsity * total));
      const global = sparsityByLayer(applyMasks(w, magnitudeMasks(w, sparsity, "global")));
      const total = global.reduce((s, l) => s + l.total, 0);
      assert.equal(global.reduce((s, l) => s + l.zeros, 0), Math.round(sparsity * total));
    });
  }

  it("removes the smallest weights: every kept |w| ≥ every removed one (globally)", () => {
    const masks = magnitudeMasks(w, 0.6, "global");
    const kernels = [w.conv1.kernel, w.conv2.kernel, w.dense1.kernel, w.output.kernel];
    const kernelMasks = masks.filter((m) => m !== null);
    let keptMin = Infinity;
    let removedMax = 0;
    kernels.forEach((k, l) => k.values.forEach((v, i) => (kernelMasks[l][i] ? (keptMin = Math.min(keptMin, Math.abs(v))) : (removedMax = Math.max(removedMax, Math.abs(v))))));
    assert.ok(keptMin >= removedMax);
  });

  it("rejects sparsity < 0 or ≥ 100% in Chinese", () => {
    for (const s of [-0.1, 1, 1.5, NaN]) assert.throws(() => magnitudeMasks(w, s, "global"), /稀疏度/);
    assert.throws(() => pruneChannels(w, 1), /稀疏度/);
  });
});

describe("pruneChannels", () => {
  it("computes what the full network computes with those channels zeroed", async () => {
    const fraction = 0.5;
    const pruned = pruneChannels(w, fraction);
    assert.deepEqual(pruned.conv1.kernel.shape, [3, 3, 1, 2]);
    assert.deepEqual(pruned.conv2.kernel.shape, [3, 3, 2, 3]);
    assert.deepEqual(pruned.dense1.kernel.shape, [75, 5]);
    assert.deepEqual(pruned.output.kernel.shape, [5, 10]);
    assert.ok(parameterCount(pruned) < parameterCount(w) / 3);
    // Zero the removed channels in a full-size copy.
    const zeroed = copyCnnWeights(w);
    const zeroChannels = (weights: { values: Float32Array; shape: number[] }[], keep: number[]) => {
      for (const weight of weights) {
        const c = weight.shape[weight.shape.length - 1];
        weight.values.forEach((_, i) => !keep.includes(i % c) && (weight.values[i] = 0));
      }
    };
    zeroChannels([zeroed.conv1.kernel, zeroed.conv1.bias], strongestChannels(w.conv1.kernel, 2));
    zeroChannels([zeroed.conv2.kernel, zeroed.conv2.bias], strongestChannels(w.conv2.kernel, 3));
    zeroChannels([zeroed.dense1.kernel, zeroed.dense1.bias], strongestChannels(w.dense1.kernel, 5));
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, "float32", 1) as tf.Tensor4D;
    const a = await predictLogits(zeroed, x);
    const b = await predictLogits(pruned, x);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-4, `${v} vs ${b[i]}`));
    x.dispose();
  });

  it("selectAlong picks slices of any axis", () => {
    const m = { values: Float32Array.from([0, 1, 2, 3, 4, 5]), shape: [2, 3] };
    assert.deepEqual([...selectAlong(m, 1, [0, 2]).values], [0, 2, 3, 5]);
    assert.deepEqual([...selectAlong(m, 0, [1]).values], [3, 4, 5]);
  });
});

describe("trainWeights with masks", () => {
  it("keeps pruned weights at exactly zero, lowers the loss, leaves the input copy alone and no tensors behind", async () => {
    const start = tf.memory().numTensors;
    const masks = magnitudeMasks(w, 0.7, "per-layer");
    const sparse = applyMasks(w, masks);
    const before = copyCnnWeights(sparse);
    const x = tf.randomUniform([20, 28, 28, 1], 0, 1, "float32", 3) as tf.Tensor4D;
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 20 }, (_, i) => i % 10), "int32"), 10).toFloat() as tf.Tensor2D);
    const { weights, history } = await trainWeights(sparse, x, y, { epochs: 5, batchSize: 10, learningRate: 0.01, masks });
    assert.ok(history.batches.at(-1)!.loss < history.batches[0].loss);
    assert.deepEqual(sparsityByLayer(weights), sparsityByLayer(sparse));
    assert.deepEqual(sparse, before);
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, start);
  });
});
