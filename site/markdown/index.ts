// The book's markdown-it setup, shared by observablehq.config.ts and the build tests:
// KaTeX formulas with numbered equations, shiki code highlighting, Chinese heading ids,
// and the notebook's book cells.
import type MarkdownIt from "markdown-it";
import { backendBadgePlugin } from "./badge.js";
import { cellsPlugin } from "./cells.js";
import { exercisesPlugin } from "./exercises.js";
import { headingIdsPlugin } from "./headings.js";
import { createCodeHighlighter } from "./highlight.js";
import { mathPlugin } from "./math.js";

const highlight = await createCodeHighlighter();

export function configureMarkdown(md: MarkdownIt): MarkdownIt {
  md.options.highlight = highlight;
  return md.use(mathPlugin).use(headingIdsPlugin).use(cellsPlugin, highlight).use(exercisesPlugin, highlight).use(backendBadgePlugin);
}
