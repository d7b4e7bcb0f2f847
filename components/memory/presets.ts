// Published model shapes for 5.2's calculator. The parameter counts they give are checked in
// tests/memory/transformer-memory.test.ts against the published totals: LLaMA-7B and GPT-2 XL
// exactly, BERT-base without its pooler and segment table, GPT-3 to the paper's "175B".
import type { TrainingSetup, TransformerShape } from "./transformer-memory.js";

export interface MemoryPreset {
  name: string;
  shape: TransformerShape;
  setup: TrainingSetup;
  note: string;
}

const gpt = { positions: "learned", attentionBias: true, feedForward: "mlp", norm: "layernorm", finalNorm: true, tiedEmbeddings: true, outputBias: false } as const;

export const MEMORY_PRESETS: MemoryPreset[] = [
  {
    name: "BERT-base",
    shape: { ...gpt, layers: 12, dModel: 768, heads: 12, vocab: 30522, ffn: 3072, maxLength: 512 },
    setup: { sequence: 512, batch: 32, microBatches: 1, precision: "mixed", dropout: true, gpus: 8 },
    note: "编码器；末尾的“最终归一化”在 BERT 里是嵌入层之后的 LayerNorm；不含 pooler（59 万）与句子类型表（1,536）"
  },
  {
    name: "GPT-2 1.5B",
    shape: { ...gpt, layers: 48, dModel: 1600, heads: 25, vocab: 50257, ffn: 6400, maxLength: 1024 },
    setup: { sequence: 1024, batch: 8, microBatches: 1, precision: "mixed", dropout: true, gpus: 8 },
    note: "GPT-2 XL：学到的位置表，输出层与词嵌入共享"
  },
  {
    name: "LLaMA-7B",
    shape: { layers: 32, dModel: 4096, heads: 32, vocab: 32000, ffn: 11008, maxLength: 2048, positions: "fixed", attentionBias: false, feedForward: "swiglu", norm: "rmsnorm", finalNorm: true, tiedEmbeddings: false, outputBias: false },
    setup: { sequence: 2048, batch: 4, microBatches: 4, precision: "mixed", dropout: false, gpus: 8 },
    note: "RoPE 位置编码没有参数；SwiGLU 前馈三个矩阵、无偏置；RMSNorm；输出层不共享"
  },
  {
    name: "GPT-3 175B",
    shape: { ...gpt, layers: 96, dModel: 12288, heads: 96, vocab: 50257, ffn: 49152, maxLength: 2048 },
    setup: { sequence: 2048, batch: 1, microBatches: 1, precision: "mixed", dropout: true, gpus: 64 },
    note: "论文给出的结构；实际训练还切分了张量与流水线（5.1 节）"
  }
];

/** The book's 3.5 Transformer (components/nn/transformer.ts) in the calculator's terms. */
export function tinyTransformerShape({ vocab, length, d, heads, layers, ffn }: { vocab: number; length: number; d: number; heads: number; layers: number; ffn: number }): TransformerShape {
  return { layers, dModel: d, heads, vocab, ffn, maxLength: length, positions: "fixed", attentionBias: false, feedForward: "mlp", norm: "layernorm", finalNorm: false, tiedEmbeddings: false, outputBias: true };
}
