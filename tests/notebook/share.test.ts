import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeCode, encodeCode, parseShareHash, shareUrl } from "../../components/notebook/share.js";

describe("share links", () => {
  it("round-trip code, Chinese and all, through the URL hash", async () => {
    const code = "// 把 logits 改大\nconst logits: number[] = [10, 1, 0.1];\n".repeat(5);
    const url = await shareUrl("http://127.0.0.1/book/index.html?q=1#old", "logits", code);
    const parsed = parseShareHash(new URL(url).hash);
    assert.ok(parsed && "cell" in parsed);
    assert.equal(parsed.cell, "logits");
    assert.equal(await decodeCode(parsed.payload), code);
    assert.ok(url.startsWith("http://127.0.0.1/book/index.html?q=1#share=logits."));
    assert.ok(url.length < code.length + 100, "compressed");
  });
  it("ignore other hashes, say what is wrong with a broken link, and reject corrupted payloads", async () => {
    assert.equal(parseShareHash("#eq-softmax"), null);
    const error = (hash: string) => {
      const parsed = parseShareHash(hash);
      assert.ok(parsed && "error" in parsed, `${hash} is reported as broken`);
      return parsed.error;
    };
    assert.match(error("#share=Bad.id"), /不允许的字符/);
    assert.match(error("#share=logits.abc$%^"), /代码部分含有不允许的字符「\$」/);
    assert.match(error("#share=logits"), /点号/);
    assert.match(error("#share=logits."), /没有代码/);
    await assert.rejects(decodeCode(await encodeCode("x").then((p) => p.slice(0, -2) + "zz")));
  });
});
