// 3.6's GPT as a "gpt-char" weights bundle: the layout matches Gpt.variables; a round trip
// through the .dlmodel file keeps every weight bit for bit, the config and the character table,
// and the rebuilt model writes the same poem for the same seed; damaged or foreign bundles are
// refused in Chinese and build nothing; no tensor is left behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { decodeFile, encodeBundle, HEADER_BYTES, isWeightsBundle, type WeightsBundle } from "../../components/models/bundle.js";
import { checkBuildable } from "../../components/models/builders.js";
import { validateCard } from "../../components/models/card.js";
import { ModelFileError } from "../../components/models/errors.js";
import { gptWeightLayout, GPT_BUILDER } from "../../components/gpt/layout.js";
import { Gpt, type GptConfig } from "../../components/gpt/model.js";
import { generate } from "../../components/gpt/generate.js";
import { gptCard, gptFingerprint, packGpt, TANG_GPT_NAME, unpackGpt } from "../../components/gpt/store.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { CharVocab } from "../../components/text/vocab.js";
import { fnv1a } from "../../components/util/hash.js";

before(async () => {
  await tf.setBackend("cpu");
});

const vocab = new CharVocab([..."\n，。山水月花風雲春秋"]);
const config: GptConfig = { vocab: vocab.size, context: 12, d: 16, heads: 2, layers: 2, ffn: 32, seed: 5 };

/** A GPT with weights that are not its initial ones (one training step), packed with a card. */
async function trainedBundle(norm: "pre" | "post" = "pre"): Promise<{ model: Gpt; bundle: WeightsBundle }> {
  const model = new Gpt({ ...config, norm });
  const optimizer = tf.train.adam(0.01);
  const ids = tf.tensor2d([vocab.encode("山水月花，風雲春秋。\n月")], undefined, "int32");
  const [x, y] = [ids.slice([0, 0], [1, 10]), ids.slice([0, 1], [1, 10])] as tf.Tensor2D[];
  await model.trainStep(optimizer, x, y);
  tf.dispose([ids, x, y]);
  optimizer.dispose();
  const draft = gptCard(model, { trainingWindows: 11, testPerplexity: 9.87, testCharacters: 20, steps: 1, backend: "cpu", trainingSeconds: 0.1, measuredBy: "单元测试" });
  const bundle = await packGpt(model, vocab, validateCard({ ...draft, version: 1, createdAt: "2026-12-05T00:00:00.000Z" }));
  return { model, bundle };
}

const refused = (run: () => unknown, message: RegExp) => assert.throws(run, (e: Error) => e instanceof ModelFileError && message.test(e.message), message.source);

describe("gpt-char weights bundle", () => {
  it("lays the weights out in the order and shapes of Gpt.variables (pre- and post-LN)", () => {
    for (const norm of ["pre", "post"] as const) {
      const model = new Gpt({ ...config, norm });
      const layout = gptWeightLayout(model.config);
      assert.deepEqual(layout.map((w) => w.shape), model.variables.map((v) => v.shape));
      assert.equal(new Set(layout.map((w) => w.name)).size, layout.length);
      model.dispose();
    }
  });

  it("round-trips through a .dlmodel file: every weight bit-identical, config and vocabulary equal, same logits and the same poem", async () => {
    const start = tf.memory().numTensors;
    const { model, bundle } = await trainedBundle();
    const file = encodeBundle(bundle);
    assert.equal(file[4], 2, "weights bundles are format version 2");
    const back = decodeFile(file);
    assert.ok(isWeightsBundle(back));
    assert.deepEqual(back.config, { ...config, norm: "pre" });
    assert.deepEqual(back.vocabulary, vocab.tokens);
    assert.equal(back.builder, GPT_BUILDER);
    assert.equal(back.card.name, TANG_GPT_NAME);
    assert.equal(back.card.metrics.testPerplexity, 9.87);
    assert.equal(back.card.trainingSteps, 1);
    assert.deepEqual(encodeBundle(back), file, "decode → encode gives the same bytes");
    const { model: rebuilt, vocab: rebuiltVocab } = unpackGpt(back);
    assert.deepEqual(rebuiltVocab.tokens, vocab.tokens);
    assert.deepEqual(rebuilt.config, model.config);
    for (const [i, v] of model.variables.entries()) {
      const [a, b] = [await v.data(), await rebuilt.variables[i].data()];
      assert.deepEqual(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), new Uint8Array(a.buffer, a.byteOffset, a.byteLength), `weight ${i} bit-identical`);
    }
    const ids = vocab.encode("山水月花，風");
    assert.equal(await gptFingerprint(rebuilt, ids), await gptFingerprint(model, ids));
    const write = (m: Gpt) => generate(m, vocab, "春", { temperature: 0.8, topK: 5, topP: 0.9, useCache: true, random: seededRandom(2), maxNew: 8, stopAtNewline: false });
    assert.equal((await write(rebuilt)).text, (await write(model)).text);
    model.dispose();
    rebuilt.dispose();
    assert.equal(tf.memory().numTensors, start, "save, load and dispose leave no tensor");
  });

  it("keeps a post-LN GPT (no final norm in the file) working after a round trip", async () => {
    const { model, bundle } = await trainedBundle("post");
    assert.ok(!bundle.weightSpecs.some((s) => s.name.startsWith("final_norm")));
    const { model: rebuilt } = unpackGpt(decodeFile(encodeBundle(bundle)) as WeightsBundle);
    const ids = vocab.encode("風雲");
    assert.equal(await gptFingerprint(rebuilt, ids), await gptFingerprint(model, ids));
    model.dispose();
    rebuilt.dispose();
  });

  it("refuses damaged and foreign bundles in Chinese and builds nothing", async () => {
    const { model, bundle } = await trainedBundle();
    model.dispose();
    const file = encodeBundle(bundle);
    const flipped = file.slice();
    flipped[file.length - 10] ^= 0x01;
    refused(() => decodeFile(flipped), /校验和不符/);
    refused(() => decodeFile(file.subarray(0, file.length - 4)), /文件被截断/);
    const start = tf.memory().numTensors;
    const edit = (change: Partial<WeightsBundle>) => ({ ...bundle, ...change });
    refused(() => unpackGpt(edit({ builder: "rnn-char" })), /本页只能重建字符级 GPT（gpt-char），这个模型的构建方式是“rnn-char”/);
    refused(() => checkBuildable(edit({ builder: "rnn-char" })), /本书不会重建“rnn-char”这种权重包（认识的有：gpt-char/);
    refused(() => unpackGpt(edit({ config: { ...bundle.config, d: 17 } })), /d = 17 不能被头数 2 整除/);
    refused(() => unpackGpt(edit({ config: { ...bundle.config, layers: 0 } })), /“layers”应为 1–1024 的整数/);
    refused(() => unpackGpt(edit({ config: { ...bundle.config, ffn: 64 } })), /权重“block1\/ffn\/w1”的形状是 16×32，模型结构要求 16×64/);
    refused(() => unpackGpt(edit({ vocabulary: bundle.vocabulary!.slice(1) })), /字表应有 15 个符号，文件里有 14 个/);
    refused(() => unpackGpt(edit({ weightSpecs: bundle.weightSpecs.map((s, i) => (i === 3 ? { ...s, name: "x" } : s)) })), /第 4 个权重应是“block1\/attention\/wk”，文件里是“x”/);
    assert.equal(tf.memory().numTensors, start, "a refused bundle builds no tensor");
  });

  it("refuses a bundle whose card and manifest disagree, or whose JSON lacks the builder", async () => {
    const { model, bundle } = await trainedBundle();
    model.dispose();
    const file = encodeBundle(bundle);
    const view = new DataView(file.buffer, file.byteOffset);
    const jsonLength = view.getUint32(8, true);
    const rewrite = (edit: (json: Record<string, unknown>) => void) => {
      const json = JSON.parse(new TextDecoder().decode(file.subarray(HEADER_BYTES, HEADER_BYTES + jsonLength)));
      edit(json);
      const text = new TextEncoder().encode(JSON.stringify(json));
      const weights = file.subarray(HEADER_BYTES + jsonLength);
      const out = new Uint8Array(HEADER_BYTES + text.length + weights.length);
      out.set(file.subarray(0, HEADER_BYTES));
      out.set(text, HEADER_BYTES);
      out.set(weights, HEADER_BYTES + text.length);
      new DataView(out.buffer).setUint32(8, text.length, true);
      new DataView(out.buffer).setUint32(16, fnv1a(out.subarray(HEADER_BYTES)), true);
      return out;
    };
    refused(() => decodeFile(rewrite((j) => ((j.card as { parameters: number }).parameters += 1))), /模型卡写的参数量是/);
    refused(() => decodeFile(rewrite((j) => delete j.builder)), /缺少合法的构建方式/);
    refused(() => decodeFile(rewrite((j) => (j.vocabulary = [1, 2]))), /词表（vocabulary）应为文字列表/);
    refused(() => decodeFile(rewrite((j) => (j.kind = "onnx"))), /模型种类“onnx”不受支持/);
    refused(() => decodeFile(rewrite((j) => ((j.card as { metrics: { testPerplexity: number } }).metrics.testPerplexity = 0.5))), /“测试困惑度”不是合法的数/);
  });
});
