// One book cell as the reader meets it: its buttons (edit, run, reset, share, stop), the
// editor's life cycle, and the code it holds. The work is done by its parts: the figure's
// DOM (cell-view.ts), its definition on the runtime (cell-define.ts), its saved edit
// (cell-edits.ts) and share links (cell-share.ts).
import type { AnalyzedCell } from "./cell-body.js";
import { CellDefiner, type Analyzed, type CellSource, type Compiler } from "./cell-define.js";
import { askAboutChangedBook, forgetEdit, persistEdit, restoreEdit, type EditPlace } from "./cell-edits.js";
import { CellRuns } from "./cell-runs.js";
import { askAboutSharedCode, offerShareLink } from "./cell-share.js";
import { CellView } from "./cell-view.js";
import type { CellEditor } from "./editor.js";
import type { Notebook } from "./notebook.js";
import { cellConsole } from "./outputs.js";
import { RunningIndicator } from "./running.js";
import { waitingOn } from "./share-link.js";

export class BookCell implements CellSource {
  readonly id: string;
  readonly runtimeId: string;
  readonly lang: "ts" | "js";
  readonly original: string;
  readonly analyzedOriginal: AnalyzedCell;
  private readonly view: CellView;
  private readonly runs: CellRuns;
  private readonly definer: CellDefiner;
  private code: string;
  private editor: CellEditor | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cells told to wait for this one (held by a share link), to clear when it runs. */
  private waiting: BookCell[] = [];

  constructor(
    figure: HTMLElement,
    private readonly notebook: Notebook
  ) {
    this.id = figure.dataset.cell!;
    this.runtimeId = figure.dataset.runtimeId!;
    this.lang = figure.dataset.cellLang === "js" ? "js" : "ts";
    const { code, analyzed } = JSON.parse(figure.querySelector("[data-cell-source]")!.textContent!);
    this.original = this.code = code;
    this.analyzedOriginal = analyzed;
    this.view = new CellView(figure);
    const console = cellConsole(figure.querySelector<HTMLElement>("[data-console]")!);
    const indicator = new RunningIndicator(figure, () => this.stop());
    this.runs = new CellRuns(this.id, notebook, indicator, console);
    this.definer = new CellDefiner(this, notebook, { view: this.view, indicator, runs: this.runs, console }, () => this.stopWaiting());
    this.view.button("edit").addEventListener("click", () => this.edit());
    this.view.button("run").addEventListener("click", () => this.run());
    this.view.button("reset").addEventListener("click", () => this.reset());
    this.view.button("share").addEventListener("click", () => void this.share());
    const codeView = this.view.codeView();
    codeView.addEventListener("click", () => this.edit());
    codeView.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !this.editor) {
        event.preventDefault();
        this.edit();
      }
    });
  }

  private get place(): EditPlace {
    return { storage: this.notebook.storage, page: this.notebook.page, cell: this.id };
  }

  /** The code to start with: the reader's saved edit, or the book's (asking the reader
   * first when the book changed since the edit was made). */
  restoredCode(): string {
    const restored = restoreEdit(this.place, this.original);
    if (restored.kind === "notice") this.view.notify(restored.message);
    else if (restored.kind === "edit") {
      this.setCode(restored.code);
      return restored.code;
    } else if (restored.kind === "ask") {
      const { saved } = restored;
      askAboutChangedBook(this.view, saved, this.original, {
        mine: () => {
          this.setCode(saved.code);
          this.view.notify(null);
          void this.run();
        },
        book: () => this.reset()
      });
    }
    return this.original;
  }

  analyze(code: string, compile: Compiler | null): Analyzed {
    return this.definer.analyze(code, compile);
  }

  declare(analyzed: Analyzed): void {
    this.definer.declare(analyzed);
  }

  define(analyzed: Analyzed): void {
    this.definer.define(analyzed);
  }

  /** Shows code from a share link, not yet run, with a way back to the book's code. */
  showShared(code: string): void {
    this.setCode(code);
    askAboutSharedCode(this.view, { run: () => void this.run(), book: () => this.reset() });
  }

  holdShared(): void {
    this.definer.hold();
  }

  showNotice(message: string): void {
    this.view.notify(message);
  }

  scrollIntoView(): void {
    this.view.scrollIntoView();
  }

  /** Tells every cell that reads this held cell (directly or not) why it waits. */
  explainWaiting(cells: readonly BookCell[]): void {
    const graph = new Map(cells.map((cell) => [cell.id, { inputs: this.notebook.inputs.get(cell.id) ?? [], outputs: this.notebook.outputs.get(cell.id) ?? [] }]));
    for (const [id, names] of waitingOn(this.id, graph)) {
      const cell = cells.find((c) => c.id === id)!;
      cell.view.notify(`这个单元在等待分享链接中的代码单元「${this.id}」运行（它用到 ${names.join("、")}）。运行那个单元，或改用书中的代码，这里就会继续。`);
      cell.view.waitingFor = this.id;
      this.waiting.push(cell);
    }
  }

  stop(): void {
    this.definer.stop();
  }

  async share(): Promise<void> {
    if (this.editor) this.code = this.editor.getCode();
    // A save still pending from the last keystroke would clear the notice the link is shown in.
    clearTimeout(this.saveTimer);
    this.persist();
    await offerShareLink(this.view, this.id, this.code, navigator.clipboard);
  }

  async edit(): Promise<void> {
    if (this.editor) return this.editor.focus();
    const { createEditor } = await import("./editor.js");
    if (this.editor) return;
    const view = this.view.codeView();
    view.replaceChildren();
    view.removeAttribute("tabindex");
    view.classList.add("editing");
    this.editor = createEditor(view, this.code, {
      typescript: this.lang === "ts",
      onRun: () => void this.run(),
      onChange: (code) => {
        this.code = code;
        this.view.markModified(this.code !== this.original);
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => this.persist(), 300);
      },
      onEscape: () => this.view.button("run").focus()
    });
    this.editor.focus();
  }

  /** Reruns the cell with its current code. The book's own code was analysed at build
   * time; an edit is compiled here, loading the compiler (sucrase, acorn) on first use. */
  async run(): Promise<void> {
    if (this.editor) this.code = this.editor.getCode();
    clearTimeout(this.saveTimer);
    this.persist();
    const compile = this.code === this.original ? null : await import("./compile.js");
    this.define(this.analyze(this.code, compile));
  }

  reset(): void {
    forgetEdit(this.place);
    this.setCode(this.original);
    this.view.notify(null);
    void this.run();
  }

  /** Everything the cell holds goes: outputs, timers, listeners, Workers. */
  release(): void {
    this.runs.release();
  }

  private setCode(code: string): void {
    this.code = code;
    if (this.editor) this.editor.setCode(code);
    else if (code !== this.original) this.view.showPlain(code);
    this.view.markModified(this.code !== this.original);
  }

  private persist(): void {
    const result = persistEdit(this.place, this.code, this.original);
    if (result) this.view.notify(result.ok ? null : result.message);
  }

  /** The cells that waited for this shared cell move on. */
  private stopWaiting(): void {
    for (const cell of this.waiting.splice(0)) {
      if (cell.view.waitingFor !== this.id) continue;
      cell.view.waitingFor = undefined;
      cell.view.notify(null);
    }
  }
}
