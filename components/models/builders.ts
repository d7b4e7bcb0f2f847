// The kinds of weights bundle the book can build again, with where each comes from. The store
// checks an imported bundle against its builder before writing anything (as it builds a Keras
// model before importing it), and the 模型库 page says what each stored model is.
// The folders that own a kind register it (gpt/layout.ts registers the GPT), so the store
// never imports a model's code: models/ stays below gpt/ in the dependency order.
import type { WeightsBundle } from "./bundle.js";
import { ModelFileError } from "./errors.js";

export interface BuilderInfo {
  /** What the model is, for the reader ("字符级 GPT"). */
  title: string;
  /** The section that trains and uses it, and its page (relative to the pages). */
  chapter: string;
  page: string;
  /** Throws a ModelFileError when the bundle cannot be built. */
  check(bundle: WeightsBundle): void;
}

export const BUILDERS: Record<string, BuilderInfo> = {};

/** Called once by the module that can build a kind (importing it is enough). */
export function registerBuilder(name: string, info: BuilderInfo): void {
  BUILDERS[name] = info;
}

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
