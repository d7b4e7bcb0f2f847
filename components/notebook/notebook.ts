// What the cells of one page share: Framework's client, the page's storage, and the names
// every cell declares (so cells can be defined in any order).
import type { ImportBinding } from "./cell-body.js";
import type { RunContext } from "./cell-runs.js";
import { createLoopGuard } from "./guard.js";
import { trackCellResources } from "./resources.js";

/** The parts of Framework's client the engine uses (see framework-client.ts). */
export interface FrameworkClient {
  define(cell: CellDefinition): void;
  undefine(id: string): void;
  /** Names defined on the page's runtime (its cells' outputs and Framework's builtins). */
  knownNames(): Set<string>;
}

export interface CellDefinition {
  id: string;
  inputs: string[];
  outputs: string[];
  body: (...args: any[]) => unknown;
}

export interface Notebook extends RunContext {
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

export function createNotebook(client: FrameworkClient, doc: Document): Notebook {
  return {
    client,
    doc,
    page: doc.location.pathname.split("/").pop() || "index.html",
    storage: safeLocalStorage(doc.defaultView),
    guard: createLoopGuard(3000, () => performance.now(), () => doc.visibilityState === "hidden"),
    resources: trackCellResources(doc.defaultView as Window & typeof globalThis),
    outputs: new Map(),
    imports: new Map(),
    inputs: new Map(),
    values: new Map(),
    tf: null,
    running: new Set()
  };
}

function safeLocalStorage(window: Window | null): Storage | null {
  try {
    return window?.localStorage ?? null;
  } catch {
    return null; // storage disabled: edits live as long as the page
  }
}

/** The names a cell may read: the runtime's, the display helpers, and every book cell's outputs. */
export function knownNames(notebook: Pick<Notebook, "client" | "outputs">): Set<string> {
  const names = notebook.client.knownNames();
  names.add("display").add("view");
  for (const outputs of notebook.outputs.values()) outputs.forEach((name) => names.add(name));
  return names;
}
