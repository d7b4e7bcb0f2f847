// Book cells: a fence written ```ts cell=grad-check (or js) becomes a live Framework cell
// wrapped in a <figure data-cell> with the code highlighted statically (readable before
// any script loads), its source as JSON for the engine, controls, and the output. The
// first cell of a page also adds one hidden block that starts the notebook engine.
import type MarkdownIt from "markdown-it";
import type { Highlight } from "./highlight.js";
import { sourceFile } from "./math.js";

type Rule = NonNullable<MarkdownIt["renderer"]["rules"]["fence"]>;
type Env = { path?: string; cells?: Set<string> };

const CELL_ID = /^[a-z0-9][a-z0-9-]*$/;
const ENGINE = `import {define} from "observablehq:client";
import {connectFramework} from "./components/notebook/framework-client.js";
import {startNotebook} from "./components/notebook/start.js";
startNotebook(connectFramework(define));`;

export function cellsPlugin(md: MarkdownIt, highlight: Highlight): void {
  const framework = md.renderer.rules.fence as Rule;
  md.renderer.rules.fence = (tokens, idx, options, env: Env, self) => {
    const token = tokens[idx];
    const [lang, ...attributes] = token.info.trim().split(/\s+/);
    const cell = attributes.find((a) => a.startsWith("cell="))?.slice("cell=".length);
    if (cell === undefined || (lang !== "ts" && lang !== "js")) return framework(tokens, idx, options, env, self);
    if (!CELL_ID.test(cell)) throw new Error(`代码单元 id 只能含小写字母、数字和连字符 (bad cell id) "${cell}" in ${sourceFile(env)}`);
    const cells = (env.cells ??= new Set());
    if (cells.has(cell)) throw new Error(`重复的代码单元 id (duplicate cell id) "${cell}" in ${sourceFile(env)}`);
    const first = cells.size === 0;
    cells.add(cell);

    const source = token.content;
    token.info = `${lang} echo=false`;
    const live = framework(tokens, idx, options, env, self);
    token.info = `${lang} cell=${cell}`;
    const runtimeId = /<!--:([^:]+):-->/.exec(live)?.[1] ?? "";
    const json = JSON.stringify(source).replace(/</g, "\\u003c");
    let html = `<figure class="book-cell" data-cell="${cell}" data-cell-lang="${lang}" data-runtime-id="${runtimeId}">
<div class="book-cell-bar" role="toolbar" aria-label="代码单元 ${cell}">
<span class="book-cell-name">${lang === "ts" ? "TypeScript" : "JavaScript"} · ${cell}</span>
<span class="book-cell-modified" data-modified hidden>已修改</span>
<button type="button" data-action="edit" aria-label="编辑代码单元 ${cell}">编辑</button>
<button type="button" data-action="run" aria-label="运行代码单元 ${cell}（Shift+Enter）">运行</button>
<button type="button" data-action="reset" aria-label="恢复书中的代码并运行" hidden>重置</button>
</div>
<div class="book-cell-code" data-cell-code tabindex="0" aria-label="代码（按 Enter 编辑）">${highlight(source, lang === "ts" ? "typescript" : "javascript")}</div>
<script type="application/json" data-cell-source>${json}</script>
<div class="book-cell-notice" data-notice hidden></div>
<div class="book-cell-output" data-output>
${live}</div>
</figure>\n`;
    if (first) {
      const boot = new (token.constructor as new (type: string, tag: string, nesting: number) => typeof token)("fence", "code", 0);
      boot.info = "js echo=false";
      boot.content = ENGINE;
      html += framework([boot], 0, options, env, self);
    }
    return html;
  };
}
