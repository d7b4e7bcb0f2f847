// Interrupts a cell that blocks the main thread (e.g. `while (true) {}`). Compiled cells
// call guard() at the top of every loop body (compile.ts). A heartbeat timer records when
// the page last got to run its event loop; if a loop sees that this was more than `limit`
// ms ago, the cell has held the thread that long without yielding, and guard() throws.
// A training loop that awaits each batch lets the heartbeat run, so it is never stopped.

export class LoopGuardError extends Error {
  constructor(limit: number) {
    super(`代码单元连续运行超过 ${limit / 1000} 秒而没有让出主线程（可能是死循环），已被中断。长时间的循环请在每一步 await（例如 await tf.nextFrame()）。`);
    this.name = "LoopGuardError";
  }
}

export interface LoopGuard {
  guard(): void;
  /** Marks "now" as a point where the page was responsive (a cell is starting). */
  reset(): void;
  stop(): void;
}

export function createLoopGuard(limit = 3000, now: () => number = () => performance.now(), hidden: () => boolean = () => false): LoopGuard {
  let lastBeat = now();
  const timer = setInterval(() => (lastBeat = now()), Math.min(250, limit / 4));
  let calls = 0;
  return {
    guard() {
      // performance.now() is cheap, but a tight loop runs it millions of times.
      if ((++calls & 63) !== 0) return;
      if (!hidden() && now() - lastBeat > limit) {
        lastBeat = now(); // the next cell starts with a fresh budget
        throw new LoopGuardError(limit);
      }
    },
    reset() {
      lastBeat = now();
    },
    stop() {
      clearInterval(timer);
    }
  };
}
