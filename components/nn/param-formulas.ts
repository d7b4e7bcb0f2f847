// Counting parameters by formula (第2章 "什么是大模型"): dense, convolution, embedding,
// LayerNorm and Transformer layers, assembled into the book's own models (3.2 CNN, 3.5
// TinyTransformer, whose countParams() the page sets beside these) and into the published
// BERT and GPT-2 configurations, whose totals tests/nn/param-formulas.test.ts checks.

/** A layer's share of a model: its name, the formula as text and the count. */
export interface ParamRow {
  part: string;
  formula: string;
  params: number;
}

export const denseParams = (inputs: number, outputs: number, bias = true) => inputs * outputs + (bias ? outputs : 0);
export const conv2dParams = (inChannels: number, outChannels: number, kernel: number, bias = true) => outChannels * (inChannels * kernel * kernel + (bias ? 1 : 0));
export const embeddingParams = (vocab: number, d: number) => vocab * d;
/** γ and β. */
export const layerNormParams = (d: number) => 2 * d;

export interface LayerShape {
  d: number;
  ffn: number;
  /** Whether the Q, K, V and output projections have biases (BERT and GPT-2 do, the book's TinyTransformer does not). */
  attentionBias: boolean;
}

/** One Transformer layer: four d×d projections, two feed-forward matrices, two LayerNorms.
 * With biases and ffn = 4d this is 12d² + 13d ≈ 12d². */
export function transformerLayerParams({ d, ffn, attentionBias }: LayerShape): number {
  return 4 * denseParams(d, d, attentionBias) + denseParams(d, ffn) + denseParams(ffn, d) + 2 * layerNormParams(d);
}

export const total = (rows: ParamRow[]) => rows.reduce((sum, row) => sum + row.params, 0);

/** The 3.2 CNN (components/nn/cnn.ts): 28×28×1 → conv 3×3 → pool → conv 3×3 → pool → dense → 10. */
export function cnnParamRows({ filters = [32, 64] as [number, number], dense = 128 } = {}): ParamRow[] {
  const [f1, f2] = filters;
  const flat = 5 * 5 * f2; // 28 → 26 → 13 → 11 → 5
  return [
    { part: "conv1", formula: `${f1}×(1×3×3+1)`, params: conv2dParams(1, f1, 3) },
    { part: "conv2", formula: `${f2}×(${f1}×3×3+1)`, params: conv2dParams(f1, f2, 3) },
    { part: "dense1", formula: `${flat}×${dense}+${dense}`, params: denseParams(flat, dense) },
    { part: "output", formula: `${dense}×10+10`, params: denseParams(dense, 10) }
  ];
}

/** The 3.5 TinyTransformer (components/nn/transformer.ts): learned token embedding,
 * sinusoidal positions (no parameters), L blocks without attention biases, a linear read-out. */
export function tinyTransformerParamRows({ vocab, d, layers, ffn }: { vocab: number; d: number; layers: number; ffn: number }): ParamRow[] {
  return [
    { part: "词嵌入", formula: `${vocab}×${d}`, params: embeddingParams(vocab, d) },
    { part: `${layers} 个编码器层`, formula: `${layers}×(4×${d}² + 2×${d}×${ffn}+${ffn}+${d} + 4×${d})`, params: layers * transformerLayerParams({ d, ffn, attentionBias: false }) },
    { part: "输出层", formula: `${d}×${vocab}+${vocab}`, params: denseParams(d, vocab) }
  ];
}

export interface EncoderConfig {
  vocab: number;
  positions: number;
  segments: number;
  d: number;
  layers: number;
  ffn: number;
}

/** BERT-base as published by Devlin et al. (2019): L = 12, H = 768, A = 12, "110M". */
export const BERT_BASE: EncoderConfig = { vocab: 30522, positions: 512, segments: 2, d: 768, layers: 12, ffn: 3072 };
export const BERT_LARGE: EncoderConfig = { vocab: 30522, positions: 512, segments: 2, d: 1024, layers: 24, ffn: 4096 };

/** BERT's encoder with its pooler (the [CLS] dense layer), without the pre-training heads. */
export function bertParamRows({ vocab, positions, segments, d, layers, ffn }: EncoderConfig): ParamRow[] {
  return [
    { part: "词、位置、句段嵌入 + LayerNorm", formula: `(${vocab}+${positions}+${segments})×${d} + 2×${d}`, params: embeddingParams(vocab + positions + segments, d) + layerNormParams(d) },
    { part: `${layers} 个编码器层`, formula: `${layers}×(12×${d}² + 13×${d})`, params: layers * transformerLayerParams({ d, ffn, attentionBias: true }) },
    { part: "池化层 [CLS]", formula: `${d}×${d}+${d}`, params: denseParams(d, d) }
  ];
}

export interface DecoderConfig {
  vocab: number;
  positions: number;
  d: number;
  layers: number;
  ffn: number;
}

/** GPT-2 small (Radford et al. 2019): 12 layers, d = 768, context 1024; the output layer
 * reuses the token embedding (weight tying), so it adds nothing. */
export const GPT2_SMALL: DecoderConfig = { vocab: 50257, positions: 1024, d: 768, layers: 12, ffn: 3072 };

export function gpt2ParamRows({ vocab, positions, d, layers, ffn }: DecoderConfig): ParamRow[] {
  return [
    { part: "词与位置嵌入", formula: `(${vocab}+${positions})×${d}`, params: embeddingParams(vocab + positions, d) },
    { part: `${layers} 个解码器层`, formula: `${layers}×(12×${d}² + 13×${d})`, params: layers * transformerLayerParams({ d, ffn, attentionBias: true }) },
    { part: "最后的 LayerNorm", formula: `2×${d}`, params: layerNormParams(d) }
  ];
}
