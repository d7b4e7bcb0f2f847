// The running indicator of a cell: the cell's state as a test hook (data-state on the
// figure: running, done, error, stopped, waiting), and while it runs for more than a
// moment, the elapsed time and a Stop button, so a cell that awaits forever is visibly
// running and can be stopped.

export type CellState = "running" | "done" | "error" | "stopped" | "waiting";

/** Below this a run is too short to be worth a flickering indicator. */
const SHOW_AFTER_MS = 300;

export class RunningIndicator {
  private readonly element: HTMLElement;
  private readonly time: HTMLElement;
  private timer: ReturnType<typeof setInterval> | undefined;
  private started = 0;

  constructor(
    private readonly figure: HTMLElement,
    onStop: () => void
  ) {
    const doc = figure.ownerDocument;
    this.element = doc.createElement("div");
    this.element.className = "book-cell-running";
    this.element.dataset.running = "";
    this.element.setAttribute("role", "status");
    this.element.hidden = true;
    this.element.append("运行中 ");
    this.time = this.element.appendChild(doc.createElement("span"));
    this.time.dataset.elapsed = "";
    const stop = this.element.appendChild(doc.createElement("button"));
    stop.type = "button";
    stop.textContent = "停止";
    stop.dataset.action = "stop-cell";
    stop.setAttribute("aria-label", "停止这个代码单元");
    stop.addEventListener("click", onStop);
    const output = figure.querySelector("[data-output]");
    figure.insertBefore(this.element, output);
  }

  start(): void {
    this.setState("running");
    this.started = performance.now();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), 100);
  }

  finish(state: Exclude<CellState, "running">): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.element.hidden = true;
    this.setState(state);
  }

  setState(state: CellState): void {
    this.figure.dataset.state = state;
  }

  private tick(): void {
    const elapsed = performance.now() - this.started;
    if (elapsed < SHOW_AFTER_MS) return;
    this.element.hidden = false;
    this.time.textContent = `${(elapsed / 1000).toFixed(1)} 秒`;
  }
}
