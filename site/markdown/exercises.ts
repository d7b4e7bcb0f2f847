// Checked exercises. A fence written
//
//   ```exercise id=ch3-1-softmax title="数值稳定的 softmax"
//   Question (Markdown, may use {{param}} placeholders outside formulas)
//   --- hint
//   A hint (any number, shown one at a time)
//   --- solution
//   The worked solution ({{answer}} shows the student's own answer)
//   ```
//
// becomes a <section data-exercise="…"> with the question, hints and the solution behind a
// reveal. What the check needs (parameters, answer, hidden tests) is in the page's bank,
// components/exercise/bank/<page>.ts, which one hidden block per page imports and mounts
// when an exercise is first needed (components/exercise/lazy-mount.ts).
// BOOK_SOLUTIONS=0 at build time drops every solution section from the output.
//
// A fence ```exercise-catalog``` (the progress page) becomes the list of every exercise of
// the book, read from the pages in the table of contents at build time; ```exercise-teacher```
// (the teacher's page) gets the same list and imports every page's bank, to recheck answers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { tocPages } from "../toc.js";
import { projectRoot } from "../project-root.js";
import type { Highlight } from "./highlight.js";
import { equationPrefix, mathPlugin, sourceFile } from "./math.js";

type Rule = NonNullable<MarkdownIt["renderer"]["rules"]["fence"]>;
type Env = { path?: string };

export interface ExerciseSource {
  id: string;
  title: string;
  prompt: string;
  hints: string[];
  solution: string | null;
}

const EXERCISE_ID = /^[a-z0-9][a-z0-9-]*$/;

export function solutionsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BOOK_SOLUTIONS !== "0";
}

/** `exercise id=x title="两个 词"` → {id, title}; null for other fences. */
export function parseExerciseInfo(info: string): { id: string; title: string } | null {
  const trimmed = info.trim();
  if (!/^exercise(\s|$)/.test(trimmed)) return null;
  const attributes = Object.fromEntries([...trimmed.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)].map((m) => [m[1], m[2] ?? m[3]]));
  return { id: attributes.id ?? "", title: attributes.title ?? "" };
}

/** Splits a fence's body at `--- hint` and `--- solution` lines. */
export function splitExercise(id: string, title: string, body: string): ExerciseSource {
  const parts: { kind: string; lines: string[] }[] = [{ kind: "prompt", lines: [] }];
  for (const line of body.split("\n")) {
    const marker = /^---\s*(hint|solution)\s*$/.exec(line.trim());
    if (marker) parts.push({ kind: marker[1], lines: [] });
    else parts.at(-1)!.lines.push(line);
  }
  const text = (kind: string) => parts.filter((p) => p.kind === kind).map((p) => p.lines.join("\n").trim());
  const solutions = text("solution");
  return { id, title, prompt: text("prompt")[0], hints: text("hint"), solution: solutions.length ? solutions.join("\n\n") : null };
}

/** "/ch3-1-nn-basics" or "ch3-1-nn-basics.md" → "ch3-1-nn-basics". */
export function pageName(path = ""): string {
  return path.replace(/^\/+/, "").replace(/\.md$/, "");
}

export function exercisesPlugin(md: MarkdownIt, highlight: Highlight): void {
  // The bodies are rendered by a plain instance: the page's own core rules (cells, badge)
  // must not run inside an exercise.
  const inner = new MarkdownIt({ html: true, linkify: true }).use(mathPlugin);
  inner.options.highlight = highlight;
  const withSolutions = solutionsEnabled();

  md.core.ruler.push("book_exercises", (state) => {
    const env = state.env as Env;
    const ids = new Set<string>();
    let number = 0;
    for (const token of state.tokens) {
      if (token.type !== "fence") continue;
      if (token.info.trim() === "exercise-catalog" || token.info.trim() === "exercise-teacher") {
        token.meta = { ...token.meta, exerciseCatalog: catalogJson(), teacher: token.info.trim() === "exercise-teacher" };
        continue;
      }
      const info = parseExerciseInfo(token.info);
      if (!info) continue;
      if (!EXERCISE_ID.test(info.id)) throw new Error(`练习 id 只能含小写字母、数字和连字符 (bad exercise id) "${info.id}" in ${sourceFile(env)}`);
      if (ids.has(info.id)) throw new Error(`重复的练习 id (duplicate exercise id) "${info.id}" in ${sourceFile(env)}`);
      ids.add(info.id);
      const source = splitExercise(info.id, info.title, token.content);
      const label = `练习 ${equationPrefix(env.path)}${++number}`;
      token.meta = { ...token.meta, exerciseHtml: renderExercise(source, label, (text) => inner.render(text, { path: env.path }), withSolutions) };
    }
    const catalog = state.tokens.some((t) => t.meta?.exerciseCatalog);
    const teacher = state.tokens.some((t) => t.meta?.teacher);
    if (!ids.size && !catalog) return;
    const boot = new state.Token("fence", "code", 0);
    boot.info = "js echo=false";
    boot.content = teacher
      ? teacherBoot()
      : catalog
      ? 'import {mountProgressPage} from "./components/exercise/progress-page.js";\nmountProgressPage(document);'
      : [
          // Only the small trigger is a static import: the bank and the widgets are imported
          // when an exercise is needed (lazy-mount.ts), not before the page's first cell.
          'import {mountExercisesWhenNeeded} from "./components/exercise/lazy-mount.js";',
          "mountExercisesWhenNeeded(document, () => Promise.all([",
          `  import("./components/exercise/bank/${pageName(env.path)}.js"),`,
          '  import("./components/exercise/mount.js")',
          `]).then(([bank, mount]) => mount.mountExercises(document, bank.exercises, ${JSON.stringify(pageName(env.path))})));`
        ].join("\n");
    state.tokens.push(boot);
  });

  const framework = md.renderer.rules.fence as Rule;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const meta = tokens[idx].meta;
    if (meta?.exerciseHtml) return meta.exerciseHtml;
    if (meta?.exerciseCatalog) return `<script type="application/json" data-exercise-catalog>${meta.exerciseCatalog}</script>\n<div data-${meta.teacher ? "teacher" : "progress"}-page></div>\n`;
    return framework(tokens, idx, options, env, self);
  };
}

/** {{name}} → a span the page fills with the student's value. */
function placeholders(html: string): string {
  return html.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => (name === "answer" ? '<span class="exercise-param" data-answer>…</span>' : `<span class="exercise-param" data-param="${name}">…</span>`));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);
}

export function renderExercise(source: ExerciseSource, label: string, render: (markdown: string) => string, withSolutions: boolean): string {
  const hints = source.hints
    .map((hint, i) => `<div class="exercise-hint" data-hint="${i + 1}" hidden><strong>提示 ${i + 1}：</strong>${placeholders(render(hint))}</div>`)
    .join("\n");
  const hintButton = source.hints.length ? `<button type="button" data-action="hint">显示提示（共 ${source.hints.length} 条）</button>` : "";
  const solution =
    withSolutions && source.solution !== null
      ? `<details class="exercise-solution" data-solution><summary data-action="solution">查看解答</summary>\n${placeholders(render(source.solution))}</details>`
      : "";
  return `<section class="exercise" data-exercise="${source.id}" id="exercise-${source.id}">
<header class="exercise-header"><span class="exercise-label">${label}</span> <strong class="exercise-title">${escapeHtml(source.title)}</strong> <span class="exercise-status" data-exercise-status></span></header>
<div class="exercise-prompt">${placeholders(render(source.prompt))}</div>
<div class="exercise-answer" data-exercise-answer><p class="exercise-loading">（练习加载中……）</p></div>
<div class="exercise-message" data-exercise-message role="status" aria-live="polite" hidden></div>
<div class="exercise-hints">${hints}${hintButton}</div>
${solution}
</section>\n`;
}

/** Every exercise of the book in reading order: id, title, page and chapter. */
export function collectCatalog(readPage: (page: string) => string | null): { id: string; title: string; page: string; chapter: string }[] {
  const parser = new MarkdownIt();
  return tocPages().flatMap(({ name, path }) => {
    const text = readPage(pageName(path));
    if (text === null) return [];
    return parser
      .parse(text, {})
      .filter((t) => t.type === "fence")
      .flatMap((t) => {
        const info = parseExerciseInfo(t.info);
        return info ? [{ id: info.id, title: info.title, page: pageName(path), chapter: name }] : [];
      });
  });
}

function bookCatalog(): ReturnType<typeof collectCatalog> {
  const src = join(projectRoot(), "src");
  return collectCatalog((page) => {
    try {
      return readFileSync(join(src, `${page}.md`), "utf8");
    } catch {
      return null;
    }
  });
}

function catalogJson(): string {
  return JSON.stringify(bookCatalog()).replace(/</g, "\\u003c");
}

/** The teacher's page imports the bank of every page that has exercises (static imports,
 * so that Framework bundles them). */
function teacherBoot(): string {
  const pages = [...new Set(bookCatalog().map((e) => e.page))];
  return [
    ...pages.map((page, i) => `import {exercises as bank${i}} from "./components/exercise/bank/${page}.js";`),
    'import {mountTeacherPage} from "./components/exercise/teacher-page.js";',
    `mountTeacherPage(document, Object.assign({}, ${pages.map((_, i) => `bank${i}`).join(", ")}));`
  ].join("\n");
}
