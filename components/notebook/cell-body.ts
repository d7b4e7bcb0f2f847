// What the page needs to run an analysed cell (see compile.ts): its inputs, given the
// names that exist at run time, and a body for Framework's runtime. Small and free of the
// compiler, so a page can run the book's cells without loading sucrase or acorn.
import { describeThrown, explainError } from "./errors.js";

/** A name a cell imports: `import * as tf` is {imported: "*"}, a default import "default". */
export interface ImportBinding {
  specifier: string;
  imported: string;
  local: string;
}

/** A cell ready to define: analysed once (at build time for the book's code, in the
 * browser for a reader's edit), then given inputs by whatever names exist at run time. */
export interface AnalyzedCell {
  /** The body: the cell's code on the same lines, imports turned into `await __import__(…)`,
   * loops guarded, thrown values wrapped, then `return {outputs}`. */
  source: string;
  /** Top-level declarations. Imported names are not outputs: they stay in the cell. */
  outputs: string[];
  /** Every free identifier read (imported names excluded); the inputs are those that name
   * a cell or a built-in. */
  references: string[];
  /** Modules imported, as written ("@book/tf", "./components/nn/dense.js"). */
  imports: string[];
  importBindings: ImportBinding[];
  /** Names passed to FileAttachment("…") as literals: the page must ship these files. */
  files: string[];
}

/** Parameters every body receives after its inputs (see makeBody). */
export const HELPERS = ["__import__", "__guard__", "__thrown__", "console"] as const;

/** Every cell may use `tf` without importing it. */
export const DEFAULT_IMPORTS: readonly ImportBinding[] = [{ specifier: "@book/tf", imported: "*", local: "tf" }];

/** The inputs of a cell: its references that name another cell's output or a built-in. */
export function cellInputs(cell: AnalyzedCell, knownNames: ReadonlySet<string>): string[] {
  return cell.references.filter((name) => knownNames.has(name) && !cell.outputs.includes(name));
}

/** Names a cell reads that no cell declares but that some cell of the page imports (or
 * `tf`): the cell imports them itself, so names from imports are shared without two cells
 * defining the same runtime variable. */
export function implicitImports(cell: AnalyzedCell, knownNames: ReadonlySet<string>, pageImports: readonly ImportBinding[]): ImportBinding[] {
  const chosen = new Map<string, ImportBinding>();
  for (const binding of [...pageImports, ...DEFAULT_IMPORTS]) {
    const { local } = binding;
    if (cell.references.includes(local) && !knownNames.has(local) && !cell.outputs.includes(local) && !chosen.has(local)) chosen.set(local, binding);
  }
  return [...chosen.values()];
}

/** One line of code (no newline, so the cell's line numbers stay put) that imports them. */
export function importPrologue(bindings: readonly ImportBinding[]): string {
  return bindings
    .map(({ specifier, imported, local }) => {
      const from = `await __import__(${JSON.stringify(specifier)})`;
      return imported === "*" ? `const ${local} = ${from};` : `const {${JSON.stringify(imported)}: ${local}} = ${from};`;
    })
    .join(" ");
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

/** Lines that `new AsyncFunction` puts before the body ("async function anonymous(a\n) {\n"). */
export const BODY_LINE_OFFSET = 2;

/** The source name a cell's body carries in stack traces (`//# sourceURL=`), which is how
 * the engine tells which cell made a timer or a tensor (see resources.ts). */
export const CELL_SOURCE_PREFIX = "book-cell:";

const CELL_FRAME = new RegExp(`${CELL_SOURCE_PREFIX}([a-z0-9-]+):\\d+`);

/** The cell whose body is on the stack of the caller: the innermost one (async callers
 * included), or with `frame`, only if it is that stack line (0 is "Error", 1 this
 * function, 2 its caller, …). */
export function cellOnStack({ frame, depth = 40 }: { frame?: number; depth?: number } = {}): string | null {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = frame ?? depth;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const text = frame === undefined ? stack : (stack.split("\n")[frame] ?? "");
  return CELL_FRAME.exec(text)?.[1] ?? null;
}

/** One run of a cell, as the page sees it. */
export interface CellRun {
  /** Called at every loop back-edge of this run. */
  guard(): void;
  succeeded?(outputs: Record<string, unknown>, inputs: unknown[]): void;
  failed?(error: unknown): void;
}

export interface CellHelpers {
  importModule(specifier: string): Promise<unknown>;
  /** The loop guard when there is no beginRun. */
  guard?(): void;
  console: Pick<Console, "log" | "info" | "warn" | "error" | "debug">;
  /** Wraps Framework's display (to show tensors, say); identity if absent. */
  wrapDisplay?(display: (value: unknown) => unknown): (value: unknown) => unknown;
  /** Called as each run starts; what it returns hears how the run ends. */
  beginRun?(inputs: unknown[]): CellRun;
  /** The cell's id, for its source name in stack traces. */
  cellId?: string;
  /** Imports to run before the cell's own code (see implicitImports). */
  prologue?: readonly ImportBinding[];
}

/** Builds the body Framework's runtime calls with the inputs' values. A runtime error's
 * message gains the cell line it was thrown from; a thrown non-Error becomes an Error. */
export function makeBody(cell: AnalyzedCell, inputs: string[], helpers: CellHelpers): (...args: unknown[]) => Promise<unknown> {
  const name = `${CELL_SOURCE_PREFIX}${helpers.cellId ?? "cell"}`;
  const fn = new AsyncFunction(...inputs, ...HELPERS, `${importPrologue(helpers.prologue ?? [])}${cell.source}\n//# sourceURL=${name}`);
  const displayAt = inputs.indexOf("display");
  return async (...args) => {
    if (displayAt >= 0 && helpers.wrapDisplay) args[displayAt] = helpers.wrapDisplay(args[displayAt] as (value: unknown) => unknown);
    const run: CellRun = helpers.beginRun?.(args) ?? { guard: helpers.guard ?? (() => {}) };
    try {
      const outputs = (await fn(...args, helpers.importModule, run.guard, describeThrown, helpers.console)) as Record<string, unknown>;
      run.succeeded?.(outputs, args);
      return outputs;
    } catch (error) {
      const explained = annotateError(explainError(error));
      run.failed?.(explained);
      throw explained;
    }
  };
}

/** The cell line of the innermost frame that ran the cell's own code, if any. */
export function cellLineFromStack(stack: string | undefined): number | undefined {
  const match = new RegExp(`(?:<anonymous>|${CELL_SOURCE_PREFIX}[\\w-]+):(\\d+):\\d+`).exec(stack ?? "");
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
