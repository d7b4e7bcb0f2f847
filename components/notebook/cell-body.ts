// What the page needs to run an analysed cell (see compile.ts): its inputs, given the
// names that exist at run time, and a body for Framework's runtime. Small and free of the
// compiler, so a page can run the book's cells without loading sucrase or acorn.

/** A cell ready to define: analysed once (at build time for the book's code, in the
 * browser for a reader's edit), then given inputs by whatever names exist at run time. */
export interface AnalyzedCell {
  /** The body: the cell's code on the same lines, imports turned into `await __import__(…)`,
   * loops guarded, then `return {outputs}`. */
  source: string;
  outputs: string[];
  /** Every free identifier read; the inputs are those that name a cell or a built-in. */
  references: string[];
  /** Modules imported, as written ("@book/tf", "./components/nn/dense.js"). */
  imports: string[];
  /** Names passed to FileAttachment("…") as literals: the page must ship these files. */
  files: string[];
}

/** Parameters every body receives after its inputs (see makeBody). */
export const HELPERS = ["__import__", "__guard__", "console"] as const;

/** The inputs of a cell: its references that name another cell's output or a built-in. */
export function cellInputs(cell: AnalyzedCell, knownNames: ReadonlySet<string>): string[] {
  return cell.references.filter((name) => knownNames.has(name) && !cell.outputs.includes(name));
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

/** Lines that `new AsyncFunction` puts before the body ("async function anonymous(a\n) {\n"). */
export const BODY_LINE_OFFSET = 2;

export interface CellHelpers {
  importModule(specifier: string): Promise<unknown>;
  guard(): void;
  console: Pick<Console, "log" | "info" | "warn" | "error" | "debug">;
  /** Wraps Framework's display (to show tensors, say); identity if absent. */
  wrapDisplay?(display: (value: unknown) => unknown): (value: unknown) => unknown;
  /** Called before each run (e.g. to reset the loop guard's clock). */
  beforeRun?(): void;
  /** Called with the outputs of a finished run and the inputs it was given. */
  afterRun?(outputs: Record<string, unknown>, inputs: unknown[]): void;
}

/** Builds the body Framework's runtime calls with the inputs' values; a runtime error's
 * message gains the cell line it was thrown from. */
export function makeBody(cell: AnalyzedCell, inputs: string[], helpers: CellHelpers): (...args: unknown[]) => Promise<unknown> {
  const fn = new AsyncFunction(...inputs, ...HELPERS, cell.source);
  const displayAt = inputs.indexOf("display");
  return async (...args) => {
    if (displayAt >= 0 && helpers.wrapDisplay) args[displayAt] = helpers.wrapDisplay(args[displayAt] as (value: unknown) => unknown);
    helpers.beforeRun?.();
    try {
      const outputs = (await fn(...args, helpers.importModule, helpers.guard, helpers.console)) as Record<string, unknown>;
      helpers.afterRun?.(outputs, args);
      return outputs;
    } catch (error) {
      throw annotateError(error);
    }
  };
}
/** The cell line of the innermost frame that ran the cell's own code, if any. */
export function cellLineFromStack(stack: string | undefined): number | undefined {
  const match = /<anonymous>:(\d+):\d+/.exec(stack ?? "");
  return match ? Number(match[1]) - BODY_LINE_OFFSET : undefined;
}

export function annotateError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const line = cellLineFromStack(error.stack);
  if (line !== undefined && line > 0 && !/（第 \d+ 行）$/.test(error.message)) {
    try {
      error.message += `（第 ${line} 行）`;
    } catch {
      // a frozen error keeps its message
    }
  }
  return error;
}

