// Build-time formulas: `$…$` and `$$…$$` become KaTeX HTML, so reading needs no client-side TeX.
// Display formulas may carry `\label{eq:name}`; they are numbered per page ("3.2.1" on ch3-2-…),
// and `\eqref{eq:name}` in the text links to them. A malformed formula or an unknown label
// throws, which fails the build with the page's file and the formula.
import katex from "katex";
import type MarkdownIt from "markdown-it";

type Env = { path?: string; equations?: Map<string, string> };
type Token = ReturnType<MarkdownIt["parse"]>[number];
type BlockRule = Parameters<MarkdownIt["block"]["ruler"]["before"]>[2];
type InlineRule = Parameters<MarkdownIt["inline"]["ruler"]["before"]>[2];
type CoreRule = Parameters<MarkdownIt["core"]["ruler"]["after"]>[2];

export class FormulaError extends Error {}

/** Where a page's source is, for error messages: "/ch3-2-cnn" → "src/ch3-2-cnn.md". */
export function sourceFile(env: Env): string {
  const path = env.path ?? "(unknown page)";
  return `src${path.startsWith("/") ? "" : "/"}${path}${path.endsWith(".md") ? "" : ".md"}`;
}

/** "/ch3-2-cnn" → "3.2."; "/ch4-training" → "4."; other pages number plainly. */
export function equationPrefix(path = ""): string {
  const match = /(?:^|\/)ch(\d+)(?:-(\d+))?-/.exec(path);
  return match ? `${match[1]}.${match[2] ? `${match[2]}.` : ""}` : "";
}

export function renderFormula(tex: string, displayMode: boolean, env: Env): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
  } catch (error) {
    const delimiter = displayMode ? "$$" : "$";
    const reason = error instanceof Error ? error.message : String(error);
    throw new FormulaError(`公式错误 (bad formula) in ${sourceFile(env)}: ${delimiter}${tex.trim()}${delimiter}\n  ${reason}`);
  }
}

export function anchorId(label: string): string {
  return `eq-${label.replace(/^eq:/, "").replace(/[^\w-]+/g, "-")}`;
}

const LABEL = /\\label\{([^}]+)\}/;

export function mathPlugin(md: MarkdownIt): void {
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.inline.ruler.before("escape", "eqref", eqref);
  md.core.ruler.after("block", "number_equations", numberEquations);

  md.renderer.rules.math_inline = (tokens, idx, _options, env: Env) => renderFormula(tokens[idx].content, false, env);
  md.renderer.rules.math_inline_display = (tokens, idx, _options, env: Env) => renderFormula(tokens[idx].content, true, env);
  md.renderer.rules.math_block = (tokens, idx, _options, env: Env) => {
    const token = tokens[idx];
    const label = token.meta?.label as string | undefined;
    let tex = token.content.replace(LABEL, "");
    if (label && !/\\tag\*?\{/.test(tex)) tex += `\\tag{${env.equations!.get(label)}}`;
    const id = label ? ` id="${anchorId(label)}"` : "";
    return `<div class="math-display"${id}>${renderFormula(tex, true, env)}</div>\n`;
  };
  md.renderer.rules.eqref = (tokens, idx, _options, env: Env) => {
    const label = tokens[idx].content;
    const number = env.equations?.get(label);
    if (number === undefined) throw new FormulaError(`未知的公式标签 (unknown equation label) \\eqref{${label}} in ${sourceFile(env)}`);
    return `<a class="eqref" href="#${anchorId(label)}">(${number})</a>`;
  };
}

const numberEquations: CoreRule = (state) => {
  const env = state.env as Env;
  const equations = (env.equations = new Map());
  const prefix = equationPrefix(env.path);
  let count = 0;
  for (const token of state.tokens as Token[]) {
    if (token.type !== "math_block") continue;
    const label = LABEL.exec(token.content)?.[1];
    if (!label) continue;
    if (equations.has(label)) throw new FormulaError(`重复的公式标签 (duplicate label) ${label} in ${sourceFile(env)}`);
    const tag = /\\tag\*?\{([^}]*)\}/.exec(token.content)?.[1];
    equations.set(label, tag ?? `${prefix}${++count}`);
    token.meta = { ...token.meta, label };
  }
};

const mathBlock: BlockRule = (state, startLine, endLine, silent) => {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (state.src.slice(start, start + 2) !== "$$") return false;
  const firstLine = state.src.slice(start + 2, max);
  let content: string;
  let line = startLine;
  if (firstLine.trimEnd().endsWith("$$")) {
    content = firstLine.trimEnd().slice(0, -2);
  } else {
    const lines = [firstLine];
    for (;;) {
      if (++line >= endLine) return false; // unclosed: leave it to the paragraph rule
      const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
      if (text.trimEnd().endsWith("$$")) {
        lines.push(text.trimEnd().slice(0, -2));
        break;
      }
      lines.push(text);
    }
    content = lines.join("\n");
  }
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content;
  token.map = [startLine, line + 1];
  token.markup = "$$";
  state.line = line + 1;
  return true;
};

const mathInline: InlineRule = (state, silent) => {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x24 /* $ */) return false;
  const next = src.charCodeAt(pos + 1);
  if (next === 0x7b /* { */) return false; // Framework's ${…} placeholder
  const display = next === 0x24;
  const open = display ? 2 : 1;
  if (!display && (pos + 1 >= posMax || /\s/.test(src[pos + 1]))) return false;
  let end = pos + open;
  for (;;) {
    end = src.indexOf(display ? "$$" : "$", end);
    if (end < 0 || end >= posMax) return false;
    if (src.charCodeAt(end - 1) === 0x5c /* \ */) {
      end += 1;
      continue;
    }
    break;
  }
  const content = src.slice(pos + open, end);
  if (!content.trim()) return false;
  // Like Pandoc: "$5 and $6" is not math; nor is "$x${y}" (a Framework placeholder follows).
  if (!display && (/\s/.test(content[content.length - 1]) || /[\d{]/.test(src[end + 1] ?? ""))) return false;
  if (!silent) {
    const token = state.push(display ? "math_inline_display" : "math_inline", "math", 0);
    token.content = content;
    token.markup = display ? "$$" : "$";
  }
  state.pos = end + open;
  return true;
};

const eqref: InlineRule = (state, silent) => {
  if (state.src.charCodeAt(state.pos) !== 0x5c) return false;
  const match = /^\\eqref\{([^}]+)\}/.exec(state.src.slice(state.pos, state.posMax));
  if (!match) return false;
  if (!silent) state.push("eqref", "", 0).content = match[1];
  state.pos += match[0].length;
  return true;
};
