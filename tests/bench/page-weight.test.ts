// The page-weight section of docs/benchmarks.md: gzipped figures, the ≤ 350 KB target before
// the first cell on pages that load tfjs, and the backend chunks recognised in built URLs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backendChunkOf, renderPageWeight, type PageWeight } from "../../bench/page-weight.js";

const row = (page: string, firstCell: number | null, loadsTfjs = true, chunks: string[] = []): PageWeight => ({
  page,
  jsBytes: 900 * 1024,
  jsGzipBytes: 300 * 1024,
  firstCellJsGzipBytes: firstCell === null ? null : firstCell * 1024,
  cssBytes: 10 * 1024,
  requests: 40,
  firstContentfulPaintMs: 120,
  firstFormulaMs: null,
  loadsTfjs,
  backendChunks: chunks
});

describe("page weight report", () => {
  it("marks tfjs pages against the 350 KB target and names the ones over it", () => {
    const text = renderPageWeight([row("ch3-2-cnn", 340), row("ch3-6-bert", 402.5, true, ["webgpu"]), row("index", null, false)]).join("\n");
    assert.match(text, /\| ch3-2-cnn \| 900\.0 KB \| 300\.0 KB \| 340\.0 KB ✓ \|/);
    assert.match(text, /\| ch3-6-bert \|.*\| 402\.5 KB ✗ \|.*\| webgpu \|/);
    assert.match(text, /\| index \|.*\| — \|/);
    assert.match(text, /第一个代码单元运行前最多的是 ch3-6-bert：402\.5 KB JS（gzip；目标 ≤ 350 KB，未达标：ch3-6-bert）/);
  });

  it("reads rows of older runs that had no gzipped figures", () => {
    const old = { ...row("ch4-training", null), jsGzipBytes: undefined, firstCellJsGzipBytes: undefined, backendChunks: undefined };
    assert.match(renderPageWeight([old]).join("\n"), /\| ch4-training \| 900\.0 KB \| — \| — \|/);
  });

  it("recognises the backend chunks of @book/tf, hashed (build) or not (dev server)", () => {
    assert.equal(backendChunkOf("http://127.0.0.1:4000/book/_node/@book/tf@4.22.0/webgpu.5ea07515.js"), "webgpu");
    assert.equal(backendChunkOf("http://127.0.0.1:4000/_node/@book/tf@4.22.0/cpu.js"), "cpu");
    assert.equal(backendChunkOf("http://127.0.0.1:4000/book/_node/@book/tf@4.22.0/index.4fc4bd65.js"), null);
  });
});
