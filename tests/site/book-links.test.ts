import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { headingIdsPlugin } from "../../site/markdown/headings.js";
import {
  citationTextMatchesKey,
  citations,
  elementIds,
  isCitationKey,
  localLinks,
  proseLines,
  referenceKeys
} from "../../site/book-links.js";

const page = `---
title: 示例
---
# 3.5 Transformer

## 位置编码 {#pe}

正文引用 [Vaswani 等, 2017](./appendix-references#vaswani2017)，另见 [3.2](./ch3-2-cnn.html#conv) 与 [首页](./index)。

\`\`\`ts cell=x
// [不是链接](./appendix-references#fake2000)
## 不是标题
\`\`\`

## 小结
## 小结
<span id="extra"></span>
`;

describe("proseLines", () => {
  it("skips front matter and fenced blocks, keeping line numbers", () => {
    const lines = proseLines(page);
    assert.equal(lines[0].line, 4);
    assert.ok(!lines.some((l) => l.text.includes("不是")));
    assert.ok(!lines.some((l) => l.text.startsWith("title:")));
  });
  it("does not end a ```` fence on a shorter ``` line", () => {
    const text = "````md\n```ts\n## 里面\n```\n````\n## 外面";
    assert.deepEqual(proseLines(text).map((l) => l.text), ["## 外面"]);
  });
});

describe("localLinks and citations", () => {
  it("finds ./page and ./page.html links with anchors, outside code", () => {
    assert.deepEqual(
      localLinks(page).map(({ page, anchor }) => [page, anchor]),
      [["appendix-references", "vaswani2017"], ["ch3-2-cnn", "conv"], ["index", undefined]]
    );
  });
  it("decodes percent-encoded anchors", () => {
    assert.equal(localLinks("[x](./ch1#%E4%BD%8D%E7%BD%AE)")[0].anchor, "位置");
  });
  it("lists citations with their key, text and line", () => {
    assert.deepEqual(citations(page), [{ key: "vaswani2017", text: "Vaswani 等, 2017", line: 8 }]);
  });
});

describe("referenceKeys", () => {
  it("reads the entry keys in order", () => {
    const refs = "## C.1\n\n- <span id=\"lecun1998\"></span>LeCun, Y. (1998).\n- <span id=\"he2016\"></span>He, K. (2016).\n- 没有锚点的一行";
    assert.deepEqual(referenceKeys(refs), ["lecun1998", "he2016"]);
  });
});

describe("citation keys", () => {
  it("accepts surname + year (+ letter)", () => {
    assert.ok(isCitationKey("vaswani2017"));
    assert.ok(isCitationKey("goodfellow2015a"));
    assert.ok(!isCitationKey("Vaswani2017"));
    assert.ok(!isCitationKey("vaswani17"));
  });
  it("checks that the text names the author and the year", () => {
    assert.ok(citationTextMatchesKey("Vaswani 等, 2017", "vaswani2017"));
    assert.ok(citationTextMatchesKey("Krizhevsky、Sutskever 与 Hinton, 2012", "krizhevsky2012"));
    assert.ok(citationTextMatchesKey("Viégas, 2017", "viegas2017"));
    assert.ok(citationTextMatchesKey("Epoch AI, 2024", "epoch2024"));
    assert.ok(!citationTextMatchesKey("Vaswani 等, 2018", "vaswani2017"));
    assert.ok(!citationTextMatchesKey("Devlin 等, 2017", "vaswani2017"));
  });
});

describe("elementIds", () => {
  it("gives the same heading ids as the book's markdown-it plugin, plus explicit ids", () => {
    const md = new MarkdownIt({ html: true }).use(headingIdsPlugin);
    const rendered = new Set([...md.render(page.split("---\n").slice(2).join("---\n")).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const ids = elementIds(page);
    for (const id of ["3-5-transformer", "pe", "小结", "小结-2", "extra"]) assert.ok(ids.has(id), id);
    for (const id of rendered) assert.ok(ids.has(id), `rendered id ${id}`);
    assert.ok(!ids.has("不是标题"));
  });
});
