// Putting one book cell on Framework's runtime: its code analysed (at build time for the
// book's code, here for an edit), its inputs worked out from the names the page knows, and
// its (re)definition, held, failed or stopped. Dependents rerun by themselves.
import { cellInputs, implicitImports, makeBody, type AnalyzedCell, type CellHelpers, type ImportBinding } from "./cell-body.js";
import { importForCell } from "./cell-imports.js";
import { CellStoppedError, type CellRuns } from "./cell-runs.js";
import type { CellView } from "./cell-view.js";
import { knownNames, type CellDefinition, type Notebook } from "./notebook.js";
import { isTensor, tensorView, type CellConsole } from "./outputs.js";
import type { RunningIndicator } from "./running.js";

export type Analyzed = AnalyzedCell | { error: unknown };
export type Compiler = typeof import("./compile.js");

export interface CellSource {
  readonly id: string;
  readonly runtimeId: string;
  readonly lang: "ts" | "js";
  readonly original: string;
  readonly analyzedOriginal: AnalyzedCell;
}

export class CellDefiner {
  private releaseHold: ((value: unknown) => void) | undefined;

  constructor(
    private readonly source: CellSource,
    private readonly notebook: Notebook,
    private readonly parts: { view: CellView; indicator: RunningIndicator; runs: CellRuns; console: CellConsole },
    /** Called when a held cell is redefined: whatever waited on it moves on. */
    private readonly onHoldReleased: () => void
  ) {}

  /** The book's code was analysed at build time; other code needs the compiler. */
  analyze(code: string, compile: Compiler | null): Analyzed {
    if (code === this.source.original) return this.source.analyzedOriginal;
    try {
      return compile!.analyzeCell(code, this.source.lang);
    } catch (error) {
      return { error };
    }
  }

  /** Makes the cell's outputs and imports known before any cell is defined. */
  declare(analyzed: Analyzed): void {
    this.notebook.outputs.set(this.source.id, "outputs" in analyzed ? analyzed.outputs : []);
    this.notebook.imports.set(this.source.id, "importBindings" in analyzed ? analyzed.importBindings : []);
  }

  define(analyzed: Analyzed): void {
    if ("error" in analyzed) this.defineFailure(analyzed.error);
    else this.defineAnalyzed(analyzed);
  }

  /** Until the reader runs shared code, the cell (and whatever reads it) stays pending.
   * The hold is released once the cell is redefined: the runtime chains a variable's next
   * computation after its previous one, so a promise that never settles would block the
   * cell's dependents for good. */
  hold(): void {
    this.parts.indicator.setState("waiting");
    this.redefine({ id: this.source.runtimeId, inputs: [], outputs: this.source.analyzedOriginal.outputs, body: () => new Promise((resolve) => (this.releaseHold = resolve)) });
  }

  /** Stops the running cell: its loops throw at their next back-edge, its timers and
   * listeners are cleared, what it made is freed, and dependents see that it stopped. */
  stop(): void {
    if (!this.parts.runs.stop()) return;
    this.redefine({ id: this.source.runtimeId, inputs: [], outputs: this.notebook.outputs.get(this.source.id) ?? [], body: () => Promise.reject(new CellStoppedError()) });
    this.parts.indicator.finish("stopped");
  }

  private defineAnalyzed(analyzed: AnalyzedCell): void {
    const { id, runtimeId } = this.source;
    this.declare(analyzed);
    const known = knownNames(this.notebook);
    const inputs = cellInputs(analyzed, known);
    const pageImports = [...this.notebook.imports].filter(([cell]) => cell !== id).flatMap(([, bindings]) => bindings);
    this.notebook.inputs.set(id, inputs);
    this.redefine({ id: runtimeId, inputs, outputs: analyzed.outputs, body: makeBody(analyzed, inputs, this.helpers(implicitImports(analyzed, known, pageImports))) });
  }

  private defineFailure(error: unknown): void {
    this.declare({ error });
    this.notebook.inputs.set(this.source.id, []);
    this.redefine({ id: this.source.runtimeId, inputs: [], outputs: [], body: () => Promise.reject(error) });
    this.parts.indicator.finish("error");
  }

  private redefine(definition: CellDefinition): void {
    const { client } = this.notebook;
    const release = this.releaseHold;
    this.releaseHold = undefined;
    if (release) this.onHoldReleased();
    client.undefine(this.source.runtimeId);
    client.define(definition);
    release?.({}); // the held computation is stale by now: its dependents move on
    this.parts.view.countDefinition();
  }

  private helpers(prologue: ImportBinding[]): CellHelpers {
    const { doc } = this.notebook;
    return {
      importModule: (specifier) => importForCell(doc, this.notebook, specifier),
      console: this.parts.console,
      wrapDisplay: (display) => (value) => display(isTensor(value) ? tensorView(value, doc) : value),
      beginRun: (inputs) => this.parts.runs.begin(inputs),
      cellId: this.source.id,
      prologue
    };
  }
}
