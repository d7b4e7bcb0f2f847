// Timers, animation frames, event listeners and Workers that a cell's own code creates
// belong to that cell: they are cleared when it reruns, is reset or stopped, or the page
// goes away, so `setInterval(…)` run three times does not tick three times over. A call is
// the cell's when the code right above it on the stack is the cell's body (its source is
// named `book-cell:<id>`, see cell-body.ts), including callbacks the cell defined. What a
// library creates on a cell's behalf (tfjs's WASM threads, say) is the library's to free.
import { cellOnStack } from "./cell-body.js";

export interface CellResources {
  /** Clears everything the cell created; returns how many things were cleared. */
  release(cellId: string): number;
  /** How many live things the cell holds. */
  count(cellId: string): number;
}

type Release = () => void;

/** The cell whose code called the patched function, if any: stack line 4, after "Error",
 * cellOnStack, this function and the patched function. */
const callingCell = () => cellOnStack({ frame: 4 });

const installed = new WeakMap<object, CellResources>();

export function trackCellResources(win: Window & typeof globalThis = window): CellResources {
  const existing = installed.get(win);
  if (existing) return existing;
  const owned = new Map<string, Map<object, Release>>();
  const own = (cell: string, key: object, release: Release) => {
    let resources = owned.get(cell);
    if (!resources) owned.set(cell, (resources = new Map()));
    resources.set(key, release);
  };
  const disown = (cell: string, key: object) => owned.get(cell)?.delete(key);

  // The DOM's and Node's timer types disagree; the page only ever sees the DOM's.
  type Timer = (handler: unknown, delay?: number, ...args: unknown[]) => number;
  const timers = win as unknown as { setTimeout: Timer; setInterval: Timer; clearTimeout(id: number): void; clearInterval(id: number): void };
  const { setTimeout, setInterval, clearTimeout, clearInterval } = timers;
  const { requestAnimationFrame, cancelAnimationFrame } = win;
  timers.setTimeout = function (handler, delay, ...args) {
    const cell = callingCell();
    if (!cell || typeof handler !== "function") return setTimeout.call(win, handler, delay, ...args);
    const key = {};
    const id = setTimeout.call(win, (...a: unknown[]) => (disown(cell, key), handler(...a)), delay, ...args);
    own(cell, key, () => clearTimeout.call(win, id));
    return id;
  };
  timers.setInterval = function (handler, delay, ...args) {
    const id = setInterval.call(win, handler, delay, ...args);
    const cell = callingCell();
    if (cell) own(cell, {}, () => clearInterval.call(win, id));
    return id;
  };
  if (requestAnimationFrame) {
    win.requestAnimationFrame = function (callback: FrameRequestCallback) {
      const cell = callingCell();
      if (!cell) return requestAnimationFrame.call(win, callback);
      const key = {};
      const id = requestAnimationFrame.call(win, (time) => (disown(cell, key), callback(time)));
      own(cell, key, () => cancelAnimationFrame.call(win, id));
      return id;
    };
  }
  const add = win.EventTarget.prototype.addEventListener;
  win.EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    add.call(this, type, listener, options);
    const cell = listener && callingCell();
    if (cell) own(cell, {}, () => this.removeEventListener(type, listener, options));
  };
  if (win.Worker) {
    const Base = win.Worker;
    win.Worker = class extends Base {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const cell = callingCell();
        if (cell) own(cell, this, () => this.terminate());
      }
    };
  }

  const resources: CellResources = {
    release(cell) {
      const mine = owned.get(cell);
      if (!mine) return 0;
      owned.delete(cell);
      for (const release of mine.values()) release();
      return mine.size;
    },
    count: (cell) => owned.get(cell)?.size ?? 0
  };
  installed.set(win, resources);
  return resources;
}
