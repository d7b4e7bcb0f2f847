import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJson, exportProgress, importInto, parseProgressFile } from "../../components/exercise/export.js";
import { emptyProgress, recordAttempt } from "../../components/exercise/progress.js";
import { studentSeed } from "../../components/exercise/student.js";

const progress = recordAttempt(emptyProgress("王小明"), { id: "ch3-1-softmax", page: "ch3-1-nn-basics", ok: true, answer: "function softmax(z) {}", now: 1000 });

describe("exportProgress / parseProgressFile", () => {
  it("round-trips, carrying the student's seed for recomputing variants", async () => {
    const file = await exportProgress(progress, new Date("2026-12-04T00:00:00Z"));
    assert.equal(file.student.seed, studentSeed("王小明"));
    assert.match(file.checksum, /^sha256:[0-9a-f]{64}$/);
    const parsed = await parseProgressFile(JSON.stringify(file, null, 2));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.progress, progress);
  });
  it("detects an edit through the checksum", async () => {
    const file = await exportProgress(progress);
    const edited = JSON.parse(JSON.stringify(file));
    edited.exercises["ch3-1-softmax"].attempts = 1;
    edited.exercises["ch3-1-cross-entropy"] = { ...edited.exercises["ch3-1-softmax"] };
    const parsed = await parseProgressFile(JSON.stringify(edited));
    assert.ok(!parsed.ok && /校验和不符/.test(parsed.message));
    const reordered = { checksum: file.checksum, exercises: file.exercises, student: file.student, version: file.version, format: file.format, exportedAt: file.exportedAt };
    assert.ok((await parseProgressFile(JSON.stringify(reordered))).ok, "key order does not matter");
  });
  it("rejects damaged and foreign files with a clear message", async () => {
    const file = JSON.stringify(await exportProgress(progress));
    const cases: [string, RegExp][] = [
      [file.slice(0, file.length / 2), /不是有效的 JSON/],
      ['{"name": "package.json"}', /不是本书导出的学习进度文件/],
      ["[]", /不是本书导出的学习进度文件/],
      [file.replace('"version": 1', '"version": 9').replace('"version":1', '"version":9'), /版本/]
    ];
    for (const [text, message] of cases) {
      const parsed = await parseProgressFile(text);
      assert.ok(!parsed.ok && message.test(parsed.message), `${text.slice(0, 40)} → ${JSON.stringify(parsed)}`);
    }
  });
  it("canonicalJson sorts keys and drops undefined", () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: undefined, c: "x" }] }), '{"a":[{"c":"x"}],"b":1}');
  });
});

describe("importInto", () => {
  it("merges a file of the same student and refuses another student's", async () => {
    const mine = recordAttempt(emptyProgress("王小明"), { id: "ch3-3-vanishing", page: "ch3-3-rnn", ok: false, answer: "1", now: 5 });
    const result = importInto(mine, progress);
    assert.ok(result.ok);
    assert.deepEqual([result.added, result.updated], [1, 0]);
    assert.deepEqual(Object.keys(result.progress.exercises).sort(), ["ch3-1-softmax", "ch3-3-vanishing"]);
    const other = importInto(emptyProgress("李雷"), progress);
    assert.ok(!other.ok && /属于 “王小明”/.test(other.message));
  });
});
