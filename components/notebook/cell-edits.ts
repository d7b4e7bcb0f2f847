// A cell's saved edit across reloads: which code a cell starts with, saving the reader's
// code as they type, and the choice offered when the book changed under a saved edit.
import type { CellView } from "./cell-view.js";
import { clearEdit, hashCode, loadEdit, saveEdit, type SavedEdit, type StorageResult } from "./storage.js";

export interface EditPlace {
  storage: Storage | null;
  page: string;
  cell: string;
}

/** What to start a cell with. */
export type Restored =
  | { kind: "book" }
  /** The reader's edit of the book's current code. */
  | { kind: "edit"; code: string }
  /** An edit of an older version of the book's code: the reader chooses. */
  | { kind: "ask"; saved: SavedEdit }
  /** Storage could not be read or held garbage: the book's code, with this message. */
  | { kind: "notice"; message: string };

export function restoreEdit({ storage, page, cell }: EditPlace, original: string): Restored {
  const saved = storage ? loadEdit(storage, page, cell) : null;
  if (!saved) return { kind: "book" };
  if ("error" in saved) return { kind: "notice", message: saved.error };
  if (saved.code === original) {
    clearEdit(storage!, page, cell); // an "edit" that is the book's code is no edit
    return { kind: "book" };
  }
  return saved.base === hashCode(original) ? { kind: "edit", code: saved.code } : { kind: "ask", saved };
}

/** Saves the reader's code (or forgets the edit once it is the book's code again); null when
 * nothing was written. */
export function persistEdit({ storage, page, cell }: EditPlace, code: string, original: string): StorageResult | null {
  if (!storage) return null;
  if (code === original) {
    clearEdit(storage, page, cell);
    return null;
  }
  return saveEdit(storage, page, cell, code, hashCode(original));
}

export function forgetEdit({ storage, page, cell }: EditPlace): void {
  if (storage) clearEdit(storage, page, cell);
}

/** The book's code changed since the reader's edit was made: the reader picks a version. */
export function askAboutChangedBook(view: CellView, saved: SavedEdit, original: string, choose: { mine(): void; book(): void }): void {
  const doc = view.doc;
  const notice = view.notify("这个代码单元在书中已经更新，而你保存的修改基于旧版本。请选择要使用的版本：")!;
  view.choice(notice, "使用我的修改", "mine", choose.mine);
  view.choice(notice, "使用书中的新代码", "book", choose.book);
  const compare = notice.appendChild(doc.createElement("details"));
  compare.appendChild(doc.createElement("summary")).textContent = "对比两个版本";
  for (const [title, text] of [["我的修改", saved.code], ["书中的新代码", original]]) {
    compare.appendChild(doc.createElement("h4")).textContent = title;
    compare.appendChild(doc.createElement("pre")).textContent = text;
  }
}
