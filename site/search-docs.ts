// Turns a page's Markdown into search documents, one per section (## or ### heading).
import type { SearchDoc } from "../components/search/index.js";
import { slugify, splitHeadingId } from "./markdown/slug.js";

export function extractSections(markdown: string, page: string, pageTitle: string): SearchDoc[] {
  const docs: SearchDoc[] = [];
  let current = { anchor: "", heading: pageTitle, lines: [] as string[] };
  const flush = () => {
    const text = plainText(current.lines.join("\n"));
    if (text || current.anchor) docs.push({ id: `${page}#${current.anchor}`, page, pageTitle, anchor: current.anchor, heading: current.heading, text });
  };
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, "");
  let fence: string | null = null;
  let math = false;
  for (const line of body.split("\n")) {
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    if (/^\s*\$\$/.test(line)) {
      const oneLine = /^\s*\$\$.*\$\$\s*$/.test(line) && line.trim().length > 4;
      if (!oneLine) math = !math;
      continue;
    }
    if (math) continue;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading && heading[1].length >= 2) {
      flush();
      const [title, id] = splitHeadingId(heading[2]);
      current = { anchor: id ?? slugify(title), heading: title.trim(), lines: [] };
    } else if (!heading) {
      current.lines.push(line);
    }
  }
  flush();
  return docs;
}

/** Markdown → the words a reader sees (no formulas, tags or markup). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\$[^$\n]+\$/g, " ")
    .replace(/\\eqref\{[^}]*\}/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`|>#]+/g, " ")
    .replace(/-{3,}/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
