// 3.6's GPT: shapes, causality, the KV cache (identical logits to running the whole sequence),
// generation with and without the cache writing the same text, bad prompts, stopping, and no
// leaked tensors.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { Gpt, disposeCache } from "../../components/gpt/model.js";
import { checkPrompt, generate } from "../../components/gpt/generate.js";
import { CharVocab } from "../../components/text/vocab.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { lmWindows } from "../../components/gpt/windows.js";

before(async () => {
  await tf.setBackend("cpu");
});

const vocab = new CharVocab([..."\n，。山水月花風雲春秋"]);
const text = "山水月花，風雲春秋。\n月花山水，春秋風雲。\n".repeat(4);

for (const norm of ["pre", "post"] as const)
  describe(`Gpt (${norm}-LN)`, () => {
    it("gives logits [b, T, V]; position t does not depend on later characters", async () => {
      const model = new Gpt({ vocab: vocab.size, context: 12, d: 16, heads: 2, layers: 2, ffn: 32, norm, seed: 3 });
      const before = tf.memory().numTensors;
      const a = tf.tensor2d([vocab.encode("山水月花，風")], undefined, "int32");
      const b = tf.tensor2d([vocab.encode("山水月雲春秋")], undefined, "int32");
      const [la, lb] = [model.forward(a), model.forward(b)];
      assert.deepEqual(la.logits.shape, [1, 6, vocab.size]);
      assert.deepEqual(la.attentions[0].shape, [1, 2, 6, 6]);
      const [da, db] = [await la.logits.data(), await lb.logits.data()];
      for (let i = 0; i < 3 * vocab.size; i++) assert.ok(Math.abs(da[i] - db[i]) < 1e-6, "first 3 positions equal");
      assert.ok(Math.abs(da[3 * vocab.size] - db[3 * vocab.size]) > 1e-6, "position 4 differs");
      const weights = await la.attentions[1].data();
      assert.equal(weights[1], 0, "position 1 gives position 2 no weight");
      for (const o of [la, lb]) tf.dispose([o.logits, ...o.attentions, ...o.presents.flatMap((p) => [p.k, p.v])]);
      tf.dispose([a, b]);
      assert.equal(tf.memory().numTensors, before);
      model.dispose();
    });

    it("with the KV cache gives the same logits as the whole sequence", async () => {
      const model = new Gpt({ vocab: vocab.size, context: 12, d: 16, heads: 4, layers: 2, ffn: 32, norm, seed: 4 });
      const ids = vocab.encode("山水月花，風雲春");
      const full = model.forward(tf.tensor2d([ids], undefined, "int32"));
      const expected = await full.logits.data();
      let prefill = model.forward(tf.tensor2d([ids.slice(0, 3)], undefined, "int32"));
      const got: number[] = Array.from(await prefill.logits.data());
      let cache = prefill.presents;
      for (let t = 3; t < ids.length; t++) {
        const step = model.forward(tf.tensor2d([[ids[t]]], undefined, "int32"), cache);
        assert.deepEqual(step.logits.shape, [1, 1, vocab.size]);
        assert.deepEqual(step.attentions[0].shape, [1, 4, 1, t + 1]);
        got.push(...(await step.logits.data()));
        disposeCache(cache);
        cache = step.presents;
      }
      assert.equal(got.length, expected.length);
      const diff = Math.max(...got.map((v, i) => Math.abs(v - expected[i])));
      assert.ok(diff < 1e-5, `max difference ${diff}`);
      disposeCache(cache);
      model.dispose();
    });
  });

describe("generate", () => {
  it("writes the same text with and without the cache, from identical logits, and frees every tensor", async () => {
    const model = new Gpt({ vocab: vocab.size, context: 16, d: 16, heads: 2, layers: 2, ffn: 32, seed: 5 });
    const optimizer = tf.train.adam(0.02); // a few steps, so the distribution is not uniform
    const { inputs, targets } = lmWindows(vocab.encode(text), 12, 12);
    for (let i = 0; i < 3; i++) await model.trainStep(optimizer, inputs, targets);
    tf.dispose([inputs, targets]);
    optimizer.dispose();
    const before = tf.memory().numTensors;
    const options = { temperature: 0.8, topK: 5, topP: 0.95, stopAtNewline: false };
    const cached = await generate(model, vocab, "山水", { ...options, useCache: true, random: seededRandom(9) }, true);
    const plain = await generate(model, vocab, "山水", { ...options, useCache: false, random: seededRandom(9) }, true);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(cached.ids.length, 16, "fills the context");
    assert.equal(cached.text, plain.text);
    cached.steps.forEach((row, s) => row.forEach((v, i) => assert.ok(Math.abs(v - plain.steps[s][i]) < 1e-4, `step ${s} logit ${i}`)));
    model.dispose();
  });

  it("stops when asked, frees its tensors, and rejects bad prompts and settings", async () => {
    const model = new Gpt({ vocab: vocab.size, context: 16, d: 8, heads: 2, layers: 1, ffn: 16, seed: 6 });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let calls = 0;
    const random = () => {
      if (++calls === 3) controller.abort();
      return 0.5;
    };
    const out = await generate(model, vocab, "山", { temperature: 1, useCache: true, random, signal: controller.signal, stopAtNewline: false });
    assert.equal(out.ids.length, 4, "three characters, then stopped");
    assert.equal(tf.memory().numTensors, before);
    assert.match(checkPrompt("", vocab, 16)!, /至少一个字/);
    assert.match(checkPrompt("山".repeat(16), vocab, 16)!, /最多 15 个字/);
    assert.match(checkPrompt("山风水x", vocab, 16)!, /字表里没有：「风」、「x」/);
    assert.equal(checkPrompt("山水", vocab, 16), null);
    await assert.rejects(generate(model, vocab, "", { temperature: 1, useCache: true, random }), /至少一个字/);
    await assert.rejects(generate(model, vocab, "山", { temperature: 0, useCache: true, random }), /温度/);
    await assert.rejects(generate(model, vocab, "山", { temperature: 1, topP: 1.5, useCache: true, random }), /top-p/);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });
});
