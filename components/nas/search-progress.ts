// The view of a running search (5.4 节): a start button, a progress bar over the time budget,
// one line of status, and 停止. The search itself knows nothing of the page; it gets `signal`.

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
  const controller = new AbortController();
  const element = doc.createElement("div");
  element.className = "training-panel";
  const head = element.appendChild(doc.createElement("div"));
  head.className = "training-head";
  head.append(Object.assign(doc.createElement("strong"), { textContent: title }));
  const start = head.appendChild(doc.createElement("button"));
  Object.assign(start, { type: "button", textContent: startLabel });
  start.dataset.action = "train";
  const stop = head.appendChild(doc.createElement("button"));
  Object.assign(stop, { type: "button", textContent: "停止", hidden: true });
  stop.dataset.action = "stop";
  stop.setAttribute("aria-label", "停止（保留已经完成的试验）");
  stop.addEventListener("click", () => controller.abort());
  const bar = element.appendChild(doc.createElement("progress"));
  bar.dataset.progress = "";
  bar.max = 1;
  bar.value = 0;
  const status = element.appendChild(doc.createElement("div"));
  status.className = "training-status";
  status.setAttribute("aria-live", "polite");
  status.textContent = `按“${startLabel}”开始（期间页面可以照常使用）。`;
  const ready = new Promise<void>((resolve) =>
    start.addEventListener("click", () => {
      start.remove();
      stop.hidden = false;
      status.textContent = "准备中…";
      resolve();
    })
  );
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
