// The monitoring cell's charts (第7章 7.3): drift score per window against the alert
// threshold, mean confidence, and accuracy once labels arrive.
import { lineChart } from "../charts/line.js";
import type { WindowReport } from "./monitor.js";

export function driftChart(reports: WindowReport[], threshold: number): HTMLElement {
  const x = (r: WindowReport) => r.index + 1;
  return lineChart(
    [
      { name: "类别 PSI", color: "#4e79a7", values: reports.map((r) => ({ x: x(r), y: Math.max(r.classPsi, 1e-3) })) },
      { name: "置信度 PSI", color: "#f28e2b", values: reports.map((r) => ({ x: x(r), y: Math.max(r.confidencePsi, 1e-3) })) },
      { name: `告警线 ${threshold}`, color: "#e15759", dashed: true, values: reports.map((r) => ({ x: x(r), y: threshold })) }
    ],
    { xLabel: "窗口", yLabel: "PSI", yScale: "log" }
  );
}

export function accuracyChart(reports: WindowReport[], accuracy: (number | null)[]): HTMLElement {
  return lineChart(
    [
      { name: "平均置信度", color: "#f28e2b", values: reports.map((r) => ({ x: r.index + 1, y: r.meanConfidence })) },
      { name: "准确率（标签到达后）", color: "#59a14f", values: accuracy.flatMap((a, i) => (a === null ? [] : [{ x: i + 1, y: a }])) }
    ],
    { xLabel: "窗口", yLabel: "比例", yDomain: [0, 1] }
  );
}
