// Every link from one page of the book to another (./page, ./page.html, ./page#anchor) names a
// page that exists and an anchor that page will have once built. Source-only, so it runs
// without a build; tests/e2e/links.spec.ts checks the same on dist/.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { elementIds, localLinks } from "../../site/book-links.js";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");
const names = readdirSync(src).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3));
const ids = new Map(names.map((name) => [name, elementIds(readFileSync(join(src, `${name}.md`), "utf8"))]));

describe("links between pages", () => {
  for (const name of names) {
    it(`${name}.md: every ./page#anchor resolves`, () => {
      const problems: string[] = [];
      for (const link of localLinks(readFileSync(join(src, `${name}.md`), "utf8"))) {
        const target = ids.get(link.page);
        if (!target) {
          if (!existsSync(join(src, link.page))) problems.push(`${name}.md:${link.line}: no page ${link.page}`);
        } else if (link.anchor && !target.has(link.anchor)) problems.push(`${name}.md:${link.line}: no #${link.anchor} in ${link.page}`);
      }
      assert.deepEqual(problems, []);
    });
  }
});
