// The live region speaks progress at most once per interval and the final result always.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAnnouncer } from "../../components/ui/announcer.js";

describe("screen-reader announcer", () => {
  it("throttles progress and always speaks the outcome", () => {
    // The few DOM calls the announcer makes, without a DOM library.
    const attributes = new Map<string, string>();
    const element = { className: "", textContent: "", setAttribute: (k: string, v: string) => attributes.set(k, v), getAttribute: (k: string) => attributes.get(k) ?? null };
    const document = { createElement: () => element };
    let t = 0;
    const a = createAnnouncer(document as unknown as Document, { intervalMs: 20_000, now: () => t });
    assert.equal(a.element.getAttribute("aria-live"), "polite");
    a.progress("第 1 批");
    assert.equal(a.element.textContent, "第 1 批");
    t = 5_000;
    a.progress("第 50 批");
    assert.equal(a.element.textContent, "第 1 批", "too soon: not spoken");
    t = 21_000;
    a.progress("第 200 批");
    assert.equal(a.element.textContent, "第 200 批");
    t = 21_500;
    a.final("训练完成");
    assert.equal(a.element.textContent, "训练完成");
  });
});
