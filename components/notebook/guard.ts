// Interrupts a cell that blocks the main thread (e.g. `while (true) {}`). Compiled cells
// call guard() at every loop back-edge (compile.ts). A heartbeat timer records when the
// page last got to run its event loop; if a loop sees that this was more than `limit` ms
// ago, the cell has held the thread that long without yielding, and guard() throws.
// A loop that awaits a macrotask (a timer, tf.nextFrame(), each batch of the book's
// training helpers) lets the heartbeat run, so it is never stopped; a loop that awaits
// only promises that are already settled (model.trainOnBatch on WASM, say) does not let
// the page paint, and is stopped with a message that says what to add.

export class LoopGuardError extends Error {
  constructor(limit: number) {
    super(
      `代码单元连续运行超过 ${limit / 1000} 秒而没有让出主线程（页面在这段时间里无法响应，可能是死循环），已被中断。` +
        `如果这是一个需要长时间运行的循环（例如逐批训练），请在循环体里加一行 await tf.nextFrame();` +
        `只 await 一个立即完成的 Promise（例如 WASM 上的 model.trainOnBatch）并不会让出主线程。`
    );
    this.name = "LoopGuardError";
  }
}

export interface LoopGuard {
  /** A back-edge check with its own clock-reading stride: one per run, so that a fast loop
   * in one cell cannot make another cell's slow loop skip its first checks. */
  checker(): () => void;
  /** Marks "now" as a point where the page was responsive (a cell is starting). */
  reset(): void;
  stop(): void;
}

/** The most back-edges between two clock reads. */
export const MAX_STRIDE = 256;
/** Reads of the clock are spaced so that about this much time passes between them. */
const CHECK_EVERY_MS = 1;

export function createLoopGuard(limit = 3000, now: () => number = () => performance.now(), hidden: () => boolean = () => false): LoopGuard {
  let lastBeat = now();
  const timer = setInterval(() => (lastBeat = now()), Math.min(250, limit / 4));
  // Also beat on every animation frame. A run that awaited tf.nextFrame() resumes in a frame
  // callback; if another task had blocked the thread meanwhile, the overdue interval may not
  // have fired yet, and the innocent run would be blamed for the stall. The frame beat is
  // registered each frame before such a run registers its own callback, so it runs first.
  let frame = 0;
  const raf = typeof requestAnimationFrame === "function" ? requestAnimationFrame : null;
  const onFrame = () => {
    lastBeat = now();
    frame = raf!(onFrame);
  };
  if (raf) frame = raf(onFrame);
  return {
    checker() {
      // The clock is read at every back-edge while passes are slow (a heavy loop body is
      // stopped on time whatever it costs) and at most every MAX_STRIDE passes while they
      // are fast (a tight loop does not pay for a clock read each time).
      let stride = 1;
      let countdown = 1;
      let lastCheck = now();
      return () => {
        if (--countdown > 0) return;
        const time = now();
        stride = time - lastCheck >= CHECK_EVERY_MS ? 1 : Math.min(stride * 2, MAX_STRIDE);
        countdown = stride;
        lastCheck = time;
        if (!hidden() && time - lastBeat > limit) {
          lastBeat = time; // the next cell starts with a fresh budget
          throw new LoopGuardError(limit);
        }
      };
    },
    reset() {
      lastBeat = now();
    },
    stop() {
      clearInterval(timer);
      if (raf) cancelAnimationFrame(frame);
    }
  };
}
