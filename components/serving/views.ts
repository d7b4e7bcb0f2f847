// What the chapter's serving cells show: live load figures, the per-version table of a
// canary, and the batch-size trade-off chart. Plain DOM with data-output hooks.
import { lineChart } from "../charts/line.js";
import { table } from "../charts/table.js";
import type { ArmReport } from "./canary.js";
import type { SweepRow } from "./drive.js";
import type { LoadProgress } from "./load-generator.js";
import { summarizeLatencies } from "./percentiles.js";

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : "—");

/** One line of live figures, refreshed while a load runs. */
export function loadLine(p: LoadProgress, planned: number): string {
  const s = summarizeLatencies(p.latencies);
  const rate = p.answered / Math.max(p.elapsedMs / 1000, 1e-3);
  return `已发送 ${p.sent}/${planned}，已回答 ${p.answered}，失败 ${p.failed}；吞吐 ${rate.toFixed(0)} 次/秒；延迟 p50 ${ms(s.p50)}，p95 ${ms(s.p95)}，p99 ${ms(s.p99)}`;
}

export function armTable(reports: { label: string; report: ArmReport }[], output: string): HTMLTableElement {
  return table(
    reports.map(({ label, report }) => ({
      版本: label,
      请求数: report.requests,
      失败: report.errors,
      准确率: report.accuracy === null ? "—" : `${(report.accuracy * 100).toFixed(1)}%`,
      "p50 (ms)": report.latency.p50,
      "p95 (ms)": report.latency.p95
    })),
    { output }
  );
}

export function sweepTable(rows: SweepRow[], output: string): HTMLTableElement {
  return table(
    rows.map((r) => ({ 最大批大小: r.maxBatch, 平均批大小: r.meanBatch, "吞吐 (次/秒)": r.throughput, "p50 (ms)": r.p50, "p95 (ms)": r.p95, "p99 (ms)": r.p99, 失败: r.failed })),
    { output }
  );
}

/** Latency percentiles against the max batch size (log scale: they span orders of magnitude). */
export function sweepChart(rows: SweepRow[]): HTMLElement {
  const series = (name: string, key: "p50" | "p95" | "p99", color: string) => ({ name, color, values: rows.map((r) => ({ x: r.maxBatch, y: Math.max(r[key], 0.01) })) });
  return lineChart([series("p50", "p50", "#4e79a7"), series("p95", "p95", "#f28e2b"), series("p99", "p99", "#e15759")], { xLabel: "最大批大小", yLabel: "延迟 (ms)", yScale: "log" });
}
