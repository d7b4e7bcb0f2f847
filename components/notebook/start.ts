// The notebook engine in the page: defines the book cells (<figure data-cell>, rendered
// by site/markdown/cells.ts) on Framework's reactive runtime, lets the reader edit and
// rerun them (dependents rerun by themselves), and keeps edits across reloads. A start-up
// that fails says so at the top of the page (and in the console) instead of leaving cells
// that silently never run.
import { BookCell } from "./book-cell.js";
import type { Analyzed, Compiler } from "./cell-define.js";
import { createNotebook, type FrameworkClient, type Notebook } from "./notebook.js";
import { openShareLink, pageNotice } from "./share-link.js";

export type { FrameworkClient } from "./notebook.js";
export { BookCell } from "./book-cell.js";

export function startNotebook(client: FrameworkClient, doc: Document = document): BookCell[] {
  let cells: BookCell[] = [];
  let notebook: Notebook | undefined;
  try {
    notebook = createNotebook(client, doc);
    const page = notebook;
    cells = [...doc.querySelectorAll<HTMLElement>("figure[data-cell]")].map((figure) => new BookCell(figure, page));
    const code = cells.map((cell) => cell.restoredCode());
    defineCells(doc, cells, code).catch((error) => reportStartFailure(doc, error));
  } catch (error) {
    cells = [];
    notebook?.guard.stop(); // no cell will run: the loop guard's heartbeat has nothing to watch
    reportStartFailure(doc, error);
  }
  doc.defaultView?.addEventListener("pagehide", () => cells.forEach((cell) => cell.release()));
  return cells;
}

/** The page's boot with the connection to Framework inside the start-up, so that a client
 * the engine cannot use (framework-client.ts's FrameworkMismatchError) is shown like any
 * other failed start. */
export function bootNotebook(connect: () => FrameworkClient, doc: Document = document): BookCell[] {
  let client: FrameworkClient;
  try {
    client = connect();
  } catch (error) {
    reportStartFailure(doc, error);
    return [];
  }
  return startNotebook(client, doc);
}

/** What the start-up needs of a cell. */
export interface StartingCell {
  readonly id: string;
  readonly original: string;
  analyze(code: string, compile: Compiler | null): Analyzed;
  declare(analyzed: Analyzed): void;
  define(analyzed: Analyzed): void;
  holdShared(): void;
  explainWaiting(cells: readonly StartingCell[]): void;
  showShared(code: string): void;
  showNotice(message: string): void;
  scrollIntoView(): void;
}

/** Defines every cell, a shared one held. Restored edits are compiled and every cell's
 * outputs declared before anything is defined, so that no cell runs (and fails) against a
 * neighbour that is not defined yet. */
export async function defineCells<C extends StartingCell>(doc: Document, cells: readonly C[], code: readonly string[], loadCompiler: () => Promise<Compiler> = () => import("./compile.js")): Promise<void> {
  const sharedCell = await openShareLink(doc, cells);
  const compile = code.some((c, i) => c !== cells[i].original) ? await loadCompiler() : null;
  const analyzed = cells.map((cell, i) => cell.analyze(code[i], compile));
  cells.forEach((cell, i) => cell.declare(analyzed[i]));
  cells.forEach((cell, i) => (cell === sharedCell ? cell.holdShared() : cell.define(analyzed[i])));
  if (sharedCell) sharedCell.explainWaiting(cells);
}

/** The page's code cells could not start: the reader is told, in the page, and the console
 * keeps the error for whoever debugs it. */
export function reportStartFailure(doc: Document, error: unknown, log: Pick<Console, "error"> = console): HTMLElement {
  log.error("笔记本引擎启动失败", error);
  const reason = error instanceof Error ? error.message : String(error);
  return pageNotice(doc, `本页的代码单元没能启动（${reason}），代码仍可阅读，但不会运行。请刷新页面重试；若仍失败，请报告这个问题。`, "startError");
}
