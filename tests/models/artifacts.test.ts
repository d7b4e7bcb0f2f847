// tfjs ↔ store: a packaged model rebuilt from its bytes predicts bit for bit the same, and
// weights that do not fit the layers are named in the error.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { describeArchitecture, unpackModel } from "../../components/models/artifacts.js";
import { decodeBundle, encodeBundle, type ModelPackage } from "../../components/models/bundle.js";
import { ModelFileError } from "../../components/models/errors.js";
import { buildCnn } from "../../components/nn/cnn.js";
import { samplePackage } from "./sample.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("packageModel / unpackModel", () => {
  it("rebuilds a model whose predictions are bit-identical, through the file format too; no leak", async () => {
    const start = tf.memory().numTensors;
    const { model, pkg } = await samplePackage();
    const loaded = await unpackModel(decodeBundle(encodeBundle(pkg)));
    const x = tf.randomUniform([16, 28, 28, 1], 0, 1, "float32", 3);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    assert.deepEqual(await b.data(), await a.data());
    for (const [i, w] of model.getWeights().entries()) assert.deepEqual(await loaded.getWeights()[i].data(), await w.data());
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it("names a weight whose shape does not fit its layer, and leaks nothing", async () => {
    const { model, pkg } = await samplePackage();
    model.dispose();
    const start = tf.memory().numTensors;
    // Same number of values, transposed shape: the bytes add up, the layer does not.
    const specs = pkg.artifacts.weightSpecs.map((s) => (s.name === "conv1/kernel" ? { ...s, shape: [3, 3, 8, 1] } : s));
    const swapped: ModelPackage = { ...pkg, artifacts: { ...pkg.artifacts, weightSpecs: specs } };
    await assert.rejects(unpackModel(swapped), (error: Error) => error instanceof ModelFileError && /权重“conv1\/kernel”的形状是 3×3×8×1，模型结构要求 3×3×1×8/.test(error.message));
    const missing: ModelPackage = { ...pkg, artifacts: { ...pkg.artifacts, weightSpecs: pkg.artifacts.weightSpecs.filter((s) => s.name !== "output/bias") } };
    await assert.rejects(unpackModel(missing), /缺少层需要的“output\/bias”/);
    const extra: ModelPackage = { ...pkg, artifacts: { ...pkg.artifacts, weightSpecs: [...pkg.artifacts.weightSpecs, { name: "ghost", shape: [0], dtype: "float32" }] } };
    await assert.rejects(unpackModel(extra), /不存在的权重：ghost/);
    const nonsense: ModelPackage = { ...pkg, artifacts: { ...pkg.artifacts, modelTopology: { class_name: "Nonsense", config: {} } } };
    await assert.rejects(unpackModel(nonsense), /模型结构无法还原/);
    assert.equal(tf.memory().numTensors, start);
  });
});

describe("describeArchitecture", () => {
  it("lists the 3.2 CNN's layers in one line", () => {
    const model = buildCnn();
    assert.equal(describeArchitecture(model), "Conv2D 32×3×3 relu → MaxPooling2D 2×2 → Conv2D 64×3×3 relu → MaxPooling2D 2×2 → Flatten → Dense 128 relu → Dense 10 softmax");
    model.dispose();
  });
});
