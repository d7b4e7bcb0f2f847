// The kinds of weights bundle the book can build again, with where each comes from. The store
// checks an imported bundle against its builder before writing anything (as it builds a Keras
// model before importing it), and the 模型库 page says what each stored model is.
import type { WeightsBundle } from "./bundle.js";
import { ModelFileError } from "./errors.js";
import { checkGptBundle, GPT_BUILDER } from "../gpt/layout.js";

export interface BuilderInfo {
  /** What the model is, for the reader ("字符级 GPT"). */
  title: string;
  /** The section that trains and uses it, and its page (relative to the pages). */
  chapter: string;
  page: string;
  /** Throws a ModelFileError when the bundle cannot be built. */
  check(bundle: WeightsBundle): void;
}

export const BUILDERS: Record<string, BuilderInfo> = {
  [GPT_BUILDER]: { title: "字符级 GPT（写唐诗）", chapter: "3.6", page: "./ch3-6-bert.html#gpt-store", check: checkGptBundle }
};

/** The bundle's builder is known and accepts it; else a ModelFileError naming the builders known. */
export function checkBuildable(bundle: WeightsBundle): BuilderInfo {
  const builder = Object.hasOwn(BUILDERS, bundle.builder) ? BUILDERS[bundle.builder] : undefined;
  if (!builder) {
    const known = Object.entries(BUILDERS).map(([name, b]) => `${name}（${b.chapter} 节的${b.title}）`).join("、");
    throw new ModelFileError(`本书不会重建“${bundle.builder}”这种权重包（认识的有：${known}）`);
  }
  builder.check(bundle);
  return builder;
}
