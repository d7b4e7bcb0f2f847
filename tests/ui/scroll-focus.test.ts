// An element counts as scrollable only where its CSS lets it scroll and its content is larger.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scrolls } from "../../components/ui/scroll-focus.js";

const box = (scrollWidth: number, clientWidth: number, scrollHeight = 10, clientHeight = 10) => ({ scrollWidth, clientWidth, scrollHeight, clientHeight }) as Element;

describe("scrollable regions", () => {
  it("a wide formula with overflow-x auto scrolls; one that fits does not", () => {
    assert.equal(scrolls(box(900, 600), { overflowX: "auto", overflowY: "hidden" }), true);
    assert.equal(scrolls(box(600, 600), { overflowX: "auto", overflowY: "hidden" }), false);
  });
  it("overflowing content that is clipped or visible is not a scroll region", () => {
    assert.equal(scrolls(box(900, 600), { overflowX: "hidden", overflowY: "hidden" }), false);
    assert.equal(scrolls(box(900, 600), { overflowX: "visible", overflowY: "visible" }), false);
  });
  it("vertical scrolling counts too", () => {
    assert.equal(scrolls(box(10, 10, 500, 200), { overflowX: "visible", overflowY: "scroll" }), true);
  });
});
