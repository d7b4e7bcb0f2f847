// 5.2's memory formulas: the parameter count equals countParams() of real tfjs models built
// with the same shape (the book's 3.5 TinyTransformer and a tf.layers model), the presets give
// the published totals, and the byte counts follow the 16-bytes-per-parameter rule and ZeRO.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { TinyTransformer } from "../../components/nn/transformer.js";
import { buildLayersTransformer } from "../../components/memory/layers-transformer.js";
import { MEMORY_PRESETS, tinyTransformerShape } from "../../components/memory/presets.js";
import { blockActivationBytes, memoryReport, modelStateBytes, parameterCount, type TransformerShape } from "../../components/memory/transformer-memory.js";

before(async () => {
  await tf.setBackend("cpu");
});

const preset = (name: string) => MEMORY_PRESETS.find((p) => p.name === name)!;

describe("parameterCount", () => {
  it("equals TinyTransformer.countParams() for several configurations", () => {
    for (const config of [
      { vocab: 10, length: 8, d: 32, heads: 2, layers: 2, ffn: 64 },
      { vocab: 37, length: 5, d: 12, heads: 3, layers: 1, ffn: 20 },
      { vocab: 100, length: 16, d: 16, heads: 4, layers: 3, ffn: 48 }
    ]) {
      const before = tf.memory().numTensors;
      const model = new TinyTransformer(config);
      assert.equal(parameterCount(tinyTransformerShape(config)), model.countParams(), JSON.stringify(config));
      model.dispose();
      assert.equal(tf.memory().numTensors, before);
    }
  });

  it("equals countParams() of tf.layers models with biases, learned positions and a final norm", () => {
    const base: TransformerShape = { layers: 2, dModel: 16, heads: 2, vocab: 50, ffn: 64, maxLength: 12, positions: "learned", attentionBias: true, feedForward: "mlp", norm: "layernorm", finalNorm: true, tiedEmbeddings: false, outputBias: true };
    for (const shape of [base, { ...base, positions: "fixed", attentionBias: false, finalNorm: false } as TransformerShape, { ...base, layers: 3, dModel: 8, ffn: 24, outputBias: false }, { ...base, layers: 1, vocab: 7, maxLength: 30 }]) {
      const before = tf.memory().numTensors;
      const model = buildLayersTransformer(shape);
      assert.equal(parameterCount(shape), model.countParams(), JSON.stringify(shape));
      model.dispose();
      assert.equal(tf.memory().numTensors, before);
    }
  });

  it("gives the published totals of the presets", () => {
    assert.equal(parameterCount(preset("LLaMA-7B").shape), 6_738_415_616);
    assert.equal(parameterCount(preset("GPT-2 1.5B").shape), 1_557_611_200);
    // BERT-base without pooler (590,592) and segment table (1,536): 109,482,240 − 592,128.
    assert.equal(parameterCount(preset("BERT-base").shape), 109_482_240 - 590_592 - 1_536);
    const gpt3 = parameterCount(preset("GPT-3 175B").shape);
    assert.ok(Math.abs(gpt3 - 175e9) / 175e9 < 0.01, String(gpt3));
  });
});

describe("memoryReport", () => {
  it("costs 16 bytes per parameter with Adam in fp32 and in mixed precision: 7B → 112 GB", () => {
    const llama = preset("LLaMA-7B");
    for (const precision of ["fp32", "mixed"] as const) {
      const report = memoryReport(llama.shape, { ...llama.setup, precision });
      assert.equal(report.modelStates, 16 * report.parameters);
    }
    assert.equal(modelStateBytes(7e9, "mixed", 0, 1).total, 112e9);
  });

  it("splits model states over N GPUs by ZeRO stage", () => {
    const n = 8;
    const [z0, z1, z2, z3] = ([0, 1, 2, 3] as const).map((stage) => modelStateBytes(1000, "mixed", stage, n).total);
    assert.equal(z0, 16_000);
    assert.equal(z1, 4000 + 12_000 / n);
    assert.equal(z2, 2000 + 14_000 / n);
    assert.equal(z3, 16_000 / n);
  });

  it("counts activations as s·b·d·(34 + 5as/d) bytes per block in 16 bits, and recomputation saves most of them", () => {
    const shape = { ...preset("GPT-2 1.5B").shape };
    const setup = { sequence: 1024, batch: 8, microBatches: 2, precision: "mixed" as const, dropout: true, gpus: 1 };
    const [s, b, d, a] = [1024, 4, 1600, 25];
    assert.equal(blockActivationBytes(shape, setup), s * b * d * (34 + (5 * a * s) / d));
    const report = memoryReport(shape, setup);
    assert.ok(report.activationsRecomputed < report.activations / 10);
    assert.equal(memoryReport(shape, { ...setup, microBatches: 1 }).activations, 2 * report.activations);
  });
});
