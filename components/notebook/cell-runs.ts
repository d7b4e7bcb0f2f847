// The runs of one cell, and what each owns. A run starts by ending the previous one (its
// loops stop at their next back-edge, its outputs are disposed, its timers and listeners
// cleared); a run that succeeds keeps the outputs it made (not those it borrowed, see
// ownership.ts); a run that throws, or is stopped, frees the tensors it made.
import type { CellRun } from "./cell-body.js";
import type { LoopGuard } from "./guard.js";
import type { CellConsole } from "./outputs.js";
import { ownedOutputs, reachable, type Disposable } from "./ownership.js";
import type { CellResources } from "./resources.js";
import type { RunningIndicator } from "./running.js";
import type { TensorCollector, TfAdapter } from "./tf-adapter.js";

/** What the runs of all cells on a page share. */
export interface RunContext {
  guard: LoopGuard;
  resources: CellResources;
  /** The values of each cell's last successful run: borrowed by every other cell. */
  values: Map<string, unknown[]>;
  /** Set once tfjs is loaded: tracks which tensors a run made. */
  tf: TfAdapter | null;
  /** Runs in progress, so that tensors made while several ran are told apart. */
  running: Set<RunState>;
}

export interface RunState {
  cellId: string;
  stopped: boolean;
  inputs: unknown[];
  collector: TensorCollector | null;
}

/** Thrown at a stopped run's next loop back-edge, and shown when the reader stops a cell. */
export class CellStoppedError extends Error {
  constructor() {
    super("已停止：这个代码单元被你停止了。按“运行”重新运行它。");
    this.name = "Stopped";
  }
}

export class CellRuns {
  private current: RunState | null = null;
  /** What the current run made and may dispose. */
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly cellId: string,
    private readonly context: RunContext,
    private readonly indicator: RunningIndicator,
    private readonly console: CellConsole
  ) {}

  begin(inputs: unknown[]): CellRun {
    const { context, cellId } = this;
    if (this.current) this.end(this.current, "superseded");
    this.release();
    context.values.delete(cellId);
    context.guard.reset();
    const checkLoop = context.guard.checker();
    this.console.clear();
    const run: RunState = { cellId, stopped: false, inputs, collector: context.tf?.collect(cellId) ?? null };
    this.current = run;
    context.running.add(run);
    this.indicator.start();
    return {
      guard: () => {
        if (run.stopped) throw new CellStoppedError();
        checkLoop();
      },
      succeeded: (outputs) => {
        const owned = ownedOutputs(outputs, this.borrowedRoots(run));
        if (run.stopped) {
          // A stopped or superseded run finished late: nobody will see what it made.
          owned.forEach(safeDispose);
          return;
        }
        this.end(run, "done");
        this.disposables.push(...owned);
        context.values.set(cellId, Object.values(outputs));
      },
      failed: (error) => {
        this.end(run, error instanceof CellStoppedError ? "stopped" : "error");
        this.free(run);
      }
    };
  }

  /** Stops the run in progress, if any; returns whether there was one. */
  stop(): boolean {
    const run = this.current;
    if (!run) return false;
    this.end(run, "stopped");
    this.free(run);
    return true;
  }

  /** Once tfjs is loaded, runs in progress start recording the tensors they make. */
  static collectFromNow(context: RunContext): void {
    for (const run of context.running) run.collector ??= context.tf?.collect(run.cellId) ?? null;
  }

  /** Everything the cell holds goes: outputs, timers, listeners, Workers. */
  release(): void {
    this.disposables.splice(0).forEach(safeDispose);
    this.context.resources.release(this.cellId);
  }

  /** Takes a run off the list of runs in progress. */
  private end(run: RunState, outcome: "done" | "error" | "stopped" | "superseded"): void {
    if (this.context.running.delete(run) && run.collector) this.context.tf?.stopCollecting(run.collector);
    if (outcome !== "done") run.stopped = true;
    if (this.current !== run) return;
    this.current = null;
    if (outcome !== "superseded") this.indicator.finish(outcome);
  }

  /** Frees the tensors a run made that nothing else can reach: what a successful rerun
   * would have disposed, and its temporaries. Tensors whose maker cannot be told (made
   * while other cells ran, by code of none of them) are left alone. */
  private free(run: RunState): void {
    const made = run.collector?.exclusive;
    if (!made?.size) return;
    const borrowed = reachable(this.borrowedRoots(run));
    for (const tensor of made) if (!tensor.isDisposed && !borrowed.has(tensor)) safeDispose(tensor);
    made.clear();
  }

  /** What a run may read but not dispose: its inputs and every other cell's values. */
  private borrowedRoots(run: RunState): unknown[] {
    const roots = [...run.inputs];
    for (const [id, values] of this.context.values) if (id !== this.cellId) roots.push(...values);
    return roots;
  }
}

function safeDispose(value: Disposable): void {
  try {
    value.dispose();
  } catch {
    // already disposed
  }
}
