import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkStudentId, loadStudentId, saveStudentId, studentSeed } from "../../components/exercise/student.js";
import { memoryStorage } from "../fixtures/memory-storage.js";

describe("checkStudentId", () => {
  it("accepts names and numbers, normalising spaces and full-width digits", () => {
    assert.deepEqual(checkStudentId("  王小明  "), { ok: true, id: "王小明" });
    assert.deepEqual(checkStudentId("２０２４ 031"), { ok: true, id: "2024 031" });
    assert.deepEqual(checkStudentId("li.lei_2-b"), { ok: true, id: "li.lei_2-b" });
  });
  it("rejects empty, overlong and odd IDs with a message that says why", () => {
    const empty = checkStudentId("   ");
    assert.ok(!empty.ok && /不能为空/.test(empty.message));
    const long = checkStudentId("x".repeat(41));
    assert.ok(!long.ok && /最长 40/.test(long.message));
    const odd = checkStudentId("<script>");
    assert.ok(!odd.ok && /“<”/.test(odd.message) && /“>”/.test(odd.message));
  });
});

describe("studentSeed", () => {
  it("is deterministic and differs between IDs", () => {
    assert.equal(studentSeed("王小明"), studentSeed("王小明"));
    assert.notEqual(studentSeed("王小明"), studentSeed("王小红"));
  });
});

describe("saveStudentId", () => {
  it("reports a full storage instead of throwing", () => {
    const storage = memoryStorage({ quota: 0 });
    assert.match(saveStudentId(storage, "a") ?? "", /存储已满/);
    assert.equal(loadStudentId(storage), "");
  });
  it("round-trips an ID", () => {
    const storage = memoryStorage();
    assert.equal(saveStudentId(storage, "2024031"), null);
    assert.equal(loadStudentId(storage), "2024031");
  });
});
