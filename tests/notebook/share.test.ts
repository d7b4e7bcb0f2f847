import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeCode, encodeCode, parseShareHash, shareUrl } from "../../components/notebook/share.js";

describe("share links", () => {
  it("round-trip code, Chinese and all, through the URL hash", async () => {
    const code = "// 把 logits 改大\nconst logits: number[] = [10, 1, 0.1];\n".repeat(5);
    const url = await shareUrl("http://127.0.0.1/book/index.html?q=1#old", "logits", code);
    const parsed = parseShareHash(new URL(url).hash);
    assert.equal(parsed?.cell, "logits");
    assert.equal(await decodeCode(parsed!.payload), code);
    assert.ok(url.startsWith("http://127.0.0.1/book/index.html?q=1#share=logits."));
    assert.ok(url.length < code.length + 100, "compressed");
  });
  it("ignore other hashes and reject corrupted payloads", async () => {
    assert.equal(parseShareHash("#eq-softmax"), null);
    assert.equal(parseShareHash("#share=Bad.id"), null);
    await assert.rejects(decodeCode(await encodeCode("x").then((p) => p.slice(0, -2) + "zz")));
  });
});
