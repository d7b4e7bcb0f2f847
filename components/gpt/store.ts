// 3.6's GPT in the model store, as a "gpt-char" weights bundle (models/weights.ts): every
// variable under the name layout.ts gives it, the config, and the character table. Rebuilding
// makes a Gpt of the same config and assigns the saved values, so the rebuilt model computes
// bit for bit the same logits and, with the same seed, writes the same poem.
import * as tf from "@book/tf";
import type { WeightsBundle } from "../models/bundle.js";
import type { CardDraft, ModelCard } from "../models/card.js";
import { ModelFileError } from "../models/errors.js";
import { packWeights, unpackWeights } from "../models/weights.js";
import { CharVocab } from "../text/vocab.js";
import { fnv1a } from "../util/hash.js";
import { checkGptBundle, GPT_BUILDER, gptWeightLayout } from "./layout.js";
import { disposeCache, Gpt } from "./model.js";

/** The store name of the GPT the reader trains in 3.6 (every save is a new version). */
export const TANG_GPT_NAME = "tang-gpt";
/** CharVocab's reserved ids before the characters. */
const SPECIALS = 4;

export interface GptFacts {
  /** Training windows (sequences of `context` characters) the model was trained on. */
  trainingWindows: number;
  testPerplexity: number | null;
  testCharacters: number | null;
  steps: number;
  backend: string;
  trainingSeconds: number | null;
  measuredBy: string;
  notes?: string;
  name?: string;
}

/** A card for a 3.6 GPT trained on the book's Tang poems. */
export function gptCard(model: Gpt, facts: GptFacts): CardDraft {
  const { context, d, heads, layers, ffn, norm } = model.config;
  return {
    name: facts.name ?? TANG_GPT_NAME,
    architecture: `字符级 GPT（仅解码器）：${layers} 层 × ${heads} 头，d = ${d}，前馈 ${ffn}，上下文 ${context} 个字符，${norm}-LN`,
    parameters: model.countParams(),
    trainingData: { name: `随书五言唐诗训练集里长 ${context} 个字符的窗口（chinese-poetry《全唐诗》，公有领域）`, size: facts.trainingWindows },
    metrics: { testAccuracy: null, testSize: facts.testCharacters, measuredBy: facts.measuredBy, testPerplexity: facts.testPerplexity },
    backend: facts.backend,
    trainingSeconds: facts.trainingSeconds,
    trainingSteps: facts.steps,
    parentVersion: null,
    chapter: "3.6",
    notes: facts.notes ?? ""
  };
}

/** The model's variables (read, not disposed) and character table as a weights bundle. */
export async function packGpt(model: Gpt, vocab: CharVocab, card: ModelCard): Promise<WeightsBundle> {
  const layout = gptWeightLayout(model.config);
  const variables = model.variables;
  layout.forEach((w, i) => {
    if (variables[i]?.shape.join("×") !== w.shape.join("×")) throw new Error(`layout.ts 与 Gpt.variables 不一致：${w.name}`);
  });
  if (vocab.size !== model.config.vocab) throw new Error(`字表有 ${vocab.size} 个符号，模型的词表大小是 ${model.config.vocab}`);
  return packWeights(
    layout.map((w, i) => ({ name: w.name, tensor: variables[i] })),
    { builder: GPT_BUILDER, config: { ...model.config }, vocabulary: vocab.tokens, card }
  );
}

/** A new Gpt (the caller disposes it) and its character table from a bundle; a bundle that
 * is not a GPT, or does not fit its config, is a ModelFileError and builds nothing. */
export function unpackGpt(bundle: WeightsBundle): { model: Gpt; vocab: CharVocab } {
  const config = checkGptBundle(bundle);
  const layout = gptWeightLayout(config);
  const tensors = unpackWeights(bundle);
  let model: Gpt | undefined;
  try {
    model = new Gpt(config);
    const built = model;
    built.variables.forEach((v, i) => v.assign(tensors.get(layout[i].name)!));
    return { model: built, vocab: new CharVocab(bundle.vocabulary!.slice(SPECIALS)) };
  } catch (error) {
    model?.dispose();
    throw error instanceof ModelFileError ? error : new ModelFileError(`权重无法装入 GPT（${(error as Error).message}）`);
  } finally {
    tf.dispose([...tensors.values()]);
  }
}

/** FNV-1a of the float32 logits for one sequence of ids: equal fingerprints mean the two
 * models computed bit for bit the same numbers. */
export async function gptFingerprint(model: Gpt, ids: number[]): Promise<string> {
  const input = tf.tensor2d([ids], undefined, "int32");
  const out = model.forward(input);
  const values = (await out.logits.data()) as Float32Array;
  tf.dispose([input, out.logits, ...out.attentions]);
  disposeCache(out.presents);
  return fnv1a(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).toString(16).padStart(8, "0");
}
