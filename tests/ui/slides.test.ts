// Slides mode's model: splitting a page into slides, keys, and the slide number in the URL.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clampSlide, searchWithSlide, slideAction, slideAtLine, slideCounter, slideFromSearch, slideLabel, splitSlides, stepSlide, type Block } from "../../components/ui/slides.js";

const b = (tag: string, text = ""): Block => ({ tag, text });

describe("splitSlides", () => {
  it("makes a title slide of the h1 and intro, then one slide per h2 up to the next", () => {
    const page = [b("h1", "3.1 神经网络基础"), b("div"), b("h2", " 3.1.1\n前向传播 "), b("p"), b("figure"), b("h2", "小结"), b("ul"), b("div")];
    const { slides, slideOf } = splitSlides(page);
    assert.deepEqual(slides, [
      { title: "3.1 神经网络基础", first: 0 },
      { title: "3.1.1 前向传播", first: 2 },
      { title: "小结", first: 5 }
    ]);
    assert.deepEqual(slideOf, [0, 0, 1, 1, 1, 2, 2, 2]);
  });

  it("gives a page without h2 one slide, named by its h1 or else the page title", () => {
    assert.deepEqual(splitSlides([b("h1", "模型库"), b("p"), b("div")]).slides, [{ title: "模型库", first: 0 }]);
    assert.deepEqual(splitSlides([b("p"), b("h3", "小节")], "搜索").slides, [{ title: "搜索", first: 0 }]);
    assert.deepEqual(splitSlides([], "空页").slides, [{ title: "空页", first: 0 }]);
  });

  it("adds no empty title slide when the page opens with an h2", () => {
    const { slides, slideOf } = splitSlides([b("h2", "一"), b("p"), b("h2", "二")]);
    assert.deepEqual(slides.map((s) => s.title), ["一", "二"]);
    assert.deepEqual(slideOf, [0, 0, 1]);
  });
});

describe("slideAction", () => {
  it("moves on → PageDown Space, back on ← PageUp Shift+Space, jumps on Home End, leaves on Escape", () => {
    const cases: [string, boolean, string | null][] = [
      ["ArrowRight", false, "next"], ["PageDown", false, "next"], [" ", false, "next"],
      ["ArrowLeft", false, "prev"], ["PageUp", false, "prev"], [" ", true, "prev"],
      ["Home", false, "first"], ["End", false, "last"], ["Escape", false, "exit"],
      ["ArrowDown", false, null], ["ArrowUp", false, null], ["a", false, null], ["ArrowRight", true, null]
    ];
    for (const [key, shiftKey, expected] of cases) assert.equal(slideAction({ key, shiftKey }, "page"), expected, `${shiftKey ? "Shift+" : ""}${key}`);
  });

  it("leaves every key typed in an editor or text field to it", () => {
    for (const key of ["ArrowRight", "ArrowLeft", " ", "PageDown", "Home", "End", "Escape"]) assert.equal(slideAction({ key }, "text"), null, key);
  });

  it("lets Space press a focused button and ← → scroll a focused wide formula", () => {
    assert.equal(slideAction({ key: " " }, "control"), null);
    assert.equal(slideAction({ key: "ArrowRight" }, "control"), "next");
    assert.equal(slideAction({ key: "ArrowRight" }, "scroller"), null);
    assert.equal(slideAction({ key: "ArrowLeft" }, "scroller"), null);
    assert.equal(slideAction({ key: "PageDown" }, "scroller"), "next");
  });

  it("ignores keys with Ctrl, Alt or Meta (the browser's own shortcuts)", () => {
    assert.equal(slideAction({ key: "ArrowLeft", altKey: true }, "page"), null);
    assert.equal(slideAction({ key: "End", ctrlKey: true }, "page"), null);
    assert.equal(slideAction({ key: "ArrowRight", metaKey: true }, "page"), null);
  });
});

describe("stepSlide", () => {
  it("stays within the slides", () => {
    assert.equal(stepSlide(0, 5, "prev"), 0);
    assert.equal(stepSlide(0, 5, "next"), 1);
    assert.equal(stepSlide(4, 5, "next"), 4);
    assert.equal(stepSlide(2, 5, "first"), 0);
    assert.equal(stepSlide(2, 5, "last"), 4);
    assert.equal(clampSlide(99, 3), 2);
    assert.equal(clampSlide(Number.NaN, 3), 0);
  });
});

describe("slide number in the URL", () => {
  it("reads ?slides as the first slide and ?slides=N as the Nth", () => {
    assert.equal(slideFromSearch(""), null);
    assert.equal(slideFromSearch("?q=卷积"), null);
    assert.equal(slideFromSearch("?slides"), 0);
    assert.equal(slideFromSearch("?slides="), 0);
    assert.equal(slideFromSearch("?slides=3"), 2);
    assert.equal(slideFromSearch("?slides=0"), 0);
    assert.equal(slideFromSearch("?slides=-2"), 0);
    assert.equal(slideFromSearch("?slides=abc"), 0);
  });

  it("writes the slide and keeps the other parameters; null removes it", () => {
    assert.equal(searchWithSlide("", 0), "?slides=1");
    assert.equal(searchWithSlide("?slides", 4), "?slides=5");
    assert.equal(searchWithSlide("?a=1&slides=2", 2), "?a=1&slides=3");
    assert.equal(searchWithSlide("?a=1&slides=2", null), "?a=1");
    assert.equal(searchWithSlide("?slides=2", null), "");
    assert.equal(slideFromSearch(searchWithSlide("?x=y", 7)), 7, "round trip");
  });
});

describe("labels and position", () => {
  it("counts from 1 and names the slide", () => {
    const slides = [{ title: "3.1 神经网络基础", first: 0 }, { title: "小结", first: 4 }];
    assert.equal(slideCounter(1, 12), "2 / 12");
    assert.equal(slideLabel(slides, 1), "幻灯片 2 / 2：小结");
    assert.equal(slideLabel([{ title: "", first: 0 }], 0), "幻灯片 1 / 1");
  });

  it("picks the section whose start has scrolled to the top", () => {
    assert.equal(slideAtLine([0, 500, 1200], 80), 0);
    assert.equal(slideAtLine([-900, -100, 600], 80), 1);
    assert.equal(slideAtLine([-2000, -900, 60], 80), 2);
  });
});
