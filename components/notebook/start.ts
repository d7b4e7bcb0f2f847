// The notebook engine in the page: finds the book cells (<figure data-cell>, rendered by
// site/markdown/cells.ts), lets the reader edit and rerun them on Framework's reactive
// runtime (dependents rerun by themselves), and keeps edits across reloads.
import type { CellEditor } from "./editor.js";
import { clearEdit, hashCode, loadEdit, saveEdit, type SavedEdit } from "./storage.js";

/** The parts of Framework's client (observablehq:client) the engine uses. */
export interface FrameworkClient {
  define(cell: { id: string; inputs: string[]; outputs: string[]; body: (...args: any[]) => unknown }): void;
  undefine(id: string): void;
  main: { _scope: Map<string, unknown>; _runtime: { _builtin: { _scope: Map<string, unknown> } } };
}

export function startNotebook(client: FrameworkClient, doc: Document = document): BookCell[] {
  const page = doc.location.pathname.split("/").pop() || "index.html";
  const storage = safeLocalStorage();
  const cells = [...doc.querySelectorAll<HTMLElement>("figure[data-cell]")].map((figure) => new BookCell(figure, client, page, storage));
  for (const cell of cells) cell.restore();
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
  private readonly runtimeId: string;
  private readonly lang: "ts" | "js";
  private code: string;
  private editor: CellEditor | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly figure: HTMLElement,
    private readonly client: FrameworkClient,
    private readonly page: string,
    private readonly storage: Storage | null
  ) {
    this.id = figure.dataset.cell!;
    this.runtimeId = figure.dataset.runtimeId!;
    this.lang = figure.dataset.cellLang === "js" ? "js" : "ts";
    this.original = JSON.parse(figure.querySelector("[data-cell-source]")!.textContent!);
    this.code = this.original;
    this.button("edit").addEventListener("click", () => this.edit());
    this.button("run").addEventListener("click", () => this.run());
    this.button("reset").addEventListener("click", () => this.reset());
    const code = this.codeView();
    code.addEventListener("click", () => this.edit());
    code.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !this.editor) {
        event.preventDefault();
        this.edit();
      } else if (event.key === "Enter" && event.shiftKey) event.preventDefault();
    });
  }

  /** Reapplies a saved edit; asks the reader when the book's code changed since. */
  restore(): void {
    if (!this.storage) return;
    const saved = loadEdit(this.storage, this.page, this.id);
    if (!saved) return;
    if ("error" in saved) {
      this.notify(saved.error);
      return;
    }
    if (saved.code === this.original) return clearEdit(this.storage, this.page, this.id);
    if (saved.base === hashCode(this.original)) {
      this.setCode(saved.code);
      this.run();
    } else {
      this.askAboutChangedBook(saved);
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
      onRun: () => this.run(),
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

  /** Compiles the current code and redefines the cell; the runtime reruns its dependents.
   * The compiler (sucrase, acorn) loads on the first run, not with the page. */
  async run(): Promise<void> {
    if (this.editor) this.code = this.editor.getCode();
    clearTimeout(this.saveTimer);
    this.persist();
    const { define, undefine } = this.client;
    const { compileCell, makeBody } = await import("./compile.js");
    let definition: Parameters<FrameworkClient["define"]>[0];
    try {
      const compiled = compileCell(this.code, { lang: this.lang, knownNames: this.knownNames(), resolveImport: (s) => resolveImport(this.figure.ownerDocument, s) });
      definition = { id: this.runtimeId, inputs: compiled.inputs, outputs: compiled.outputs, body: makeBody(compiled) };
    } catch (error) {
      definition = { id: this.runtimeId, inputs: [], outputs: [], body: () => Promise.reject(error) };
    }
    undefine(this.runtimeId);
    define(definition);
    this.figure.dataset.runs = String(Number(this.figure.dataset.runs ?? 0) + 1);
  }

  reset(): void {
    if (this.storage) clearEdit(this.storage, this.page, this.id);
    this.setCode(this.original);
    this.notify(null);
    this.run();
  }

  private setCode(code: string): void {
    this.code = code;
    if (this.editor) this.editor.setCode(code);
    else if (code !== this.original) {
      const pre = this.figure.ownerDocument.createElement("pre");
      pre.className = "book-cell-plain";
      pre.textContent = code;
      this.codeView().replaceChildren(pre);
    }
    this.markModified();
  }

  private persist(): void {
    if (!this.storage) return;
    if (this.code === this.original) return clearEdit(this.storage, this.page, this.id);
    const result = saveEdit(this.storage, this.page, this.id, this.code, hashCode(this.original));
    this.notify(result.ok ? null : result.message);
  }

  private markModified(): void {
    const modified = this.code !== this.original;
    this.figure.querySelector<HTMLElement>("[data-modified]")!.hidden = !modified;
    this.button("reset").hidden = !modified;
    this.figure.classList.toggle("modified", modified);
  }

  private askAboutChangedBook(saved: SavedEdit): void {
    const doc = this.figure.ownerDocument;
    const notice = this.notify("这个代码单元在书中已经更新，而你保存的修改基于旧版本。请选择要使用的版本：")!;
    const mine = notice.appendChild(doc.createElement("button"));
    mine.textContent = "使用我的修改";
    mine.dataset.choice = "mine";
    mine.addEventListener("click", () => {
      this.setCode(saved.code);
      this.notify(null);
      this.run();
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

  /** Shows (or with null hides) a message above the output; returns its element. */
  private notify(message: string | null): HTMLElement | null {
    const notice = this.figure.querySelector<HTMLElement>("[data-notice]")!;
    notice.hidden = message === null;
    notice.replaceChildren(message ?? "");
    return message === null ? null : notice;
  }

  private knownNames(): Set<string> {
    const { main } = this.client;
    return new Set([...main._scope.keys(), ...main._runtime._builtin._scope.keys(), "display", "view"]);
  }

  private button(action: string): HTMLButtonElement {
    return this.figure.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  }

  private codeView(): HTMLElement {
    return this.figure.querySelector<HTMLElement>("[data-cell-code]")!;
  }
}

/** An import of edited code may use what the page already loads (its modulepreload links). */
export function resolveImport(doc: Document, specifier: string): string | null {
  const hrefs = [...doc.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.href);
  let needle: string;
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    needle = `/_import/${specifier.replace(/^(\.\.?\/)+/, "").replace(/\.(js|ts)$/, "")}.`;
  } else if (/^[@\w]/.test(specifier) && !specifier.includes(":")) {
    needle = `/_node/${specifier}@`;
  } else {
    return null;
  }
  return hrefs.find((href) => href.includes(needle)) ?? null;
}
