// Writing with the GPT (3.6): one character at a time, each drawn from the model's next-
// character distribution (sampling.ts), until a poem ends ("\n") or the context is full.
//   without a cache: every step runs the whole sequence so far through the model again;
//   with the KV cache: the prompt runs once (its keys and values are kept), then every step
//   runs only the new character and attends over the stored keys and values.
// Both give the same logits (tests/gpt/generate.test.ts); the cache saves the repeated work.
// Every step yields to the page and checks `signal`; tensors are freed on every exit.
import * as tf from "@book/tf";
import type { CharVocab } from "../text/vocab.js";
import { yieldToPage } from "../train/loop.js";
import { disposeCache, type Gpt } from "./model.js";
import type { LayerCache } from "./block.js";
import { checkSampling, drawFrom, samplingDistribution, type SamplingOptions } from "./sampling.js";

export interface GenerateOptions extends SamplingOptions {
  random: () => number;
  useCache: boolean;
  /** Stop after this many new characters (default: until "\n" or the context is full). */
  maxNew?: number;
  signal?: AbortSignal;
  /** Stop at the end of a poem (default true). */
  stopAtNewline?: boolean;
}

export interface Generation {
  text: string;
  ids: number[];
  milliseconds: number;
  /** Logits of each generated step (only if asked for, for the tests). */
  steps: Float32Array[];
}

/** A clear Chinese message for a prompt the model cannot start from, or null. */
export function checkPrompt(prompt: string, vocab: CharVocab, context: number): string | null {
  const chars = [...prompt];
  if (chars.length === 0) return "请先写至少一个字作为开头。";
  if (chars.length >= context) return `开头最多 ${context - 1} 个字（模型一次只能读 ${context} 个字，还要留出位置写新字），现在有 ${chars.length} 个。`;
  const missing = [...new Set(chars.filter((c) => vocab.id(c) < 4 || c === "\n"))];
  if (missing.length)
    return `字表里没有：${missing.map((c) => (c === "\n" ? "换行" : c === " " ? "空格" : `「${c}」`)).join("、")}。模型只认识语料里的 ${vocab.size - 4} 个字符（繁体唐诗里最常用的汉字和“，”“。”），请换成字表里的字，例如把“风”写成“風”。`;
  return null;
}

export async function generate(model: Gpt, vocab: CharVocab, prompt: string, options: GenerateOptions, keepLogits = false): Promise<Generation> {
  const problem = checkPrompt(prompt, vocab, model.config.context) ?? checkSampling(options);
  if (problem) throw new RangeError(problem);
  const ids = vocab.encode(prompt);
  const newline = vocab.id("\n");
  const limit = Math.min(model.config.context, ids.length + (options.maxNew ?? Infinity));
  const steps: Float32Array[] = [];
  let cache: LayerCache[] | undefined;
  const start = performance.now();
  try {
    while (ids.length < limit) {
      if (options.signal?.aborted) break;
      const fresh = !options.useCache || !cache;
      const input = tf.tensor2d([fresh ? ids : ids.slice(-1)], undefined, "int32");
      const out = model.forward(input, options.useCache ? cache : undefined);
      const last = tf.tidy(() => out.logits.slice([0, out.logits.shape[1] - 1, 0], [1, 1, model.config.vocab]).reshape([-1]));
      tf.dispose([input, out.logits, ...out.attentions]);
      disposeCache(cache);
      cache = options.useCache ? out.presents : (disposeCache(out.presents), undefined);
      const logits = (await last.data()) as Float32Array;
      last.dispose();
      if (keepLogits) steps.push(logits);
      const next = drawFrom(samplingDistribution(logits, options), options.random);
      ids.push(next);
      if (next === newline && options.stopAtNewline !== false) break;
      await yieldToPage();
    }
  } finally {
    disposeCache(cache);
  }
  return { text: vocab.decode(ids), ids, milliseconds: performance.now() - start, steps };
}
