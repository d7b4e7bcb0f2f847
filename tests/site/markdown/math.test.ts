import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { equationPrefix, mathPlugin, sourceFile } from "../../../site/markdown/math.js";

const render = (source: string, path = "/ch3-2-cnn") => new MarkdownIt().use(mathPlugin).render(source, { path });

describe("mathPlugin", () => {
  it("renders inline and display formulas to KaTeX HTML", () => {
    const html = render("公式 $a^2$ 与\n\n$$\nb_1\n$$\n");
    assert.match(html, /<span class="katex">/);
    assert.match(html, /class="katex-display"/);
    assert.doesNotMatch(html, /\$a\^2\$/);
  });
  it("leaves prices and Framework placeholders alone", () => {
    const html = render("花了 $5 和 $6 元；${x}");
    assert.doesNotMatch(html, /katex/);
    assert.match(html, /\$\{x\}/);
  });
  it("numbers labelled equations with the chapter prefix and links references", () => {
    const html = render("$$\nx \\label{eq:a}\n$$\n\n$$\ny\n$$\n\n$$ z \\label{eq:b} $$\n\n见 \\eqref{eq:b} 与 \\eqref{eq:a}。");
    assert.match(html, /id="eq-a"/);
    assert.match(html, /<a class="eqref" href="#eq-b">\(3\.2\.2\)<\/a>/);
    assert.match(html, /<a class="eqref" href="#eq-a">\(3\.2\.1\)<\/a>/);
    assert.match(html, /3\.2\.1/);
  });
  it("keeps an explicit \\tag as the equation's number", () => {
    const html = render("$$\nx \\tag{A1} \\label{eq:s}\n$$\n\n\\eqref{eq:s}");
    assert.match(html, /\(A1\)<\/a>/);
  });
  it("fails with the page's file and the formula on a malformed formula", () => {
    assert.throws(() => render("坏公式 $\\frac{1}{$", "/ch4-training"), (error: Error) => {
      assert.match(error.message, /src\/ch4-training\.md/);
      assert.match(error.message, /\\frac\{1\}\{/);
      return true;
    });
  });
  it("fails on an unknown or duplicate label", () => {
    assert.throws(() => render("\\eqref{eq:missing}"), /unknown equation label.*eq:missing.*src\/ch3-2-cnn\.md/s);
    assert.throws(() => render("$$ a \\label{eq:x} $$\n\n$$ b \\label{eq:x} $$"), /duplicate label/);
  });
});

describe("equationPrefix", () => {
  it("derives the section number from the page path", () => {
    assert.equal(equationPrefix("/ch3-5-transformer"), "3.5.");
    assert.equal(equationPrefix("/ch4-training"), "4.");
    assert.equal(equationPrefix("/index"), "");
  });
});

describe("sourceFile", () => {
  it("names the Markdown file under src/", () => {
    assert.equal(sourceFile({ path: "/ch3-2-cnn" }), "src/ch3-2-cnn.md");
    assert.equal(sourceFile({ path: "/ch3-2-cnn.md" }), "src/ch3-2-cnn.md");
  });
});
