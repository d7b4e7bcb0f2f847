// `npm run bench` in smoke mode: one tiny model, two batches, one backend, two pages. It
// must produce well-formed results with every field; no timing is asserted.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseArgs, runBench } from "../../bench/run.js";
import { renderReport, type BenchResults } from "../../bench/report.js";

describe("npm run bench -- --smoke", () => {
  it("writes JSON with the machine, training, reference, overhead and pages, and a report can be made from it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-smoke-"));
    try {
      const out = join(dir, "smoke.json");
      await runBench(parseArgs(["--smoke", "--out", out]));
      const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
      assert.equal(results.smoke, true);
      for (const key of ["cpus", "cpuModel", "os", "node", "browser", "userAgent", "adapter", "defaultBackend"] as const) assert.ok(String(results.machine[key]).length > 0, `machine.${key}`);
      assert.equal(typeof results.machine.adapterIsSoftware, "boolean");
      assert.equal(typeof results.machine.crossOriginIsolated, "boolean");
      assert.equal(results.training.length, 1);
      const row = results.training[0];
      assert.ok(!("skipped" in row), "wasm trains here");
      if (!("skipped" in row)) {
        assert.equal(row.backend, "wasm");
        for (const key of ["samplesPerSecond", "msPerBatch", "epochSeconds", "peakTensors", "peakBytes", "firstLoss", "lastLoss"] as const) assert.ok(Number.isFinite(row[key]) && row[key] > 0, `training.${key} = ${row[key]}`);
        assert.equal(row.batches, 2);
      }
      const reference = results.reference?.cnn;
      assert.ok(reference, "the PyTorch reference ran or says why not");
      if (reference.available) assert.ok(reference.samplesPerSecond > 0);
      else assert.match(reference.reason, /python3-torch|pytorch_reference/);
      assert.ok(results.overhead && results.overhead.ratio > 0, "engine overhead measured");
      assert.deepEqual(results.pages.map((p) => p.page), ["index", "ch3-2-cnn"]);
      for (const page of results.pages) assert.ok(page.jsBytes > 0 && page.cssBytes > 0 && page.requests > 0);
      assert.equal(results.pages[0].loadsTfjs, false, "a page without cells does not load tfjs");
      assert.equal(results.pages[1].loadsTfjs, true);
      assert.ok(results.pages[1].firstFormulaMs !== null, "3.2 has formulas");
      const report = renderReport([{ ...results, smoke: false }]);
      assert.match(report, /## 训练速度/);
      assert.match(report, /## 页面重量/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects unknown options with the list of valid ones", () => {
    assert.throws(() => parseArgs(["--only", "everything"]), /--only everything/);
    assert.throws(() => parseArgs(["--fast"]), /可用/);
  });
});
