// Reads the book's markdown for the cross-references the tests check: citation links into
// 附录C, glossary links into the chapters, and the element ids a page will have once built
// (heading ids exactly as site/markdown/headings.ts assigns them, plus explicit id="…").
import { slugify, splitHeadingId } from "./markdown/slug.js";

export interface ProseLine {
  text: string;
  line: number; // 1-based line number in the file
}

export interface LocalLink {
  text: string;
  page: string; // "ch3-2-cnn" for ./ch3-2-cnn, ./ch3-2-cnn.html
  anchor: string | undefined;
  line: number;
}

/** The lines a reader sees as prose: front matter and fenced blocks (cells, exercises, listings) left out. */
export function proseLines(markdown: string): ProseLine[] {
  const lines = markdown.split("\n");
  const out: ProseLine[] = [];
  let start = 0;
  if (lines[0] === "---") {
    const end = lines.indexOf("---", 1);
    if (end > 0) start = end + 1;
  }
  let fence: string | undefined;
  for (let i = start; i < lines.length; ++i) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(lines[i])?.[1];
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence ? undefined : marker;
      continue;
    }
    if (!fence) out.push({ text: lines[i], line: i + 1 });
  }
  return out;
}

/** Links to another page of the book written as ./page or ./page.html, with an optional #anchor. */
export function localLinks(markdown: string): LocalLink[] {
  const links: LocalLink[] = [];
  for (const { text, line } of proseLines(markdown)) {
    for (const m of text.matchAll(/\[([^\]]*)\]\(\.\/([\w-]+?)(?:\.html)?(?:#([^)\s]+))?\)/g)) {
      links.push({ text: m[1], page: m[2], anchor: m[3] && decodeURIComponent(m[3]), line });
    }
  }
  return links;
}

export const REFERENCES_PAGE = "appendix-references";

/** Citations: links into 附录C, e.g. [Vaswani 等, 2017](./appendix-references#vaswani2017). */
export function citations(markdown: string): { key: string; text: string; line: number }[] {
  return localLinks(markdown)
    .filter((link) => link.page === REFERENCES_PAGE && link.anchor)
    .map((link) => ({ key: link.anchor!, text: link.text, line: link.line }));
}

/** The keys of 附录C's entries, in page order: `- <span id="key"></span>Author…`. */
export function referenceKeys(markdown: string): string[] {
  const keys: string[] = [];
  for (const { text } of proseLines(markdown)) {
    const m = /^\s*[-*]\s+<span id="([^"]+)"><\/span>/.exec(text);
    if (m) keys.push(m[1]);
  }
  return keys;
}

/** A citation key is the first author's surname in lower case, the year, and a/b when needed. */
export function isCitationKey(key: string): boolean {
  return /^[a-z]+\d{4}[a-z]?$/.test(key);
}

/** Whether a citation's text names the key's author and year ("Vaswani 等, 2017" for vaswani2017). */
export function citationTextMatchesKey(text: string, key: string): boolean {
  const [, surname, year] = /^([a-z]+)(\d{4})/.exec(key) ?? [];
  if (!surname) return false;
  const plain = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\s-]/g, "");
  return plain.includes(surname) && text.includes(year);
}

/** The ids the built page will carry: every heading's id (with -2, -3 for repeats) and explicit id="…". */
export function elementIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      const [title, explicit] = splitHeadingId(heading[1]);
      let id = explicit ?? (slugify(title) || "section");
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      if (n) id += `-${n + 1}`;
      ids.add(id);
    }
    for (const m of text.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]);
  }
  return ids;
}
