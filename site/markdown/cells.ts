// Book cells: a fence written ```ts cell=grad-check (or js) becomes a <figure data-cell>
// with the code highlighted statically (readable before any script loads), the code and
// its build-time analysis as JSON, controls, and an output root. The notebook engine
// (components/notebook/start.ts) defines the cells on Framework's runtime. One hidden
// Framework block per page imports the modules the cells import (so Framework bundles
// and preloads them), names the files they attach (so Framework ships them) and starts
// the engine.
import type MarkdownIt from "markdown-it";
import { analyzeCell, CellSyntaxError, type AnalyzedCell } from "../../components/notebook/compile.js";
import { hashCode } from "../../components/notebook/storage.js";
import type { Highlight } from "./highlight.js";
import { sourceFile } from "./math.js";

type Rule = NonNullable<MarkdownIt["renderer"]["rules"]["fence"]>;
type CoreRule = Parameters<MarkdownIt["core"]["ruler"]["push"]>[1];
type Env = { path?: string };
interface CellMeta {
  cell: string;
  lang: "ts" | "js";
  analyzed: AnalyzedCell;
  runtimeId: string;
}

const CELL_ID = /^[a-z0-9][a-z0-9-]*$/;

/** "ts cell=grad-check" → {lang: "ts", cell: "grad-check"}; null for other fences. */
export function parseCellInfo(info: string): { lang: "ts" | "js"; cell: string } | null {
  const [lang, ...attributes] = info.trim().split(/\s+/);
  const cell = attributes.find((a) => a.startsWith("cell="))?.slice("cell=".length);
  return cell !== undefined && (lang === "ts" || lang === "js") ? { lang, cell } : null;
}

export function cellsPlugin(md: MarkdownIt, highlight: Highlight): void {
  md.core.ruler.push("book_cells", collectCells);
  const framework = md.renderer.rules.fence as Rule;
  md.renderer.rules.fence = (tokens, idx, options, env: Env, self) => {
    const meta = tokens[idx].meta?.bookCell as CellMeta | undefined;
    return meta ? renderCell(meta, tokens[idx].content, highlight) : framework(tokens, idx, options, env, self);
  };
}

/** Analyses every cell of the page (a syntax error fails the build, naming file and line)
 * and appends the block that imports their modules and starts the engine. */
const collectCells: CoreRule = (state) => {
  const env = state.env as Env;
  const ids = new Set<string>();
  const imports = new Set<string>();
  const files = new Set<string>();
  for (const token of state.tokens) {
    if (token.type !== "fence") continue;
    const info = parseCellInfo(token.info);
    if (!info) continue;
    const { cell, lang } = info;
    const line = (token.map?.[0] ?? 0) + 1;
    if (!CELL_ID.test(cell)) throw new Error(`代码单元 id 只能含小写字母、数字和连字符 (bad cell id) "${cell}" in ${sourceFile(env)}`);
    if (ids.has(cell)) throw new Error(`重复的代码单元 id (duplicate cell id) "${cell}" in ${sourceFile(env)}`);
    ids.add(cell);
    let analyzed: AnalyzedCell;
    try {
      analyzed = analyzeCell(token.content, lang);
    } catch (error) {
      if (!(error instanceof CellSyntaxError)) throw error;
      throw new Error(`代码单元 ${cell} 有语法错误 (syntax error in cell) in ${sourceFile(env)}, cell line ${error.line} (file line ${line + error.line}): ${error.message}`);
    }
    analyzed.imports.forEach((specifier) => imports.add(specifier));
    analyzed.files.forEach((name) => files.add(name));
    token.meta = { ...token.meta, bookCell: { cell, lang, analyzed, runtimeId: hashCode(`${env.path}#${cell}`) } satisfies CellMeta };
  }
  if (!ids.size) return;
  const boot = new state.Token("fence", "code", 0);
  boot.info = "js echo=false";
  boot.content = [
    ...[...imports].map((specifier) => `import ${JSON.stringify(specifier)};`),
    // Framework ships only the files its own blocks name: name the cells' files here.
    ...[...files].map((name) => `FileAttachment(${JSON.stringify(name)});`),
    'import * as client from "observablehq:client";',
    'import {connectFramework} from "./components/notebook/framework-client.js";',
    'import {bootNotebook} from "./components/notebook/start.js";',
    "bootNotebook(() => connectFramework(client));"
  ].join("\n");
  state.tokens.push(boot);
};

function renderCell({ cell, lang, analyzed, runtimeId }: CellMeta, source: string, highlight: Highlight): string {
  const json = JSON.stringify({ code: source, analyzed }).replace(/</g, "\\u003c");
  return `<figure class="book-cell" data-cell="${cell}" data-cell-lang="${lang}" data-runtime-id="${runtimeId}">
<div class="book-cell-bar" role="toolbar" aria-label="代码单元 ${cell}">
<span class="book-cell-name">${lang === "ts" ? "TypeScript" : "JavaScript"} · ${cell}</span>
<span class="book-cell-modified" data-modified hidden>已修改</span>
<button type="button" data-action="edit" aria-label="编辑代码单元 ${cell}">编辑</button>
<button type="button" data-action="run" aria-label="运行代码单元 ${cell}（Shift+Enter）">运行</button>
<button type="button" data-action="reset" aria-label="恢复书中的代码并运行" hidden>重置</button>
<button type="button" data-action="share" aria-label="生成带有这段代码的分享链接">分享</button>
</div>
<div class="book-cell-code" data-cell-code tabindex="0" aria-label="代码（按 Enter 编辑）">${highlight(source, lang === "ts" ? "typescript" : "javascript")}</div>
<script type="application/json" data-cell-source>${json}</script>
<div class="book-cell-notice" data-notice hidden></div>
<div class="book-cell-output" data-output><div class="observablehq observablehq--block"><!--:${runtimeId}:--></div></div>
<div class="book-cell-console" data-console hidden></div>
</figure>\n`;
}
