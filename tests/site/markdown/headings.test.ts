import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { headingIdsPlugin } from "../../../site/markdown/headings.js";
import { slugify, splitHeadingId } from "../../../site/markdown/slug.js";

describe("slugify", () => {
  it("keeps Chinese characters", () => {
    assert.equal(slugify("3.5.3 位置编码（PE）"), "3-5-3-位置编码-pe");
  });
});

describe("splitHeadingId", () => {
  it("splits an explicit {#id}", () => {
    assert.deepEqual(splitHeadingId("位置编码 {#positional-encoding}"), ["位置编码", "positional-encoding"]);
    assert.deepEqual(splitHeadingId("位置编码"), ["位置编码", undefined]);
  });
});

describe("headingIdsPlugin", () => {
  const md = new MarkdownIt().use(headingIdsPlugin);
  it("uses explicit ids and hides the marker", () => {
    const html = md.render("## 位置编码 {#pe}\n");
    assert.equal(html.trim(), '<h2 id="pe">位置编码</h2>');
  });
  it("makes repeated headings unique", () => {
    const html = md.render("## 小结\n\n## 小结\n");
    assert.match(html, /id="小结"/);
    assert.match(html, /id="小结-2"/);
  });
});
