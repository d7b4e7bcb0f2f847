// The view of a running search (5.4 节): a start button, a progress bar over the time budget,
// one line of status, and 停止 (the frame is ui/panel-frame.ts, shared with the training
// panel). The search itself knows nothing of the page; it gets `signal`.
import { panelFrame } from "../ui/panel-frame.js";

export interface SearchProgress {
  element: HTMLElement;
  signal: AbortSignal;
  /** Resolves when the reader presses 开始搜索. */
  ready: Promise<void>;
  update(fraction: number, text: string): void;
  finish(text: string): void;
  /** Stops the search; the engine calls this when the cell reruns. */
  dispose(): void;
}

export function searchProgress({ title = "架构搜索", startLabel = "开始搜索" } = {}, doc: Document = document): SearchProgress {
  const frame = panelFrame({ title, stopLabel: "停止（保留已经完成的试验）" }, doc);
  const { element, stop, bar, status, controller } = frame;
  status.setAttribute("aria-live", "polite");
  status.textContent = `按“${startLabel}”开始（期间页面可以照常使用）。`;
  const ready = frame.startButton(startLabel, () => (status.textContent = "准备中…")).pressed;
  return {
    element,
    signal: controller.signal,
    ready,
    update(fraction, text) {
      bar.value = Math.min(1, Math.max(0, fraction));
      status.textContent = text;
    },
    finish(text) {
      bar.value = 1;
      stop.hidden = true;
      status.textContent = controller.signal.aborted ? `已停止。${text}` : text;
      element.dataset.state = controller.signal.aborted ? "stopped" : "done";
    },
    dispose: () => controller.abort()
  };
}
