// 5.2's memory calculator: how many parameters a decoder-style Transformer has and how many
// bytes training it takes — weights, gradients, Adam's two moments (plus fp32 master weights
// in mixed precision), activations with and without recomputation, and what ZeRO stages 1–3
// leave on each of N GPUs. Pure arithmetic on numbers: the page's form, the tests and the
// exercises all call these functions.

export interface TransformerShape {
  layers: number;
  dModel: number;
  heads: number;
  vocab: number;
  /** Feed-forward width (4·d for GPT, 11008 for LLaMA-7B). */
  ffn: number;
  /** Longest sequence: the size of a learned position table. */
  maxLength: number;
  /** "learned": a maxLength × d table (BERT, GPT); "fixed": sinusoids or RoPE, no parameters. */
  positions: "learned" | "fixed";
  /** Biases on Q, K, V and the output projection (GPT-2/3, BERT; not LLaMA, not the book's 3.5 model). */
  attentionBias: boolean;
  /** "mlp": d→ffn→d with biases; "swiglu": three bias-free d×ffn matrices (LLaMA). */
  feedForward: "mlp" | "swiglu";
  /** LayerNorm has γ and β (2d), RMSNorm only γ (d). */
  norm: "layernorm" | "rmsnorm";
  /** A norm after the last block (GPT-2, LLaMA) or on the embeddings (BERT): one more norm. */
  finalNorm: boolean;
  /** Output matrix shared with the token embedding (GPT-2/3, BERT's MLM head). */
  tiedEmbeddings: boolean;
  /** An output bias of size vocab (the book's 3.5 model). */
  outputBias: boolean;
}

export interface TrainingSetup {
  /** Tokens per sequence in training (≤ maxLength). */
  sequence: number;
  /** Sequences per optimiser step on one GPU (per data-parallel replica). */
  batch: number;
  /** Gradient accumulation: the batch is run as this many micro-batches one after another. */
  microBatches: number;
  precision: "fp32" | "mixed";
  /** Dropout stores a one-byte mask per element (Korthikanti et al. count it; LLaMA has none). */
  dropout: boolean;
  gpus: number;
}

/** Parameters of one block: attention, feed-forward and its two norms. */
export function blockParameters(s: TransformerShape): number {
  const d = s.dModel;
  const attention = 4 * d * d + (s.attentionBias ? 4 * d : 0);
  const feedForward = s.feedForward === "swiglu" ? 3 * d * s.ffn : 2 * d * s.ffn + s.ffn + d;
  return attention + feedForward + 2 * normParameters(s);
}

export const normParameters = (s: TransformerShape) => (s.norm === "layernorm" ? 2 : 1) * s.dModel;

/** Every parameter: embeddings, L blocks, final norm and the output layer. */
export function parameterCount(s: TransformerShape): number {
  const embeddings = s.vocab * s.dModel + (s.positions === "learned" ? s.maxLength * s.dModel : 0);
  const output = (s.tiedEmbeddings ? 0 : s.dModel * s.vocab) + (s.outputBias ? s.vocab : 0);
  return embeddings + s.layers * blockParameters(s) + (s.finalNorm ? normParameters(s) : 0) + output;
}

/** Bytes per parameter: what is stored for every weight between steps and during one. */
export interface BytesPerParameter {
  weights: number;
  gradients: number;
  /** Adam's m and v, plus the fp32 master copy in mixed precision. */
  optimizer: number;
}

export function bytesPerParameter(precision: TrainingSetup["precision"]): BytesPerParameter {
  // fp32: 4 (w) + 4 (g) + 4 (m) + 4 (v). Mixed: 2 (fp16 w) + 2 (fp16 g) + 4 (master) + 4 (m) + 4 (v).
  return precision === "fp32" ? { weights: 4, gradients: 4, optimizer: 8 } : { weights: 2, gradients: 2, optimizer: 12 };
}

/** Activations saved for the backward pass by one block, in bytes (Korthikanti et al. 2022,
 * "Reducing Activation Recomputation in Large Transformer Models", no tensor parallelism):
 * per block s·b·d·(34 + 5·a·s/d) in 16-bit. Of the 34, 2 are one-byte dropout masks and 32 are
 * 16-bit values; of the 5, 1 is a mask and 4 are values. In fp32 the values double. */
export function blockActivationBytes(s: TransformerShape, t: TrainingSetup): number {
  const { sequence: seq, dModel: d, heads: a } = { ...t, ...s };
  const b = microBatch(t);
  const value = t.precision === "fp32" ? 4 : 2;
  const ffnScale = s.ffn / (4 * d); // the paper's 19·sbd for the MLP assumes ffn = 4d
  // Values: attention 5·sbd (QKV input, Q, K, V, projection input) + LayerNorm inputs 2·sbd
  // + MLP input sbd + its hidden layer before and after the activation 2·(ffn/d)·sbd, and the
  // softmax output and its dropped-out copy 2·a·s²·b.
  const values = seq * b * d * (8 + 8 * ffnScale) + 2 * a * seq * seq * b;
  const masks = t.dropout ? 2 * seq * b * d + a * seq * seq * b : 0;
  return values * value + masks;
}

/** Full recomputation keeps only each block's input (one s·b·d tensor) and, while one block is
 * being recomputed in the backward pass, that block's activations. */
export function checkpointedActivationBytes(s: TransformerShape, t: TrainingSetup): number {
  const value = t.precision === "fp32" ? 4 : 2;
  return s.layers * t.sequence * microBatch(t) * s.dModel * value + blockActivationBytes(s, t);
}

export const microBatch = (t: TrainingSetup) => t.batch / t.microBatches;

export type ZeroStage = 0 | 1 | 2 | 3;

/** Bytes per GPU for the model states under ZeRO (Rajbhandari et al. 2020): stage 1 shards the
 * optimizer states over N GPUs, stage 2 also the gradients, stage 3 also the weights. */
export function modelStateBytes(parameters: number, precision: TrainingSetup["precision"], stage: ZeroStage, gpus: number): { weights: number; gradients: number; optimizer: number; total: number } {
  const per = bytesPerParameter(precision);
  const weights = (parameters * per.weights) / (stage >= 3 ? gpus : 1);
  const gradients = (parameters * per.gradients) / (stage >= 2 ? gpus : 1);
  const optimizer = (parameters * per.optimizer) / (stage >= 1 ? gpus : 1);
  return { weights, gradients, optimizer, total: weights + gradients + optimizer };
}

export interface MemoryReport {
  parameters: number;
  weights: number;
  gradients: number;
  optimizer: number;
  /** weights + gradients + optimizer, one GPU, no ZeRO. */
  modelStates: number;
  activations: number;
  activationsRecomputed: number;
  /** Model states per GPU for ZeRO stage 0 (plain data parallelism) to 3. */
  zero: number[];
}

export function memoryReport(s: TransformerShape, t: TrainingSetup): MemoryReport {
  const parameters = parameterCount(s);
  const states = modelStateBytes(parameters, t.precision, 0, 1);
  return {
    parameters,
    weights: states.weights,
    gradients: states.gradients,
    optimizer: states.optimizer,
    modelStates: states.total,
    activations: s.layers * blockActivationBytes(s, t),
    activationsRecomputed: checkpointedActivationBytes(s, t),
    zero: ([0, 1, 2, 3] as ZeroStage[]).map((stage) => modelStateBytes(parameters, t.precision, stage, t.gpus).total)
  };
}

/** 1.23 GB style, decimal units (as GPU data sheets: an "80 GB" card). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toPrecision(4)} ${units[unit]}`;
}
