// 附录B: at least 150 terms, each once, each linked to a section that exists; the table of
// renderings matches site/terminology.ts; and no page writes a variant the book avoids.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { elementIds, localLinks, proseLines } from "../../site/book-links.js";
import { avoidedVariants, renderings } from "../../site/terminology.js";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");
const read = (name: string) => readFileSync(join(src, `${name}.md`), "utf8");
const glossary = read("appendix-glossary");
const cells = (row: string) => row.split("|").slice(1, -1).map((c) => c.trim());
const termRows = proseLines(glossary).filter((l) => l.text.startsWith("| ") && l.text.includes("](./"));

describe("附录B 术语表", () => {
  it("has at least 150 terms, each once, each with English and a definition", () => {
    assert.ok(termRows.length >= 150, `${termRows.length} terms`);
    const terms = termRows.map((r) => cells(r.text)[0]);
    assert.deepEqual(terms.filter((t, i) => terms.indexOf(t) !== i), []);
    for (const r of termRows) {
      const [zh, en, definition] = cells(r.text);
      assert.ok(zh && /[A-Za-z]/.test(en) && definition.length >= 6, `line ${r.line}: ${r.text}`);
    }
  });

  it("links every term to a page and heading that exist", () => {
    const problems: string[] = [];
    const rowLines = new Set(termRows.map((r) => r.line));
    const links = localLinks(glossary).filter((l) => rowLines.has(l.line));
    assert.equal(links.length, termRows.length, "one link per term");
    for (const link of links) {
      let ids: Set<string>;
      try {
        ids = elementIds(read(link.page));
      } catch {
        problems.push(`line ${link.line}: no page ${link.page}`);
        continue;
      }
      if (!link.anchor || !ids.has(link.anchor)) problems.push(`line ${link.line}: no #${link.anchor} in ${link.page}`);
    }
    assert.deepEqual(problems, []);
  });

  it("shows the renderings of site/terminology.ts", () => {
    const shown = proseLines(glossary).map((l) => cells(l.text)).filter((c) => c.length === 3);
    for (const r of renderings) {
      assert.ok(shown.some(([use, en, avoid]) => use === r.use && en === r.english && avoid === r.avoid.join("、")), r.use);
    }
  });
});

describe("the book's pages use one rendering per term", () => {
  const pages = readdirSync(src).filter((f) => f.endsWith(".md") && f !== "appendix-glossary.md");
  for (const file of pages) {
    it(file, () => {
      const text = readFileSync(join(src, file), "utf8");
      const found = avoidedVariants(text).map((v) => `${file}:${text.slice(0, v.index).split("\n").length}: ${v.variant} → ${v.use}`);
      assert.deepEqual(found, []);
    });
  }
});
