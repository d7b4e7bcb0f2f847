import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSearch, excerpt, type SearchDoc } from "../../components/search/index.js";

const doc = (page: string, heading: string, text: string, anchor = ""): SearchDoc => ({ id: `${page}#${anchor}`, page, pageTitle: page, anchor, heading, text });
const docs = [
  doc("cnn.html", "卷积与互相关", "卷积核在图像上滑动，计算加权和。", "conv"),
  doc("transformer.html", "位置编码", "正弦位置编码给每个位置一个向量。", "pe"),
  doc("attention.html", "注意力权重", "注意力把分数变成权重。", "w"),
  doc("rnn.html", "编码器", "置换不变的结构。")
];

describe("createSearch", () => {
  const search = createSearch(docs);
  it("finds a Chinese word in the middle of a sentence", () => {
    assert.deepEqual(search("加权").map((hit) => hit.page), ["cnn.html"]);
  });
  it("requires every bigram of the query (no match on 编码 alone for 位置编码)", () => {
    assert.deepEqual(search("位置编码").map((hit) => hit.anchor), ["pe"]);
  });
  it("returns nothing for an empty query", () => {
    assert.deepEqual(search("  "), []);
  });
  it("ranks headings above body text", () => {
    const hits = createSearch([doc("a.html", "其他", "这里顺便提到注意力。"), ...docs])("注意力");
    assert.equal(hits[0].page, "attention.html");
  });
});

describe("excerpt", () => {
  it("shows text around the first match", () => {
    const text = "甲".repeat(100) + "卷积" + "乙".repeat(100);
    const result = excerpt(text, "卷积", 10);
    assert.ok(result.includes("卷积"));
    assert.ok(result.startsWith("…") && result.endsWith("…"));
  });
});
