// Chapter runs beyond 3.2–3.6 live one file per chapter in bench/chapters/<id>.ts (e.g. 4.ts,
// 5.3.ts), so each chapter's runner is written beside its page without touching run.ts. Each
// file's default export presses the page's default runs and returns what the page reported.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import type { ChapterRun } from "./chapters.js";

export type ChapterRunner = (context: BrowserContext, siteUrl: string) => Promise<ChapterRun[]>;

const folder = join(dirname(fileURLToPath(import.meta.url)), "chapters");

/** The chapter ids that have a runner file, in file-name order. */
export function chapterPlugins(): string[] {
  try {
    return readdirSync(folder)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => file.slice(0, -3))
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  } catch {
    return [];
  }
}

export async function runChapterPlugin(id: string, context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const module = (await import(pathToFileURL(join(folder, `${id}.ts`)).href)) as { default?: ChapterRunner };
  if (typeof module.default !== "function") throw new Error(`bench/chapters/${id}.ts 没有默认导出的 runner 函数`);
  return module.default(context, siteUrl);
}
