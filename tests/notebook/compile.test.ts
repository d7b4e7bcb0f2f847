import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CellSyntaxError, compileCell, makeBody } from "../../components/notebook/compile.js";

const known = new Set(["display", "view", "width", "logits", "tf", "x"]);
const options = { lang: "ts" as const, knownNames: known, resolveImport: (s: string) => (s === "@book/tf" ? "./_node/tf.js" : null) };
const run = async (code: string, args: Record<string, unknown> = {}) => {
  const cell = compileCell(code, options);
  return { cell, value: await makeBody(cell)(...cell.inputs.map((name) => args[name])) };
};

describe("compileCell", () => {
  it("strips TypeScript types and returns top-level declarations", async () => {
    const { cell, value } = await run("const n: number = 2;\nfunction twice(v: number): number { return v * n; }\nlet [a, {b}] = [1, {b: 2}];");
    assert.deepEqual(cell.outputs, ["n", "twice", "a", "b"]);
    assert.deepEqual(cell.inputs, []);
    assert.equal((value as { twice(v: number): number }).twice(3), 6);
  });
  it("reads other cells' names as inputs, but not property names or its own names", async () => {
    const { cell, value } = await run("const logitsCopy = logits.map((v) => v * 2);\nconst o = {width: 1};\nconst y = o.width + x;", { logits: [1, 2], x: 10 });
    assert.deepEqual(cell.inputs, ["logits", "x"]);
    assert.deepEqual((value as { logitsCopy: number[] }).logitsCopy, [2, 4]);
    assert.equal((value as { y: number }).y, 11);
  });
  it("supports top-level await", async () => {
    const { value } = await run("const v = await Promise.resolve(42);");
    assert.equal((value as { v: number }).v, 42);
  });
  it("displays the value of a lone expression", async () => {
    const shown: unknown[] = [];
    const { cell } = await run("logits.length", { logits: [1, 2, 3], display: (v: unknown) => shown.push(v) });
    assert.deepEqual(cell.inputs, ["display", "logits"]);
    assert.deepEqual(shown, [3]);
  });
  it("rewrites imports the page has loaded and refuses others", () => {
    const cell = compileCell('import * as tf from "@book/tf";\nconst z = 1;', options);
    assert.deepEqual(cell.outputs, ["tf", "z"]);
    assert.match(cell.source, /^const tf = await import\("\.\/_node\/tf\.js"\);\nconst z = 1;/);
    assert.throws(() => compileCell('import x from "left-pad";', options), /无法导入 "left-pad"/);
  });
  it("reports a syntax error at the cell's line and column", () => {
    assert.throws(
      () => compileCell("const a = 1;\nconst b = ;\n", options),
      (error: CellSyntaxError) => error instanceof CellSyntaxError && error.line === 2 && error.column === 11
    );
  });
  it("reports a TypeScript syntax error at the cell's line", () => {
    assert.throws(() => compileCell("const a = 1;\n\nconst f = (x: number => x;", options), (error: CellSyntaxError) => error.line === 3);
  });
  it("refuses export", () => {
    assert.throws(() => compileCell("export const a = 1;", options), /export/);
  });
});

describe("makeBody", () => {
  it("adds the cell line to a runtime error", async () => {
    const cell = compileCell("const a = 1;\nconst b = 2;\nnull.boom;", options);
    await assert.rejects(makeBody(cell)(), (error: Error) => {
      assert.match(error.message, /（第 3 行）$/);
      return true;
    });
  });
  it("keeps lines after a multi-line import", async () => {
    const cell = compileCell('import {\n  a\n} from "@book/tf";\nundefinedThing();', { ...options, lang: "js" });
    assert.equal(cell.source.split("\n")[3], "undefinedThing();");
  });
});
