// Every page of the table of contents exists and reads as a page: a title, the goals
// (本章/本节目标), an outline that maps to the source articles, and no placeholder text.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { tocPages } from "../../site/toc.js";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

describe("table of contents", () => {
  it("lists the 20 pages of shared/TOC.md, each once", () => {
    const paths = tocPages().map((page) => page.path);
    assert.equal(paths.length, 20);
    assert.equal(new Set(paths).size, paths.length);
  });
  for (const { path, name, title } of tocPages()) {
    it(`${path} has its title, goals, outline and no placeholder`, () => {
      const file = join(src, `${path.slice(1)}.md`);
      assert.ok(existsSync(file), `missing ${file}`);
      const text = readFileSync(file, "utf8");
      assert.match(text, /目标/, "goals (本章目标)");
      if (path !== "/index") {
        assert.ok(text.includes(`# ${title ?? name}`), `first heading should be "# ${title ?? name}"`);
        assert.match(text, /## 本(章|节|附录)结构/, "outline section");
        assert.match(text, /outline-source/, "outline names the source articles");
      }
      assert.doesNotMatch(text, /TODO|TBD|lorem|ipsum|待补充|待完成/i);
    });
  }
});
