// The GPT's weights as the model store keeps them (a "gpt-char" weights bundle, 3.6): the
// architecture config read back from JSON and checked, and the name and shape of every
// weight in the order of Gpt.variables. No tfjs here, so the 模型库 page can check an
// imported GPT without building one.
import type { WeightsBundle } from "../models/bundle.js";
import { ModelFileError } from "../models/errors.js";
import { checkLayout, type WeightLayout } from "../models/validate.js";
import { registerBuilder } from "../models/builders.js";
import type { GptConfig } from "./model.js";

/** The builder name in the store: a character-level GPT (model.ts) with its character table. */
export const GPT_BUILDER = "gpt-char";
/** The ids CharVocab reserves before the characters (text/vocab.ts). */
const SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<unk>"];

/** The config from a bundle's JSON, every field checked (a Chinese ModelFileError if not). */
export function gptConfigFrom(value: Record<string, unknown>): Required<GptConfig> {
  const size = (key: string, max: number) => {
    const v = value[key];
    if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > max) throw new ModelFileError(`GPT 的结构配置“${key}”应为 1–${max} 的整数，文件里是 ${JSON.stringify(v)}`);
    return v as number;
  };
  const config = { vocab: size("vocab", 1_000_000), context: size("context", 65_536), d: size("d", 65_536), heads: size("heads", 1024), layers: size("layers", 1024), ffn: size("ffn", 1_000_000), norm: value.norm, seed: value.seed ?? 1 };
  if (config.norm !== "pre" && config.norm !== "post") throw new ModelFileError(`GPT 的层归一化位置应为 pre 或 post，文件里是 ${JSON.stringify(config.norm)}`);
  if (config.d % config.heads) throw new ModelFileError(`GPT 的宽度 d = ${config.d} 不能被头数 ${config.heads} 整除`);
  if (!Number.isSafeInteger(config.seed)) throw new ModelFileError(`GPT 的随机种子应为整数，文件里是 ${JSON.stringify(config.seed)}`);
  return config as Required<GptConfig>;
}

/** Every weight of Gpt.variables, in that order, with its shape. */
export function gptWeightLayout({ vocab, context, d, layers, ffn, norm }: Required<GptConfig>): WeightLayout {
  const block = (l: number): WeightLayout => [
    ...["wq", "wk", "wv", "wo"].map((w) => ({ name: `block${l}/attention/${w}`, shape: [d, d] })),
    { name: `block${l}/norm1/gamma`, shape: [d] },
    { name: `block${l}/norm1/beta`, shape: [d] },
    { name: `block${l}/ffn/w1`, shape: [d, ffn] },
    { name: `block${l}/ffn/b1`, shape: [ffn] },
    { name: `block${l}/ffn/w2`, shape: [ffn, d] },
    { name: `block${l}/ffn/b2`, shape: [d] },
    { name: `block${l}/norm2/gamma`, shape: [d] },
    { name: `block${l}/norm2/beta`, shape: [d] }
  ];
  return [
    { name: "embedding", shape: [vocab, d] },
    { name: "positions", shape: [context, d] },
    ...Array.from({ length: layers }, (_, l) => block(l + 1)).flat(),
    ...(norm === "pre" ? [{ name: "final_norm/gamma", shape: [d] }, { name: "final_norm/beta", shape: [d] }] : []),
    { name: "readout/kernel", shape: [d, vocab] },
    { name: "readout/bias", shape: [vocab] }
  ];
}

/** Whether a bundle can be built into a GPT: builder, config, character table and every
 * weight's name and shape. Throws a ModelFileError saying what does not fit. */
export function checkGptBundle(bundle: WeightsBundle): Required<GptConfig> {
  if (bundle.builder !== GPT_BUILDER) throw new ModelFileError(`本页只能重建字符级 GPT（${GPT_BUILDER}），这个模型的构建方式是“${bundle.builder}”`);
  const config = gptConfigFrom(bundle.config);
  const tokens = bundle.vocabulary;
  if (!tokens || tokens.length !== config.vocab) throw new ModelFileError(`GPT 的字表应有 ${config.vocab} 个符号，文件里有 ${tokens?.length ?? 0} 个`);
  if (SPECIAL_TOKENS.some((t, i) => tokens[i] !== t)) throw new ModelFileError(`GPT 的字表应以 ${SPECIAL_TOKENS.join(" ")} 开头`);
  const chars = tokens.slice(SPECIAL_TOKENS.length);
  if (chars.some((c) => [...c].length !== 1) || new Set(chars).size !== chars.length) throw new ModelFileError("GPT 的字表里应是互不相同的单个字符");
  checkLayout(bundle, gptWeightLayout(config));
  return config;
}

registerBuilder(GPT_BUILDER, { title: "字符级 GPT（写唐诗）", chapter: "3.6", page: "./ch3-6-bert.html#gpt-store", check: checkGptBundle });
