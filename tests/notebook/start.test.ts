import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Analyzed, Compiler } from "../../components/notebook/cell-define.js";
import { bootNotebook, defineCells, reportStartFailure, startNotebook, type StartingCell } from "../../components/notebook/start.js";
import { encodeCode } from "../../components/notebook/share.js";
import { connectFramework } from "../../components/notebook/framework-client.js";
import { asDocument, fakeDocument, FakeElement } from "../fixtures/fake-dom.js";

/** A cell that records, in one shared log, what the start-up asked of it. */
function fakeCell(id: string, log: string[]): StartingCell & { shared?: string } {
  return {
    id,
    original: `book ${id}`,
    analyze: (code: string, compile: Compiler | null) => {
      log.push(`analyze ${id}${compile ? " compiled" : ""}`);
      return { error: code } as Analyzed;
    },
    declare: () => void log.push(`declare ${id}`),
    define: () => void log.push(`define ${id}`),
    holdShared: () => void log.push(`hold ${id}`),
    explainWaiting: () => void log.push(`explain ${id}`),
    showShared(code: string) {
      this.shared = code;
    },
    showNotice: (message: string) => void log.push(`notice ${id}: ${message}`),
    scrollIntoView: () => {}
  };
}

const noCompiler = () => Promise.reject(new Error("the book's own code needs no compiler"));
const fakeCompiler = () => Promise.resolve({} as Compiler);

describe("the notebook's start-up", () => {
  it("declares every cell before it defines any, and loads no compiler for the book's code", async () => {
    const log: string[] = [];
    const cells = ["a", "b", "c"].map((id) => fakeCell(id, log));
    await defineCells(asDocument(fakeDocument()), cells, cells.map((cell) => cell.original), noCompiler);
    assert.deepEqual(log, ["analyze a", "analyze b", "analyze c", "declare a", "declare b", "declare c", "define a", "define b", "define c"]);
  });

  it("compiles restored edits, and holds the cell a share link opened while the others are defined", async () => {
    const log: string[] = [];
    const cells = ["a", "b"].map((id) => fakeCell(id, log));
    const doc = fakeDocument(`#share=b.${await encodeCode("const x = 1;")}`);
    await defineCells(asDocument(doc), cells, ["edited a", "book b"], fakeCompiler);
    assert.equal(cells[1].shared, "const x = 1;");
    assert.deepEqual(log, ["analyze a compiled", "analyze b compiled", "declare a", "declare b", "define a", "hold b", "explain b"]);
  });

  it("says at the top of the page when a share link names a cell the page lacks, and starts the book's code", async () => {
    const log: string[] = [];
    const cells = [fakeCell("a", log)];
    const doc = fakeDocument(`#share=zzz.${await encodeCode("1")}`);
    await defineCells(asDocument(doc), cells, ["book a"], noCompiler);
    assert.deepEqual(log, ["analyze a", "declare a", "define a"]);
    const [notice] = doc.main.find("shareNotice");
    assert.match(notice.textContent, /本页没有这个单元/);
  });

  it("a failed start-up shows a Chinese message in the page and logs the error (not a silent page)", () => {
    const broken = new FakeElement("figure");
    broken.dataset.cell = "a";
    // The cell's embedded source, cut short (a truncated download, say).
    Object.assign(broken, { querySelector: () => ({ textContent: '{"code": "1' }) });
    const doc = fakeDocument("", [broken]);
    const logged: unknown[][] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      assert.deepEqual(startNotebook({ define() {}, undefine() {}, knownNames: () => new Set() }, asDocument(doc)), []);
    } finally {
      console.error = error;
    }
    const [notice] = doc.main.find("startError");
    assert.ok(notice, "the page says the cells did not start");
    assert.match(notice.textContent, /本页的代码单元没能启动（.*JSON.*），代码仍可阅读/);
    assert.equal(notice.attributes.get("role"), "alert");
    assert.equal(logged.length, 1);
    assert.ok(logged[0][1] instanceof SyntaxError);
  });

  it("a Framework client the engine cannot use is reported in the page too", () => {
    const doc = fakeDocument();
    const error = console.error;
    console.error = () => {};
    try {
      assert.deepEqual(bootNotebook(() => connectFramework({ define() {} }), asDocument(doc)), []);
    } finally {
      console.error = error;
    }
    assert.match(doc.main.find("startError")[0].textContent, /没能启动（本书的笔记本引擎无法连接 Observable Framework 的运行时（客户端没有导出 undefine）/);
  });

  it("reports a start-up that fails later (a rejected promise) the same way", () => {
    const doc = fakeDocument();
    const logged: unknown[][] = [];
    reportStartFailure(asDocument(doc), "编译器没能加载", { error: (...args: unknown[]) => void logged.push(args) });
    assert.match(doc.main.find("startError")[0].textContent, /没能启动（编译器没能加载）/);
    assert.deepEqual(logged, [["笔记本引擎启动失败", "编译器没能加载"]]);
  });
});
