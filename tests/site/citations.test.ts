// Every citation in the book resolves to an entry of 附录C, and every entry is cited by at
// least one page other than 附录C itself. Reads the markdown sources (no build needed).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { REFERENCES_PAGE, citationTextMatchesKey, citations, isCitationKey, localLinks, referenceKeys } from "../../site/book-links.js";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");
const pages = readdirSync(src).filter((f) => f.endsWith(".md")).map((f) => ({ name: f.slice(0, -3), text: readFileSync(join(src, f), "utf8") }));
const keys = referenceKeys(pages.find((p) => p.name === REFERENCES_PAGE)!.text);

describe("附录C 参考文献", () => {
  it("has entries, each with a well-formed key, each once", () => {
    assert.ok(keys.length >= 60, `${keys.length} entries`);
    assert.deepEqual(keys.filter((k) => !isCitationKey(k)), []);
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), []);
  });

  it("every citation in the book points at an entry and names its author and year", () => {
    const known = new Set(keys);
    const problems: string[] = [];
    for (const { name, text } of pages) {
      for (const c of citations(text)) {
        if (!known.has(c.key)) problems.push(`${name}.md:${c.line}: no entry ${c.key}`);
        else if (!citationTextMatchesKey(c.text, c.key)) problems.push(`${name}.md:${c.line}: “${c.text}” does not name ${c.key}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("every entry is cited by some page other than 附录C", () => {
    const cited = new Set(pages.filter((p) => p.name !== REFERENCES_PAGE).flatMap((p) => citations(p.text).map((c) => c.key)));
    assert.deepEqual(keys.filter((k) => !cited.has(k)), []);
  });

  it("each entry's 见 links go only to pages that cite it", () => {
    const refs = pages.find((p) => p.name === REFERENCES_PAGE)!.text;
    const keyAt = new Map(refs.split("\n").map((line, i) => [i + 1, /^- <span id="([^"]+)">/.exec(line)?.[1]] as const));
    const problems: string[] = [];
    let checked = 0;
    for (const link of localLinks(refs)) {
      const key = keyAt.get(link.line);
      if (!key || link.page === REFERENCES_PAGE) continue;
      checked++;
      const page = pages.find((p) => p.name === link.page);
      if (!page || !citations(page.text).some((c) => c.key === key)) problems.push(`${key}: ${link.page} does not cite it`);
    }
    assert.ok(checked >= keys.length, `${checked} 见 links`);
    assert.deepEqual(problems, []);
  });
});
