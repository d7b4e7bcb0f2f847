// The notebook engine in the page: defines the book cells (<figure data-cell>, rendered
// by site/markdown/cells.ts) on Framework's reactive runtime, lets the reader edit and
// rerun them (dependents rerun by themselves), and keeps edits across reloads.
import { cellInputs, implicitImports, makeBody, type AnalyzedCell, type CellHelpers, type ImportBinding } from "./cell-body.js";
import type { CellEditor } from "./editor.js";
import { createLoopGuard } from "./guard.js";
import { cellConsole, isTensor, tensorView, type CellConsole } from "./outputs.js";
import { importForCell } from "./cell-imports.js";
import { CellRuns, CellStoppedError, type RunContext } from "./cell-runs.js";
import { trackCellResources } from "./resources.js";
import { RunningIndicator } from "./running.js";
import { openShareLink, waitingOn } from "./share-link.js";
import { shareUrl } from "./share.js";
import { clearEdit, hashCode, loadEdit, saveEdit, type SavedEdit } from "./storage.js";

/** The parts of Framework's client the engine uses (see framework-client.ts). */
export interface FrameworkClient {
  define(cell: { id: string; inputs: string[]; outputs: string[]; body: (...args: any[]) => unknown }): void;
  undefine(id: string): void;
  /** Names defined on the page's runtime (its cells' outputs and Framework's builtins). */
  knownNames(): Set<string>;
}

interface Notebook extends RunContext {
  client: FrameworkClient;
  doc: Document;
  page: string;
  storage: Storage | null;
  /** Current outputs of every book cell, so cells can be defined in any order. */
  outputs: Map<string, string[]>;
  /** What each cell imports, so that other cells may use those names too. */
  imports: Map<string, ImportBinding[]>;
  /** Inputs of each defined cell, to tell which cells wait on a held one. */
  inputs: Map<string, string[]>;
}

export function startNotebook(client: FrameworkClient, doc: Document = document): BookCell[] {
  const notebook: Notebook = {
    client,
    doc,
    page: doc.location.pathname.split("/").pop() || "index.html",
    storage: safeLocalStorage(),
    guard: createLoopGuard(3000, () => performance.now(), () => doc.visibilityState === "hidden"),
    resources: trackCellResources(doc.defaultView as Window & typeof globalThis),
    outputs: new Map(),
    imports: new Map(),
    inputs: new Map(),
    values: new Map(),
    tf: null,
    running: new Set()
  };
  const cells = [...doc.querySelectorAll<HTMLElement>("figure[data-cell]")].map((figure) => new BookCell(figure, notebook));
  const code = cells.map((cell) => cell.restoredCode());
  void (async () => {
    const sharedCell = await openShareLink(doc, cells);
    // Compile restored edits before defining anything, so that no cell runs (and fails)
    // against a neighbour that is not defined yet.
    const compile = code.some((c, i) => c !== cells[i].original) ? await import("./compile.js") : null;
    const analyzed = cells.map((cell, i) => cell.analyze(code[i], compile));
    cells.forEach((cell, i) => cell.declare(analyzed[i]));
    cells.forEach((cell, i) => (cell === sharedCell ? cell.holdShared() : cell.define(analyzed[i])));
    if (sharedCell) sharedCell.explainWaiting(cells);
  })();
  doc.defaultView?.addEventListener("pagehide", () => cells.forEach((cell) => cell.release()));
  return cells;
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: edits live as long as the page
  }
}

export class BookCell {
  readonly id: string;
  readonly original: string;
  readonly analyzedOriginal: AnalyzedCell;
  private readonly runtimeId: string;
  private readonly lang: "ts" | "js";
  private readonly console: CellConsole;
  private code: string;
  private editor: CellEditor | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private releaseHold: ((value: unknown) => void) | undefined;
  /** Cells told to wait for this one (held by a share link), to clear when it runs. */
  private waiting: BookCell[] = [];
  private readonly indicator: RunningIndicator;
  private readonly runs: CellRuns;

  constructor(
    private readonly figure: HTMLElement,
    private readonly notebook: Notebook
  ) {
    this.id = figure.dataset.cell!;
    this.runtimeId = figure.dataset.runtimeId!;
    this.lang = figure.dataset.cellLang === "js" ? "js" : "ts";
    const { code, analyzed } = JSON.parse(figure.querySelector("[data-cell-source]")!.textContent!);
    this.original = this.code = code;
    this.analyzedOriginal = analyzed;
    this.console = cellConsole(figure.querySelector<HTMLElement>("[data-console]")!);
    this.indicator = new RunningIndicator(figure, () => this.stop());
    this.runs = new CellRuns(this.id, notebook, this.indicator, this.console);
    this.button("edit").addEventListener("click", () => this.edit());
    this.button("run").addEventListener("click", () => this.run());
    this.button("reset").addEventListener("click", () => this.reset());
    this.button("share").addEventListener("click", () => void this.share());
    const view = this.codeView();
    view.addEventListener("click", () => this.edit());
    view.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !this.editor) {
        event.preventDefault();
        this.edit();
      }
    });
  }

  /** The code to start with: the reader's saved edit, or the book's (asking the reader
   * first when the book changed since the edit was made). */
  restoredCode(): string {
    const { storage, page } = this.notebook;
    const saved = storage ? loadEdit(storage, page, this.id) : null;
    if (saved && "error" in saved) this.notify(saved.error);
    else if (saved && saved.code !== this.original) {
      if (saved.base === hashCode(this.original)) {
        this.setCode(saved.code);
        return saved.code;
      }
      this.askAboutChangedBook(saved);
    } else if (saved && storage) clearEdit(storage, page, this.id);
    return this.original;
  }

  /** The book's code was analysed at build time; other code needs the compiler. */
  analyze(code: string, compile: typeof import("./compile.js") | null): AnalyzedCell | { error: unknown } {
    if (code === this.original) return this.analyzedOriginal;
    try {
      return compile!.analyzeCell(code, this.lang);
    } catch (error) {
      return { error };
    }
  }

  /** Makes the cell's outputs and imports known before any cell is defined. */
  declare(analyzed: AnalyzedCell | { error: unknown }): void {
    this.notebook.outputs.set(this.id, "outputs" in analyzed ? analyzed.outputs : []);
    this.notebook.imports.set(this.id, "importBindings" in analyzed ? analyzed.importBindings : []);
  }

  define(analyzed: AnalyzedCell | { error: unknown }): void {
    if ("error" in analyzed) this.defineFailure(analyzed.error);
    else this.defineAnalyzed(analyzed);
  }

  /** Shows code from a share link, not yet run, with a way back to the book's code. */
  showShared(code: string): void {
    this.setCode(code);
    const doc = this.notebook.doc;
    const notice = this.notify("这段代码来自分享链接，尚未运行。确认无误后再运行它：")!;
    notice.dataset.shared = "";
    const run = notice.appendChild(doc.createElement("button"));
    run.textContent = "运行这段代码";
    run.dataset.choice = "run-shared";
    run.addEventListener("click", () => {
      this.notify(null);
      history.replaceState(null, "", doc.location.pathname + doc.location.search);
      void this.run();
    });
    const book = notice.appendChild(doc.createElement("button"));
    book.textContent = "改用书中的代码";
    book.dataset.choice = "book";
    book.addEventListener("click", () => {
      history.replaceState(null, "", doc.location.pathname + doc.location.search);
      this.reset();
    });
  }

  /** Until the reader runs shared code, the cell (and whatever reads it) stays pending.
   * The hold is released once the cell is redefined: the runtime chains a variable's next
   * computation after its previous one, so a promise that never settles would block the
   * cell's dependents for good. */
  holdShared(): void {
    this.indicator.setState("waiting");
    this.redefine({ id: this.runtimeId, inputs: [], outputs: this.analyzedOriginal.outputs, body: () => new Promise((resolve) => (this.releaseHold = resolve)) });
  }

  showNotice(message: string): void {
    this.notify(message);
  }

  scrollIntoView(): void {
    this.figure.scrollIntoView({ block: "center" });
  }

  /** Tells every cell that reads this held cell (directly or not) why it waits. */
  explainWaiting(cells: readonly BookCell[]): void {
    const graph = new Map(cells.map((cell) => [cell.id, { inputs: this.notebook.inputs.get(cell.id) ?? [], outputs: this.notebook.outputs.get(cell.id) ?? [] }]));
    for (const [id, names] of waitingOn(this.id, graph)) {
      const cell = cells.find((c) => c.id === id)!;
      cell.notify(`这个单元在等待分享链接中的代码单元「${this.id}」运行（它用到 ${names.join("、")}）。运行那个单元，或改用书中的代码，这里就会继续。`);
      cell.figure.dataset.waitingFor = this.id;
      this.waiting.push(cell);
    }
  }

  /** Stops the running cell: its loops throw at their next back-edge, its timers and
   * listeners are cleared, what it made is freed, and dependents see that it stopped. */
  stop(): void {
    if (!this.runs.stop()) return;
    this.redefine({ id: this.runtimeId, inputs: [], outputs: this.notebook.outputs.get(this.id) ?? [], body: () => Promise.reject(new CellStoppedError()) });
    this.indicator.finish("stopped");
  }

  async share(): Promise<void> {
    const code = this.editor ? this.editor.getCode() : this.code;
    const url = await shareUrl(this.notebook.doc.location.href, this.id, code);
    const notice = this.notify("分享链接（打开后代码不会自动运行）：")!;
    const input = notice.appendChild(this.notebook.doc.createElement("input"));
    Object.assign(input, { value: url, readOnly: true, className: "book-cell-share" });
    input.dataset.shareLink = "";
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      notice.firstChild!.textContent = "分享链接已复制（打开后代码不会自动运行）：";
    } catch {
      // no clipboard access (e.g. http on another host): the link is selected for copying
    }
  }

  async edit(): Promise<void> {
    if (this.editor) return this.editor.focus();
    const { createEditor } = await import("./editor.js");
    if (this.editor) return;
    const view = this.codeView();
    view.replaceChildren();
    view.removeAttribute("tabindex");
    view.classList.add("editing");
    this.editor = createEditor(view, this.code, {
      typescript: this.lang === "ts",
      onRun: () => void this.run(),
      onChange: (code) => {
        this.code = code;
        this.markModified();
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => this.persist(), 300);
      },
      onEscape: () => this.button("run").focus()
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
    const { storage, page } = this.notebook;
    if (storage) clearEdit(storage, page, this.id);
    this.setCode(this.original);
    this.notify(null);
    void this.run();
  }

  private defineAnalyzed(analyzed: AnalyzedCell): void {
    this.declare(analyzed);
    const known = this.knownNames();
    const inputs = cellInputs(analyzed, known);
    const pageImports = [...this.notebook.imports].filter(([id]) => id !== this.id).flatMap(([, bindings]) => bindings);
    this.notebook.inputs.set(this.id, inputs);
    this.redefine({ id: this.runtimeId, inputs, outputs: analyzed.outputs, body: makeBody(analyzed, inputs, this.helpers(implicitImports(analyzed, known, pageImports))) });
  }

  private defineFailure(error: unknown): void {
    this.declare({ error });
    this.notebook.inputs.set(this.id, []);
    this.redefine({ id: this.runtimeId, inputs: [], outputs: [], body: () => Promise.reject(error) });
    this.indicator.finish("error");
  }

  private redefine(definition: Parameters<FrameworkClient["define"]>[0]): void {
    const { client } = this.notebook;
    const release = this.releaseHold;
    this.releaseHold = undefined;
    if (release) this.stopWaiting();
    client.undefine(this.runtimeId);
    client.define(definition);
    release?.({}); // the held computation is stale by now: its dependents move on
    this.figure.dataset.runs = String(Number(this.figure.dataset.runs ?? 0) + 1);
  }

  private helpers(prologue: ImportBinding[]): CellHelpers {
    const { doc } = this.notebook;
    return {
      importModule: (specifier) => importForCell(doc, this.notebook, specifier),
      console: this.console,
      wrapDisplay: (display) => (value) => display(isTensor(value) ? tensorView(value, doc) : value),
      beginRun: (inputs) => this.runs.begin(inputs),
      cellId: this.id,
      prologue
    };
  }

  /** Everything the cell holds goes: outputs, timers, listeners, Workers. */
  release(): void {
    this.runs.release();
  }

  private setCode(code: string): void {
    this.code = code;
    if (this.editor) this.editor.setCode(code);
    else {
      const pre = this.notebook.doc.createElement("pre");
      pre.className = "book-cell-plain";
      pre.textContent = code;
      if (code !== this.original) this.codeView().replaceChildren(pre);
    }
    this.markModified();
  }

  private persist(): void {
    const { storage, page } = this.notebook;
    if (!storage) return;
    if (this.code === this.original) return clearEdit(storage, page, this.id);
    const result = saveEdit(storage, page, this.id, this.code, hashCode(this.original));
    this.notify(result.ok ? null : result.message);
  }

  private markModified(): void {
    const modified = this.code !== this.original;
    this.figure.querySelector<HTMLElement>("[data-modified]")!.hidden = !modified;
    this.button("reset").hidden = !modified;
    this.figure.classList.toggle("modified", modified);
  }

  private askAboutChangedBook(saved: SavedEdit): void {
    const doc = this.notebook.doc;
    const notice = this.notify("这个代码单元在书中已经更新，而你保存的修改基于旧版本。请选择要使用的版本：")!;
    const mine = notice.appendChild(doc.createElement("button"));
    mine.textContent = "使用我的修改";
    mine.dataset.choice = "mine";
    mine.addEventListener("click", () => {
      this.setCode(saved.code);
      this.notify(null);
      void this.run();
    });
    const book = notice.appendChild(doc.createElement("button"));
    book.textContent = "使用书中的新代码";
    book.dataset.choice = "book";
    book.addEventListener("click", () => this.reset());
    const compare = notice.appendChild(doc.createElement("details"));
    compare.appendChild(doc.createElement("summary")).textContent = "对比两个版本";
    for (const [title, text] of [["我的修改", saved.code], ["书中的新代码", this.original]]) {
      compare.appendChild(doc.createElement("h4")).textContent = title;
      compare.appendChild(doc.createElement("pre")).textContent = text;
    }
  }

  /** The cells that waited for this shared cell move on. */
  private stopWaiting(): void {
    for (const cell of this.waiting.splice(0)) {
      if (cell.figure.dataset.waitingFor !== this.id) continue;
      delete cell.figure.dataset.waitingFor;
      cell.notify(null);
    }
  }

  /** Shows (or with null hides) a message above the output; returns its element. */
  private notify(message: string | null): HTMLElement | null {
    const notice = this.figure.querySelector<HTMLElement>("[data-notice]")!;
    notice.hidden = message === null;
    notice.replaceChildren(message ?? "");
    return message === null ? null : notice;
  }

  private knownNames(): Set<string> {
    const names = this.notebook.client.knownNames();
    names.add("display").add("view");
    for (const outputs of this.notebook.outputs.values()) outputs.forEach((name) => names.add(name));
    return names;
  }

  private button(action: string): HTMLButtonElement {
    return this.figure.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  }

  private codeView(): HTMLElement {
    return this.figure.querySelector<HTMLElement>("[data-cell-code]")!;
  }
}
