// LoRA's invariants (components/finetune/lora.ts): the adapter's parameter count is r(m+n),
// B = 0 makes the adapted network compute exactly what the base does, training leaves every
// base weight bit-identical, bad ranks are refused in Chinese, and nothing leaks.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { checkRank, createAdapter, LoraModel, loraParamCount } from "../../components/finetune/lora.js";
import { buildTaskCnn } from "../../components/finetune/transfer.js";

before(async () => {
  await tf.setBackend("cpu");
});

const small = { filters: [4, 8] as [number, number], dense: 16 };
const snapshot = async (model: tf.LayersModel) => Promise.all(model.layers.flatMap((l) => l.getWeights()).map(async (w) => Float32Array.from(await w.data())));

describe("loraParamCount and checkRank", () => {
  it("counts r·(m + n) and refuses ranks outside 1…min(m, n)", () => {
    assert.equal(loraParamCount(1600, 128, 4), 4 * 1728);
    assert.equal(loraParamCount(3, 5, 1), 8);
    assert.doesNotThrow(() => checkRank(3, 3, 5));
    for (const bad of [0, 4, -1, 1.5, Number.NaN]) assert.throws(() => checkRank(bad, 3, 5), /秩 r 必须是 1 到 3（= min\(3, 5\)）之间的整数/);
  });
  it("starts with B = 0 and A of the asked shape", async () => {
    const adapter = createAdapter(6, 4, 2, { seed: 3 });
    assert.deepEqual(adapter.a.shape, [6, 2]);
    assert.deepEqual(Array.from(await adapter.b.data()), new Array(8).fill(0));
    assert.equal(adapter.a.size + adapter.b.size, loraParamCount(6, 4, 2));
    tf.dispose([adapter.a, adapter.b]);
  });
});

describe("LoraModel", () => {
  it("equals the base network while B = 0 (head kept)", async () => {
    const base = buildTaskCnn({ ...small, classes: 5, seed: 2 });
    const x = tf.randomUniform([6, 28, 28, 1], 0, 1, "float32", 5);
    const start = tf.memory().numTensors;
    const lora = new LoraModel(base, { rank: 2, layers: ["dense1"], seed: 4 });
    const f = lora.features(x);
    const adapted = await lora.predict(f).data();
    const expected = await (base.predict(x) as tf.Tensor).data();
    assert.deepEqual(Array.from(adapted), Array.from(expected));
    assert.equal(lora.trainableCount, loraParamCount(200, 16, 2));
    f.dispose();
    lora.dispose();
    assert.equal(tf.memory().numTensors, start + 2, "only the two predictions' results remain");
    tf.dispose([x]);
    base.dispose();
  });

  it("trains adapters and a new head; every base weight stays bit-identical; no leak", async () => {
    const base = buildTaskCnn({ ...small, classes: 5, seed: 2 });
    const before = await snapshot(base);
    const x = tf.randomUniform([40, 28, 28, 1], 0, 1, "float32", 7);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, (_, i) => i % 3), "int32"), 3).toFloat() as tf.Tensor2D;
    const start = tf.memory().numTensors;
    const lora = new LoraModel(base, { rank: 4, layers: ["dense1"], newHeadClasses: 3, seed: 1 });
    assert.equal(lora.trainableCount, loraParamCount(200, 16, 4) + 16 * 3 + 3);
    const f = lora.features(x);
    const history = await lora.train(f, y, { lr: 0.01, batchSize: 8, epochs: 6, seed: 1 });
    const losses = history.batches.map((b) => b.loss);
    assert.ok(losses.at(-1)! < losses[0], `loss ${losses[0]} → ${losses.at(-1)}`);
    const b = await lora.adapters.get("dense1")!.b.data();
    assert.ok(b.some((v) => v !== 0), "B moved away from zero");
    const after = await snapshot(base);
    assert.equal(after.length, before.length);
    after.forEach((w, i) => assert.deepEqual(w, before[i], `base weight ${i} unchanged`));
    f.dispose();
    lora.dispose();
    assert.equal(tf.memory().numTensors, start);
    tf.dispose([x, y]);
    base.dispose();
  });

  it("refuses a rank above min(m, n) before making anything", () => {
    const base = buildTaskCnn({ ...small, classes: 5, seed: 2 });
    const start = tf.memory().numTensors;
    assert.throws(() => new LoraModel(base, { rank: 17, layers: ["dense1"] }), /秩 r 必须是 1 到 16/);
    assert.throws(() => new LoraModel(base, { rank: 0, layers: ["dense1"] }), /秩 r/);
    assert.throws(() => new LoraModel(base, { rank: 2, layers: [] }), /至少要给一个全连接层/);
    assert.equal(tf.memory().numTensors, start);
    base.dispose();
  });
});
