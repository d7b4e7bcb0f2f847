// The training panel every chapter shows while a model trains: progress bar, epoch and
// batch, samples per second, time left, a live loss/accuracy chart, and 停止. It turns
// fit()'s callbacks into a view; fit() itself never touches the page. When WebGPU reports an
// error the run stops (loop.ts) and the panel says so, with a button that reloads the page
// on WASM and starts this cell's training again.
import { lineChart, type Series } from "../charts/line.js";
import type { BatchProgress, EpochLog, FitHistory, FitOptions } from "./fit.js";
import type { GpuRunError } from "../backend/gpu-errors.js";
import { resumeIfAsked, showGpuRerun } from "../backend/gpu-rerun.js";
import { createAnnouncer } from "../ui/announcer.js";
import { panelFrame } from "../ui/panel-frame.js";

export interface TrainingPanel {
  element: HTMLElement;
  /** Spread into fit()'s options: signal, onBatchEnd, onEpochEnd, onGpuError. */
  callbacks: Pick<FitOptions, "signal" | "onBatchEnd" | "onEpochEnd" | "onGpuError">;
  stop(): void;
  finish(history: FitHistory): void;
  /** Stops training; the engine calls this when the cell reruns. */
  dispose(): void;
  /** Resolves when training may begin: at once, or when the reader presses 开始训练. */
  ready: Promise<void>;
}

export function trainingPanel({ title = "训练进度", width = 520, autostart = true } = {}, doc: Document = document): TrainingPanel {
  const frame = panelFrame({ title, stopLabel: "停止训练（保留已训练的模型）" }, doc);
  const { element, stop: stopButton, bar, status, controller } = frame;
  // The visible line changes every batch; screen readers hear a throttled copy (ui/announcer.ts).
  const announcer = createAnnouncer(doc);
  element.append(announcer.element);
  status.textContent = "准备训练…";
  const chart = element.appendChild(doc.createElement("div"));
  chart.className = "training-chart";
  // Heavy models wait for the reader instead of training as soon as the page opens.
  let ready = Promise.resolve();
  if (!autostart) {
    const start = frame.startButton("开始训练", () => (status.textContent = "准备训练…"));
    status.textContent = "按“开始训练”开始（训练期间页面可以照常使用）。";
    ready = start.pressed;
    resumeIfAsked(element, start.button, doc);
  }

  const batches: { x: number; y: number }[] = [];
  const epochs: EpochLog[] = [];
  let lastDraw = 0;
  // `epochEnd`: an epoch ended or training finished. While the reader has the chart's data
  // table open, the chart is redrawn only then (a table that rebuilt every 250 ms would jump
  // under the reader), and the new chart's table opens again where it was scrolled to.
  const draw = (epochEnd = false) => {
    const table = chart.querySelector<HTMLDetailsElement>("details.chart-data");
    if (table?.open && !epochEnd) return;
    const series: Series[] = [{ name: "训练损失（每批）", values: batches }];
    if (epochs.some((e) => e.valLoss !== undefined)) series.push({ name: "验证损失", values: epochs.map((e) => ({ x: e.epoch, y: e.valLoss! })), dashed: true });
    const accuracy = epochs.filter((e) => e.accuracy !== undefined);
    if (accuracy.length) series.push({ name: "训练准确率", values: accuracy.map((e) => ({ x: e.epoch, y: e.accuracy! })) });
    if (epochs.some((e) => e.valAccuracy !== undefined)) series.push({ name: "验证准确率", values: epochs.map((e) => ({ x: e.epoch, y: e.valAccuracy! })), dashed: true });
    const focused = table?.contains(doc.activeElement) ?? false;
    const scrolled = table?.querySelector(".chart-data-scroll")?.scrollTop ?? 0;
    chart.replaceChildren(lineChart(series, { width, height: 200, xLabel: "轮（epoch）", yLabel: "损失 / 准确率" }));
    if (!table?.open) return;
    const reopened = chart.querySelector<HTMLDetailsElement>("details.chart-data");
    if (!reopened) return;
    // The table is built by the toggle event that opening fires (charts/data-table.ts).
    reopened.addEventListener("toggle", () => reopened.querySelector(".chart-data-scroll")?.scrollTo({ top: scrolled }), { once: true });
    reopened.open = true;
    if (focused) reopened.querySelector("summary")?.focus({ preventScroll: true });
  };

  const onBatchEnd = (p: BatchProgress) => {
    // A panel that left the page (its cell reran) stops its training.
    if (!element.isConnected) controller.abort();
    batches.push({ x: p.epoch - 1 + p.batch / p.batchesPerEpoch, y: p.loss });
    const done = (p.epoch - 1 + p.batch / p.batchesPerEpoch) / p.epochs;
    bar.value = done;
    bar.dataset.progress = done.toFixed(3);
    status.textContent = `第 ${p.epoch}/${p.epochs} 轮 · 第 ${p.batch}/${p.batchesPerEpoch} 批 · 损失 ${p.loss.toFixed(4)} · ${Math.round(p.samplesPerSecond)} 样本/秒 · 剩余约 ${formatDuration(p.etaMs)}`;
    announcer.progress(`训练进度 ${Math.round(done * 100)}%，损失 ${p.loss.toFixed(3)}，剩余约 ${formatDuration(p.etaMs)}`);
    const now = performance.now();
    if (now - lastDraw > 250) {
      lastDraw = now;
      draw();
    }
  };
  const onEpochEnd = (log: EpochLog) => {
    epochs.push(log);
    draw(true);
  };
  const onGpuError = (error: GpuRunError) => {
    element.dataset.state = "gpu-error";
    stopButton.disabled = true;
    status.textContent = "WebGPU 出错，训练已停止。";
    announcer.final(status.textContent);
    showGpuRerun(error, element, doc);
  };
  return {
    element,
    callbacks: { signal: controller.signal, onBatchEnd, onEpochEnd, onGpuError },
    stop: () => controller.abort(),
    finish(history) {
      draw(true);
      stopButton.disabled = true;
      const last = history.epochs.at(-1);
      const summary = last ? `最后一轮损失 ${last.loss.toFixed(4)}${last.accuracy !== undefined ? `，准确率 ${(last.accuracy * 100).toFixed(1)}%` : ""}` : "";
      status.textContent = `${history.stopped ? "已停止（模型保留已训练的部分）" : "训练完成"} · ${history.batches.length} 批 · 平均 ${Math.round(history.samplesPerSecond)} 样本/秒${summary ? ` · ${summary}` : ""}`;
      announcer.final(status.textContent);
      element.dataset.state = history.stopped ? "stopped" : "done";
      // Mean loss of the first and last few batches, for readers' scripts and the tests.
      const mean = (batches: { loss: number }[]) => batches.reduce((sum, b) => sum + b.loss, 0) / Math.max(1, batches.length);
      const window = Math.max(1, Math.min(5, Math.floor(history.batches.length / 3)));
      element.dataset.lossStart = mean(history.batches.slice(0, window)).toFixed(5);
      element.dataset.lossEnd = mean(history.batches.slice(-window)).toFixed(5);
      element.dataset.samplesPerSecond = history.samplesPerSecond.toFixed(1);
    },
    dispose: () => controller.abort(),
    ready
  };
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} 秒` : `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
}
