import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { persistEdit, restoreEdit } from "../../components/notebook/cell-edits.js";
import { editKey, hashCode, loadEdit, saveEdit } from "../../components/notebook/storage.js";
import { memoryStorage } from "../fixtures/memory-storage.js";

const BOOK = "const x = 1;";
const place = (storage: Storage | null) => ({ storage, page: "p.html", cell: "c" });

describe("a cell's saved edit", () => {
  it("starts with the book's code when nothing is saved or storage is off", () => {
    assert.deepEqual(restoreEdit(place(memoryStorage()), BOOK), { kind: "book" });
    assert.deepEqual(restoreEdit(place(null), BOOK), { kind: "book" });
  });

  it("restores an edit of the book's current code", () => {
    const storage = memoryStorage();
    saveEdit(storage, "p.html", "c", "const x = 2;", hashCode(BOOK));
    assert.deepEqual(restoreEdit(place(storage), BOOK), { kind: "edit", code: "const x = 2;" });
  });

  it("asks (keeping the edit) when the book changed since the edit was made", () => {
    const storage = memoryStorage();
    saveEdit(storage, "p.html", "c", "const x = 2;", hashCode("const x = 0;"));
    const restored = restoreEdit(place(storage), BOOK);
    assert.equal(restored.kind, "ask");
    assert.equal(restored.kind === "ask" && restored.saved.code, "const x = 2;");
    assert.ok(loadEdit(storage, "p.html", "c"), "the reader's edit is not dropped before they choose");
  });

  it("forgets a saved 'edit' that is the book's code, and reports a corrupt one", () => {
    const storage = memoryStorage();
    saveEdit(storage, "p.html", "c", BOOK, hashCode("old"));
    assert.deepEqual(restoreEdit(place(storage), BOOK), { kind: "book" });
    assert.equal(storage.length, 0);
    storage.setItem(editKey("p.html", "c"), "{oops");
    const restored = restoreEdit(place(storage), BOOK);
    assert.equal(restored.kind, "notice");
    assert.match(restored.kind === "notice" ? restored.message : "", /已损坏/);
  });

  it("saves the reader's code against the book's, forgets it once it is the book's again, and says when storage is full", () => {
    const storage = memoryStorage();
    assert.deepEqual(persistEdit(place(storage), "const x = 3;", BOOK), { ok: true });
    assert.deepEqual(loadEdit(storage, "p.html", "c"), { code: "const x = 3;", base: hashCode(BOOK), savedAt: (loadEdit(storage, "p.html", "c") as { savedAt: number }).savedAt });
    assert.equal(persistEdit(place(storage), BOOK, BOOK), null);
    assert.equal(storage.length, 0);
    assert.equal(persistEdit(place(null), "const x = 3;", BOOK), null);
    const full = persistEdit(place(memoryStorage({ quota: 5 })), "const x = 3;", BOOK);
    assert.ok(full && !full.ok && /已满/.test(full.message));
  });
});
