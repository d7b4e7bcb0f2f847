import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clearEdit, editKey, hashCode, loadEdit, saveEdit } from "../../components/notebook/storage.js";
import { memoryStorage } from "../fixtures/memory-storage.js";

describe("edit storage", () => {
  it("round-trips an edit per page and cell", () => {
    const storage = memoryStorage();
    assert.deepEqual(saveEdit(storage, "index.html", "a", "const x = 2;", hashCode("const x = 1;")), { ok: true });
    const edit = loadEdit(storage, "index.html", "a");
    assert.ok(edit && "code" in edit);
    assert.equal(edit.code, "const x = 2;");
    assert.equal(edit.base, hashCode("const x = 1;"));
    assert.equal(loadEdit(storage, "index.html", "b"), null);
    clearEdit(storage, "index.html", "a");
    assert.equal(loadEdit(storage, "index.html", "a"), null);
  });
  it("reports a full storage without throwing", () => {
    const storage = memoryStorage({ quota: 10 });
    const result = saveEdit(storage, "p", "c", "x".repeat(100), "0");
    assert.equal(result.ok, false);
    assert.match((result as { message: string }).message, /已满/);
  });
  it("reports corrupted data as an error", () => {
    const storage = memoryStorage();
    storage.setItem(editKey("p", "c"), "{not json");
    const result = loadEdit(storage, "p", "c");
    assert.ok(result && "error" in result && /损坏/.test(result.error));
  });
});

describe("hashCode", () => {
  it("is stable and sensitive to any change", () => {
    assert.equal(hashCode("abc"), hashCode("abc"));
    assert.notEqual(hashCode("const x = 1;"), hashCode("const x = 1; "));
    assert.match(hashCode("位置编码"), /^[0-9a-f]{8}$/);
  });
});
