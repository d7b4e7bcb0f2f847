import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { cellsPlugin, parseCellInfo } from "../../../site/markdown/cells.js";

// Stand-in for Framework's fence renderer: marks what it was asked to render.
function render(source: string, path = "/ch3-1-nn-basics"): string {
  const md = new MarkdownIt();
  md.renderer.rules.fence = (tokens, idx) => `<framework info="${tokens[idx].info}">${tokens[idx].content}</framework>`;
  return md.use(cellsPlugin, (code: string) => `<pre class="shiki">${code}</pre>`).render(source, { path });
}

describe("parseCellInfo", () => {
  it("reads the language and the cell id", () => {
    assert.deepEqual(parseCellInfo("ts cell=grad-check"), { lang: "ts", cell: "grad-check" });
    assert.equal(parseCellInfo("ts"), null);
    assert.equal(parseCellInfo("python cell=x"), null);
  });
});

describe("cellsPlugin", () => {
  const page = '# 页\n\n```ts cell=a\nimport * as tf from "@book/tf";\nconst n: number = 1;\n```\n\n```python\nprint(1)\n```\n';
  const html = render(page);
  it("renders a figure with test hooks, highlighted code and the analysed source", () => {
    assert.match(html, /<figure class="book-cell" data-cell="a" data-cell-lang="ts" data-runtime-id="[0-9a-f]{8}">/);
    for (const action of ["edit", "run", "reset", "share"]) assert.match(html, new RegExp(`data-action="${action}"`));
    assert.match(html, /<pre class="shiki">import \* as tf/);
    const json = JSON.parse(/<script type="application\/json" data-cell-source>(.*?)<\/script>/s.exec(html)![1]);
    assert.equal(json.code, 'import * as tf from "@book/tf";\nconst n: number = 1;\n');
    assert.deepEqual(json.analyzed.outputs, ["n"], "imported names stay in the cell");
    assert.deepEqual(json.analyzed.importBindings, [{ specifier: "@book/tf", imported: "*", local: "tf" }]);
    assert.match(html, /data-output><div class="observablehq observablehq--block"><!--:[0-9a-f]{8}:--><\/div>/);
  });
  it("leaves other fences to Framework and appends one block that imports the cells' modules and starts the engine", () => {
    assert.match(html, /<framework info="python">print\(1\)/);
    const boot = [...html.matchAll(/<framework info="js echo=false">([\s\S]*?)<\/framework>/g)];
    assert.equal(boot.length, 1);
    assert.match(boot[0][1], /^import "@book\/tf";/);
    assert.match(boot[0][1], /bootNotebook\(\(\) => connectFramework\(client\)\)/);
  });
  it("adds nothing to pages without cells", () => {
    assert.doesNotMatch(render("# 页\n\n```js\n1\n```\n"), /bootNotebook/);
  });
  it("fails the build on a syntax error, naming the file and the line", () => {
    assert.throws(() => render("# 页\n\n```ts cell=bad\nconst a = 1;\nconst b = ;\n```\n", "/ch4-training"), /src\/ch4-training\.md.*cell line 2 \(file line 5\)/s);
  });
  it("fails the build on a duplicate or malformed id", () => {
    assert.throws(() => render("```ts cell=a\n1\n```\n\n```ts cell=a\n2\n```\n"), /duplicate cell id/);
    assert.throws(() => render("```ts cell=Bad_Id\n1\n```\n"), /bad cell id/);
  });
});
