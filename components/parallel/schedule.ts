// Pipeline schedules on paper (5.1, src/ch5-1-parallel.md): GPipe (all forwards, then all
// backwards) and 1F1B (one forward, one backward once the pipeline is full), with a forward
// taking `f` and a backward `b` time units on every stage. Used to draw the schedules and to
// check the bubble formula (p−1)/(m+p−1).
import type { Span } from "./timeline.js";

interface Op {
  stage: number;
  micro: number;
  kind: "前向" | "反向";
}

/** The order in which each stage runs its operations. */
function stageOrders(kind: "gpipe" | "1f1b", p: number, m: number): Op[][] {
  return Array.from({ length: p }, (_, s) => {
    const F = (j: number): Op => ({ stage: s, micro: j, kind: "前向" });
    const B = (j: number): Op => ({ stage: s, micro: j, kind: "反向" });
    if (kind === "gpipe") return [...Array.from({ length: m }, (_, j) => F(j)), ...Array.from({ length: m }, (_, j) => B(m - 1 - j))];
    // 1F1B: stage s warms up with p−1−s forwards, then alternates, then drains the backwards.
    const warm = Math.min(m, p - 1 - s);
    const ops: Op[] = Array.from({ length: warm }, (_, j) => F(j));
    let f = warm;
    let b = 0;
    while (b < m) {
      if (f < m) ops.push(F(f++));
      ops.push(B(b++));
    }
    return ops;
  });
}

/** Times every operation as early as its dependencies allow (the forward of micro-batch j on
 * stage s after the one on stage s−1; its backward after the one on stage s+1). */
export function pipelineSchedule(kind: "gpipe" | "1f1b", p: number, m: number, f = 1, b = 2): Span[] {
  const orders = stageOrders(kind, p, m);
  const finished = new Map<string, number>();
  const key = (o: Op) => `${o.kind}${o.stage}:${o.micro}`;
  const position = orders.map(() => 0);
  const free = orders.map(() => 0);
  const spans: Span[] = [];
  for (let guard = 0; spans.length < 2 * p * m; guard++) {
    if (guard > 8 * p * m) throw new Error("流水线调度出现死锁");
    for (let s = 0; s < p; s++) {
      const op = orders[s][position[s]];
      if (!op) continue;
      const dep = op.kind === "前向" ? (s === 0 ? 0 : finished.get(`前向${s - 1}:${op.micro}`)) : s === p - 1 ? finished.get(`前向${s}:${op.micro}`) : finished.get(`反向${s + 1}:${op.micro}`);
      if (dep === undefined) continue;
      const start = Math.max(free[s], dep);
      const end = start + (op.kind === "前向" ? f : b);
      finished.set(key(op), end);
      free[s] = end;
      position[s]++;
      spans.push({ row: `阶段 ${s}`, start, end, kind: op.kind, label: String(op.micro) });
    }
  }
  return spans;
}

/** 1 − busy time / (stages × makespan): the idle share of a schedule. */
export function measuredBubble(spans: Span[], busyKinds = ["前向", "反向"]): number {
  const rows = new Set(spans.map((s) => s.row));
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  const busy = spans.filter((s) => busyKinds.includes(s.kind)).reduce((a, s) => a + s.end - s.start, 0);
  return 1 - busy / (rows.size * (end - start));
}

/** The most micro-batches whose activations a stage holds at once (GPipe: m; 1F1B: ≤ p). */
export function peakInFlight(spans: Span[], row: string): number {
  const events = spans.filter((s) => s.row === row).sort((a, b) => a.start - b.start);
  let held = 0;
  let peak = 0;
  for (const s of events) {
    held += s.kind === "前向" ? 1 : -1;
    peak = Math.max(peak, held);
  }
  return peak;
}
