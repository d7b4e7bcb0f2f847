// The parameter formulas of 第2章 against the book's real tfjs models and against the
// published totals of BERT and GPT-2 (Hugging Face's counts of the released checkpoints:
// bert-base-uncased 109,482,240, bert-large-uncased 335,141,888, gpt2 124,439,808).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildCnn, SEED_CNN, SMALL_CNN } from "../../components/nn/cnn.js";
import { TinyTransformer } from "../../components/nn/transformer.js";
import { BERT_BASE, BERT_LARGE, bertParamRows, cnnParamRows, GPT2_SMALL, gpt2ParamRows, tinyTransformerParamRows, total, transformerLayerParams } from "../../components/nn/param-formulas.js";

describe("parameter formulas", () => {
  it("count the book's CNN exactly as tfjs does, at both sizes", () => {
    for (const config of [SEED_CNN, SMALL_CNN]) {
      const model = buildCnn(config);
      const rows = cnnParamRows(config);
      assert.equal(total(rows), model.countParams());
      for (const row of rows) assert.equal(row.params, model.getLayer(row.part).countParams(), row.part);
      model.dispose();
    }
    assert.equal(total(cnnParamRows(SEED_CNN)), 225_034);
  });
  it("count the book's TinyTransformer exactly as its countParams()", () => {
    const config = { vocab: 10, length: 8, d: 32, heads: 2, layers: 2, ffn: 64 };
    const model = new TinyTransformer(config);
    assert.equal(total(tinyTransformerParamRows(config)), model.countParams());
    tf.dispose(model.variables);
    model.positions.dispose();
  });
  it("give the published totals of BERT-base, BERT-large and GPT-2 small", () => {
    assert.equal(total(bertParamRows(BERT_BASE)), 109_482_240);
    assert.equal(total(bertParamRows(BERT_LARGE)), 335_141_888);
    assert.equal(total(gpt2ParamRows(GPT2_SMALL)), 124_439_808);
    // The papers round: "110M" for BERT-base, "340M" for BERT-large.
    assert.ok(Math.abs(total(bertParamRows(BERT_BASE)) / 110e6 - 1) < 0.01);
    assert.ok(Math.abs(total(bertParamRows(BERT_LARGE)) / 340e6 - 1) < 0.02);
  });
  it("reduce to 12d² + 13d per layer when ffn = 4d", () => {
    for (const d of [64, 768, 12288]) assert.equal(transformerLayerParams({ d, ffn: 4 * d, attentionBias: true }), 12 * d * d + 13 * d);
  });
});
