import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cellInputs, implicitImports, importPrologue, makeBody, type CellHelpers } from "../../components/notebook/cell-body.js";
import { ThrownValueError } from "../../components/notebook/errors.js";
import { analyzeCell, CellSyntaxError } from "../../components/notebook/compile.js";

const known = new Set(["display", "view", "width", "logits", "tf", "x"]);
const helpers = (extra: Partial<CellHelpers> = {}): CellHelpers => ({
  importModule: async (specifier) => ({ imported: specifier, default: `default of ${specifier}` }),
  guard: () => {},
  console,
  ...extra
});
const run = async (code: string, args: Record<string, unknown> = {}, extra: Partial<CellHelpers> = {}) => {
  const cell = analyzeCell(code, "ts");
  const inputs = cellInputs(cell, known);
  return { cell, inputs, value: await makeBody(cell, inputs, helpers(extra))(...inputs.map((name: string) => args[name])) };
};

describe("analyzeCell", () => {
  it("strips TypeScript types and returns top-level declarations", async () => {
    const { cell, inputs, value } = await run("const n: number = 2;\nfunction twice(v: number): number { return v * n; }\nlet [a, {b}] = [1, {b: 2}];");
    assert.deepEqual(cell.outputs, ["n", "twice", "a", "b"]);
    assert.deepEqual(inputs, []);
    assert.equal((value as { twice(v: number): number }).twice(3), 6);
  });
  it("reads other cells' names as inputs, but not property names or its own names", async () => {
    const { inputs, value } = await run("const logitsCopy = logits.map((v) => v * 2);\nconst o = {width: 1};\nconst y = o.width + x;", { logits: [1, 2], x: 10 });
    assert.deepEqual(inputs, ["logits", "x"]);
    assert.deepEqual((value as { logitsCopy: number[] }).logitsCopy, [2, 4]);
    assert.equal((value as { y: number }).y, 11);
  });
  it("does not take a shadowed name from the page (params, locals, catch, loops, classes)", () => {
    const code = [
      "const grid = rows.map((_, i) => i);",
      "function f(d3) { const Plot = 1; return d3 + Plot; }",
      "try { g(); } catch (error) { console.log(error); }",
      "for (const item of items) item.x = 1;",
      "for (let k = 0; k < n; k++) { var hoisted = k; }",
      "class Box { size() { return width; } }",
      "const h = function self() { return self; };",
      "{ let inner = 1; inner += outer; }",
      "total = hoisted + inner;"
    ].join("\n");
    const refs = analyzeCell(code, "ts").references;
    for (const name of ["_", "i", "d3", "Plot", "error", "item", "k", "hoisted", "self", "grid", "f", "Box"]) assert.ok(!refs.includes(name), `${name} is local`);
    for (const name of ["rows", "g", "items", "n", "width", "outer", "total", "inner"]) assert.ok(refs.includes(name), `${name} is read from the page`);
  });

  it("supports top-level await", async () => {
    const { value } = await run("const v = await Promise.resolve(42);");
    assert.equal((value as { v: number }).v, 42);
  });
  it("displays the value of a lone expression", async () => {
    const shown: unknown[] = [];
    const { inputs } = await run("logits.length", { logits: [1, 2, 3], display: (v: unknown) => shown.push(v) });
    assert.deepEqual(inputs, ["display", "logits"]);
    assert.deepEqual(shown, [3]);
  });
  it("turns imports into the engine's import function, on the same lines", async () => {
    const cell = analyzeCell('import * as tf from "@book/tf";\nimport {a as b} from "./x.js";\nimport "./side.js";\nconst z = 1;', "ts");
    assert.deepEqual(cell.outputs, ["z"], "imported names stay in the cell");
    assert.deepEqual(cell.importBindings, [
      { specifier: "@book/tf", imported: "*", local: "tf" },
      { specifier: "./x.js", imported: "a", local: "b" }
    ]);
    assert.deepEqual(cell.imports, ["@book/tf", "./x.js", "./side.js"]);
    assert.deepEqual(cell.source.split("\n").slice(0, 4), ['const tf = await __import__("@book/tf");', 'const {a: b} = await __import__("./x.js");', 'await __import__("./side.js");', "const z = 1;"]);
    const { value } = await run('import lib from "@book/tf";\nconst got = lib;');
    assert.equal((value as { got: string }).got, "default of @book/tf");
  });
  it("reports a syntax error at the cell's line and column", () => {
    assert.throws(
      () => analyzeCell("const a = 1;\nconst b = ;\n", "ts"),
      (error: CellSyntaxError) => error instanceof CellSyntaxError && error.line === 2 && error.column === 11
    );
    assert.throws(() => analyzeCell("const a = 1;\nconst b = ;\n", "js"), (error: CellSyntaxError) => error.line === 2 && error.column === 11);
  });
  it("reports a TypeScript syntax error at the cell's line", () => {
    assert.throws(() => analyzeCell("const a = 1;\n\nconst f = (x: number => x;", "ts"), (error: CellSyntaxError) => error.line === 3);
  });
  it("lists the files a cell attaches by literal name", () => {
    assert.deepEqual(analyzeCell('const a = await FileAttachment("data/mnist.bin").arrayBuffer();\nconst b = FileAttachment(name);', "ts").files, ["data/mnist.bin"]);
  });
  it("refuses export", () => {
    assert.throws(() => analyzeCell("export const a = 1;", "ts"), /export/);
  });
  it("guards every kind of loop without moving lines", async () => {
    let calls = 0;
    const code = "let n = 0;\nfor (let i = 0; i < 3; i++) n++;\nwhile (n < 5) { n++; }\ndo n++; while (n < 6);\nfor (const v of [1, 2]) n += v;\nfor (const k in {a: 1}) n++;";
    const { value } = await run(code, {}, { guard: () => void calls++ });
    assert.equal((value as { n: number }).n, 10);
    assert.equal(calls, 3 + 2 + 1 + 2 + 1);
    assert.equal(analyzeCell(code, "ts").source.split("\n").length, code.split("\n").length + 1);
  });
  it("stops an endless loop when the guard throws", async () => {
    let calls = 0;
    const guard = () => {
      if (++calls > 1000) throw new Error("interrupted");
    };
    await assert.rejects(run("while (true) {}", {}, { guard }), /interrupted/);
  });
});

describe("makeBody", () => {
  it("adds the cell line to a runtime error", async () => {
    await assert.rejects(run("const a = 1;\nconst b = 2;\nnull.boom;"), (error: Error) => {
      assert.match(error.message, /（第 3 行）$/);
      return true;
    });
  });
  it("gives the cell its own console", async () => {
    const lines: unknown[][] = [];
    const own = { ...console, log: (...args: unknown[]) => void lines.push(args) };
    await run('console.log("hi", 1);', {}, { console: own });
    assert.deepEqual(lines, [["hi", 1]]);
  });
  it("wraps display", async () => {
    const shown: unknown[] = [];
    await run("display(1);", { display: (v: unknown) => shown.push(v) }, { wrapDisplay: (display) => (v) => display(`wrapped ${v}`) });
    assert.deepEqual(shown, ["wrapped 1"]);
  });
});

describe("imports shared across cells", () => {
  const bookTf = { specifier: "@book/tf", imported: "*", local: "tf" };
  it("give a cell tf, and names another cell imports, without defining them twice", async () => {
    const a = analyzeCell('import * as tf from "@book/tf";\nimport {fit} from "./fit.js";\nconst m = 1;', "ts");
    const b = analyzeCell("const y = tf.zeros([2]); fit(y);", "ts");
    const imports = implicitImports(b, new Set(["m"]), a.importBindings);
    assert.deepEqual(imports, [bookTf, { specifier: "./fit.js", imported: "fit", local: "fit" }]);
    assert.equal(importPrologue(imports), 'const tf = await __import__("@book/tf"); const {"fit": fit} = await __import__("./fit.js");');
    const loaded: string[] = [];
    const body = makeBody(b, [], { console, prologue: imports, importModule: async (s) => (loaded.push(s), s === "@book/tf" ? { zeros: (shape: number[]) => shape } : { fit: (y: unknown) => y }) });
    assert.deepEqual(await body(), { y: [2] });
    assert.deepEqual(loaded, ["@book/tf", "./fit.js"]);
  });
  it("leave a name alone when a cell declares it or it is known", () => {
    const b = analyzeCell("const t = tf;", "ts");
    assert.deepEqual(implicitImports(b, new Set(["tf"]), []), []);
    assert.deepEqual(implicitImports(analyzeCell("const tf = 1;", "ts"), new Set(), []), []);
  });
  it("keep line numbers with a prologue", async () => {
    const cell = analyzeCell("const a = 1;\nnull.boom;", "ts");
    await assert.rejects(makeBody(cell, [], { console, prologue: [bookTf], importModule: async () => ({}) })(), /（第 2 行）$/);
  });
});

describe("dynamic imports and thrown values", () => {
  it("send import(…) through the engine's import function", async () => {
    const cell = analyzeCell('const m = await import("https://example.com/x.js");', "ts");
    assert.match(cell.source, /await __import__\("https:\/\/example\.com\/x\.js"\)/);
    const seen: string[] = [];
    await assert.rejects(run('const m = await import("https://example.com/x.js");', {}, { importModule: async (s) => (seen.push(s), Promise.reject(new Error("refused"))) }), /refused/);
    assert.deepEqual(seen, ["https://example.com/x.js"]);
  });
  it("turn a thrown number or null into an Error with the cell line", async () => {
    await assert.rejects(run("const a = 1;\nthrow 42;"), (error: Error) => {
      assert.ok(error instanceof ThrownValueError);
      assert.match(error.message, /不是 Error 对象，而是 数字 42/);
      assert.match(error.message, /（第 2 行）$/);
      return true;
    });
    await assert.rejects(run("if (true) throw null"), /而是 null/);
    await assert.rejects(run('throw new TypeError("kept")'), (error: Error) => error instanceof TypeError && /kept/.test(error.message));
  });
  it("keep edits in order where a loop guard and a throw meet", async () => {
    const guardCalls: number[] = [];
    await assert.rejects(run("while (true) throw 1", {}, { guard: () => void guardCalls.push(1) }), /数字 1/);
    assert.equal(guardCalls.length, 1);
    await assert.rejects(run('for (;;) await import("x")', {}, { importModule: async () => Promise.reject(new Error("no")) }), /no/);
  });
});
