// The exercise fence (site/markdown/exercises.ts): question, hints and solution; the
// solution dropped when BOOK_SOLUTIONS=0; placeholders; the block that mounts the page's
// bank; the catalog of the progress page.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { collectCatalog, exercisesPlugin, pageName, parseExerciseInfo, renderExercise, solutionsEnabled, splitExercise } from "../../site/markdown/exercises.js";

const highlight = (code: string) => `<pre class="shiki">${code}</pre>`;
function render(source: string, path = "/ch3-1-nn-basics"): string {
  const md = new MarkdownIt();
  md.renderer.rules.fence = (tokens, idx) => `<framework info="${tokens[idx].info}">${tokens[idx].content}</framework>`;
  return md.use(exercisesPlugin, highlight).render(source, { path });
}

const page = '# 页\n\n````exercise id=ch3-1-a title="两个 词"\n求 $x^2$，其中 x = {{x}}。\n--- hint\n第一条提示\n--- hint\n第二条\n--- solution\n答案是 {{answer}}。\n```ts\nconst y = 1;\n```\n````\n';

describe("parseExerciseInfo / splitExercise", () => {
  it("reads the id and a quoted title, and ignores other fences", () => {
    assert.deepEqual(parseExerciseInfo('exercise id=ch3-1-a title="两个 词"'), { id: "ch3-1-a", title: "两个 词" });
    assert.equal(parseExerciseInfo("ts cell=x"), null);
    assert.equal(parseExerciseInfo("exercise-catalog"), null);
  });
  it("splits the question, hints and solution", () => {
    const source = splitExercise("a", "t", "问\n--- hint\n甲\n---  hint \n乙\n--- solution\n解");
    assert.deepEqual([source.prompt, source.hints, source.solution], ["问", ["甲", "乙"], "解"]);
    assert.equal(splitExercise("a", "t", "问").solution, null);
  });
  it("names pages and reads the flag", () => {
    assert.equal(pageName("/ch3-1-nn-basics"), "ch3-1-nn-basics");
    assert.equal(pageName("ch3-1-nn-basics.md"), "ch3-1-nn-basics");
    assert.equal(solutionsEnabled({}), true);
    assert.equal(solutionsEnabled({ BOOK_SOLUTIONS: "0" }), false);
  });
});

describe("exercisesPlugin", () => {
  const html = render(page);
  it("renders a section with the test hook, numbered label, placeholders, hidden hints and the solution behind a reveal", () => {
    assert.match(html, /<section class="exercise" data-exercise="ch3-1-a" id="exercise-ch3-1-a">/);
    assert.match(html, /练习 3\.1\.1/);
    assert.match(html, /<strong class="exercise-title">两个 词<\/strong>/);
    assert.match(html, /class="katex"/);
    assert.match(html, /x = <span class="exercise-param" data-param="x">…<\/span>/);
    assert.equal((html.match(/data-hint="\d" hidden/g) ?? []).length, 2);
    assert.match(html, /<details class="exercise-solution" data-solution><summary data-action="solution">查看解答<\/summary>/);
    assert.match(html, /答案是 <span class="exercise-param" data-answer>/);
    assert.match(html, /<pre class="shiki">const y = 1;/);
  });
  it("appends one block that mounts the page's bank", () => {
    const boot = [...html.matchAll(/<framework info="js echo=false">([\s\S]*?)<\/framework>/g)];
    assert.equal(boot.length, 1);
    // The bank and the widgets are dynamic imports (lazy-mount.ts decides when), not static ones.
    assert.doesNotMatch(boot[0][1], /^import \{exercises\}/m);
    assert.match(boot[0][1], /import\("\.\/components\/exercise\/bank\/ch3-1-nn-basics\.js"\)/);
    assert.match(boot[0][1], /mountExercisesWhenNeeded\(document, /);
    assert.match(boot[0][1], /mount\.mountExercises\(document, bank\.exercises, "ch3-1-nn-basics"\)/);
    assert.doesNotMatch(render("# 页\n\n```js\n1\n```\n"), /mountExercises/);
  });
  it("fails the build on a duplicate or malformed id", () => {
    assert.throws(() => render("```exercise id=a\n1\n```\n\n```exercise id=a\n2\n```\n"), /duplicate exercise id/);
    assert.throws(() => render("```exercise id=Bad_Id\n1\n```\n"), /bad exercise id/);
  });
});

describe("renderExercise without solutions", () => {
  it("drops the solution and keeps everything else", () => {
    const source = splitExercise("a", "t", "问\n--- hint\n提示文字\n--- solution\n独一无二的解答文字");
    const md = new MarkdownIt();
    const withSolution = renderExercise(source, "练习 1", (t) => md.render(t), true);
    const without = renderExercise(source, "练习 1", (t) => md.render(t), false);
    assert.match(withSolution, /独一无二的解答文字/);
    assert.doesNotMatch(without, /独一无二的解答文字|data-solution/);
    assert.match(without, /提示文字/);
  });
});

describe("collectCatalog", () => {
  it("lists every exercise of the table of contents' pages in reading order", () => {
    const catalog = collectCatalog((name) => (name === "ch3-3-rnn" ? '```exercise id=b title="乙"\n…\n```\n' : name === "ch3-1-nn-basics" ? page : null));
    assert.deepEqual(catalog, [
      { id: "ch3-1-a", title: "两个 词", page: "ch3-1-nn-basics", chapter: "3.1 神经网络基础" },
      { id: "b", title: "乙", page: "ch3-3-rnn", chapter: "3.3 循环神经网络" }
    ]);
  });
});
