// The page-shell fixes find their targets in the HTML Framework renders, and fail loudly when
// the shell changes (a Framework upgrade must be looked at, not shipped blind).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fixPageHtml, TESTED_FRAMEWORK } from "../../site/html-fixes.js";

const shell = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<meta name="generator" content="Observable Framework v1.13.4">
</head>
<body>
<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">
<label id="observablehq-sidebar-backdrop" for="observablehq-sidebar-toggle"></label>
<nav id="observablehq-sidebar">
  <ol>
    <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>
    <li class="observablehq-link"><a href="./index.html">首页</a></li>
  </ol>
</nav>
</body>
</html>`;

describe("page-shell accessibility fixes", () => {
  it("declares Chinese, allows zoom, labels the toggle and keeps the list's children valid", () => {
    const fixed = fixPageHtml(shell);
    assert.match(fixed, /<html lang="zh-CN">/);
    assert.match(fixed, /content="width=device-width, initial-scale=1">/);
    assert.doesNotMatch(fixed, /maximum-scale/);
    assert.match(fixed, /aria-label="显示或隐藏目录"/);
    assert.match(fixed, /<nav id="observablehq-sidebar">\s*<label id="observablehq-sidebar-close"[^>]*><\/label>\s*<ol>\s*<li/);
  });

  it("skips the sidebar fixes on a page without a sidebar", () => {
    const noSidebar = shell.replace(/<input id="observablehq-sidebar-toggle"[\s\S]*<\/nav>/, "");
    assert.match(fixPageHtml(noSidebar), /<html lang="zh-CN">/);
  });

  it("fails loudly, naming the fix, when the shell has changed", () => {
    assert.throws(() => fixPageHtml(shell.replace("<html>", '<html class="x">')), /lang/);
    assert.throws(() => fixPageHtml(shell.replace(", maximum-scale=1", "")), /zoomable viewport/);
  });

  it("was written against the installed Framework version", () => {
    const require = createRequire(import.meta.url);
    const { version } = JSON.parse(readFileSync(require.resolve("@observablehq/framework/package.json"), "utf8")) as { version: string };
    assert.equal(version, TESTED_FRAMEWORK, "Framework changed: check site/html-fixes.ts against its render.js, then update TESTED_FRAMEWORK");
  });
});
