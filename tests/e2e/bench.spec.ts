// `npm run bench` in smoke mode: one tiny model, two batches, one backend, two pages. It
// must produce well-formed results with every field; no timing is asserted.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, runBench } from "../../bench/run.js";
import { loadResults, renderReport, type BenchResults } from "../../bench/report.js";
import { runNodeLane } from "../../bench/node-webgpu.js";
import type { BenchData } from "../../components/bench/throughput.js";
import { test } from "./browser.js";

const root = join(import.meta.dirname, "..", "..");

test.describe("npm run bench -- --smoke", () => {
  test("writes JSON with the machine, training, reference, overhead and pages, and a report can be made from it", async () => {
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
        assert.ok(row.counts && row.counts.kernelsPerStep > 0, "kernels per step counted");
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

  test("rejects unknown options with the list of valid ones", () => {
    assert.throws(() => parseArgs(["--only", "everything"]), /--only everything/);
    assert.throws(() => parseArgs(["--fast"]), /可用/);
    assert.throws(() => parseArgs(["--node-webgpu", "--pytorch", "tpu"]), /--pytorch tpu/);
    assert.throws(() => parseArgs(["--node-webgpu", "--batch-sizes", "64,0"]), /--batch-sizes 0/);
  });
});

test.describe("npm run bench -- --node-webgpu", () => {
  test("takes the lane's options", () => {
    const options = parseArgs(["--node-webgpu", "--model", "cnn,transformer", "--batch-sizes", "64,256", "--min-seconds", "2", "--pytorch", "cuda"]);
    assert.equal(options.nodeWebgpu, true);
    assert.deepEqual(options.lane.models, ["cnn", "transformer"]);
    assert.deepEqual(options.lane.batchSizes, [64, 256]);
    assert.equal(options.lane.minSeconds, 2);
    assert.equal(options.lane.pytorch, "cuda");
    assert.equal(parseArgs([]).nodeWebgpu, false);
  });

  test("runs the lane's loop on tfjs's cpu backend (no Vulkan needed) with counts and no leak", async () => {
    const run = await runNodeLane({} as BenchData, { models: ["transformer"], batchSizes: [4], batches: 1, minSeconds: 0, warmupBatches: 1, countBatches: 1, backend: "cpu", pytorch: "none" });
    assert.equal(run.backend, "cpu");
    assert.equal(run.adapter, "");
    assert.equal(run.rows.length, 1);
    const [row] = run.rows;
    assert.ok(!("skipped" in row.result), "trained");
    if (!("skipped" in row.result)) {
      assert.ok(row.result.samplesPerSecond > 0);
      // The book's fused kernels are registered on cpu (82 a step at batch 64; tfjs's ops alone ran 1,029).
      assert.ok(row.result.counts && row.result.counts.kernelsPerStep > 20 && row.result.counts.kernelsPerStep < 400, `kernels per step: ${row.result.counts?.kernelsPerStep}`);
      assert.equal(row.result.counts.uploadsPerStep, null, "uploads are a WebGPU figure");
    }
    assert.deepEqual(row.gpuErrors, []);
    assert.equal(row.reference, null);
  });

  test("the report shows each lane run's adapter, WebGPU beside PyTorch and WASM, invalid runs marked, and the counts", () => {
    const files = readdirSync(join(root, "bench", "results")).filter((f) => f.endsWith("-node-webgpu.json"));
    assert.ok(files.length > 0, "a node-webgpu result is committed");
    const runs = loadResults(root);
    const lane = runs.filter((r) => r.nodeWebgpu?.backend === "webgpu").at(-1)!;
    const report = renderReport(runs);
    assert.match(report, /## WebGPU 原生通道 Node \+ Dawn/);
    assert.ok(report.includes(`适配器“${lane.nodeWebgpu!.adapter}”`), "adapter named");
    assert.match(report, /2 核 WASM/);
    const withErrors = lane.nodeWebgpu!.rows.filter((r) => r.gpuErrors.length).length;
    assert.equal(report.split("**结果无效**").length - 1 >= withErrors, true, "every run with WebGPU errors is marked invalid");
    assert.match(report, /## 每个训练步的内核与上传/);
    for (const model of ["3.2 CNN", "3.3 LSTM", "3.5 Transformer"]) assert.match(report, new RegExp(`\\| ${model.replace(".", "\\.")} \\| Node webgpu`));
  });
});
