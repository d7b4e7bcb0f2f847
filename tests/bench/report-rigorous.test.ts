import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderRigorous } from "../../bench/report-rigorous.js";
import type { RigorousLane, RigorousRun } from "../../bench/rigorous.js";
import { summarizeRatios } from "../../bench/stats.js";

function lane(model: RigorousLane["model"], wasm: number[], pytorch: number[], target: number): RigorousLane {
  const samples = wasm.flatMap((w, repetition) => [
    { side: "wasm" as const, repetition, samplesPerSecond: w, batches: 96, firstLoss: 2.3, lastLoss: 1.1, threads: 1 },
    { side: "pytorch" as const, repetition, samplesPerSecond: pytorch[repetition], batches: 150, firstLoss: 2.31, lastLoss: 0.9, threads: 1 }
  ]);
  return { model, threads: 1, wasmThreads: 1, pytorchThreads: 1, crossOriginIsolated: false, torch: "1.13", request: { model, size: "full", batchSize: 64, warmupBatches: 3, batches: 32, minSeconds: 3 }, samples, ratio: summarizeRatios(wasm.map((w, i) => w / pytorch[i]), target) };
}

describe("the rigorous section of docs/benchmarks.md", () => {
  const run: RigorousRun = {
    loadBefore: [1.5, 1.2, 1],
    loadAfter: [1.8, 1.5, 1.1],
    seconds: 600,
    repetitions: 3,
    minSeconds: 3,
    skipped: [],
    lanes: [lane("cnn", [1600, 1700, 1800], [1000, 1000, 1000], 1.5), lane("transformer", [900, 1100, 1200], [1000, 1000, 1000], 1), lane("lstm", [300, 310, 320], [1000, 1000, 1000], 0.7)]
  };
  const context = { date: "2026-12-05T03:00:00Z", command: "npm run bench -- --only training --rigorous", machine: "2 核", cpus: 2 };
  const text = renderRigorous(run, { date: "2026-12-05T03:00:00Z", command: "npm run bench -- --only training --rigorous", machine: "2 核", cpus: 2 }).join("\n");

  it("gives each ratio's median, range and verdict, never 'met' for a range that crosses the target", () => {
    const row = (name: string) => text.split("\n").find((l) => l.startsWith(`| ${name} |`))!;
    assert.match(row("3.2 CNN"), /\*\*170%\*\* \| 160%–180% \| .* \| 1\.1× \/ 1\.0× \/ 1\.1× \| ≥ 150% \| 达到 \|$/);
    assert.match(row("3.5 Transformer"), /\*\*110%\*\* \| 90%–120% \| .* \| ≥ 100% \| 不确定（范围跨过目标） \|$/);
    assert.match(row("3.3 LSTM"), /\| 未达到 \|$/);
  });

  it("states the thread counts, the machine's load before and after, and the losses of both sides", () => {
    assert.match(text, /\| 1 \/ 1 \|/);
    assert.match(text, /开始时 1\.50 \/ 1\.20 \/ 1\.00，结束时 1\.80 \/ 1\.50 \/ 1\.10/);
    assert.match(text, /并不空闲/);
    assert.doesNotMatch(text, /过载/);
  });

  it("marks every verdict as indicative only when the load before the bench exceeded the cores", () => {
    // The load at the end includes the bench's own browser and PyTorch: it alone proves nothing.
    const busyAtEnd = renderRigorous({ ...run, loadBefore: [0.4, 0.3, 0.2], loadAfter: [2.5, 2, 1.5] }, context).join("\n");
    assert.match(busyAtEnd, /测量开始时机器空闲/);
    assert.doesNotMatch(busyAtEnd, /过载|并不空闲/);
    const overloaded = renderRigorous({ ...run, loadBefore: [2.5, 2, 1.5] }, context).join("\n");
    assert.match(overloaded, /\*\*过载\*\*/);
    assert.equal(overloaded.match(/（机器过载，仅供参考） \|$/gm)?.length, 3);
    assert.match(text, /\| 3\.2 CNN \| 2\.300（2\.300–2\.300） \| 1\.100（1\.100–1\.100） \| 96（96–96） \| 2\.310/);
  });
});
