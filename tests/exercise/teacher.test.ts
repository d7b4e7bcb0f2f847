// The class table: files of one student merge, each last answer is rechecked against the
// student's own variant (a right answer for a neighbour's numbers does not count), and the CSV
// quotes what needs quoting and defuses spreadsheet formulas.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { variantOf } from "../../components/exercise/check-answer.js";
import type { CatalogEntry, Progress } from "../../components/exercise/progress.js";
import { studentSeed } from "../../components/exercise/student.js";
import { classCsv, gradeStudent, groupByStudent } from "../../components/exercise/teacher.js";
import type { NumericExercise } from "../../components/exercise/types.js";
import { randomInt } from "../../components/exercise/random.js";

const square: NumericExercise<{ n: number }> = { kind: "numeric", params: (random) => ({ n: randomInt(random, 2, 1000) }), answer: ({ n }) => n * n, tolerance: { abs: 1e-9, rel: 0 } };
const banks = { "t-square": square };
const catalog: CatalogEntry[] = [
  { id: "t-square", title: "平方", page: "p1", chapter: "第一章" },
  { id: "t-other", title: "另一题", page: "p2", chapter: "第二章" }
];
const answerFor = (student: string) => String((variantOf(square, studentSeed(student), "t-square").n as number) ** 2);
const record = (answer: string, status: "solved" | "attempted" = "solved", attempts = 1) => ({ status, attempts, page: "p1", firstAttemptAt: 1, lastAttemptAt: 2, answer });

describe("teacher's class table", () => {
  it("rechecks each answer against the student's own variant", async () => {
    const alice: Progress = { student: "alice", exercises: { "t-square": record(answerFor("alice")) } };
    const bob: Progress = { student: "bob", exercises: { "t-square": record(answerFor("alice")) } }; // copied Alice's answer
    assert.notEqual(answerFor("alice"), answerFor("bob"), "the two students have different numbers");
    const a = await gradeStudent(alice, 1, catalog, banks);
    const b = await gradeStudent(bob, 1, catalog, banks);
    assert.equal(a.cells["t-square"].recheck, "match");
    assert.equal(b.cells["t-square"].recheck, "mismatch");
    assert.equal(a.cells["t-other"].status, "none");
    assert.equal(a.solved, 1);
    assert.deepEqual(a.solvedByPage, { p1: 1 });
  });

  it("merges two files of the same student, keeping solved and the larger count", () => {
    const lab: Progress = { student: "carol", exercises: { "t-square": record("1", "attempted", 3) } };
    const home: Progress = { student: "carol", exercises: { "t-square": record(answerFor("carol"), "solved", 1) } };
    const [only, ...rest] = groupByStudent([lab, home]);
    assert.equal(rest.length, 0);
    assert.equal(only.files, 2);
    assert.equal(only.progress.exercises["t-square"].status, "solved");
    assert.equal(only.progress.exercises["t-square"].attempts, 3);
  });

  it("writes CSV with a BOM, quoted commas and defused formulas", async () => {
    const rows = [await gradeStudent({ student: "=1+1", exercises: {} }, 1, catalog, banks), await gradeStudent({ student: "李,雷", exercises: { "t-square": record(answerFor("李,雷")) } }, 1, catalog, banks)];
    const csv = classCsv(rows, catalog);
    assert.ok(csv.startsWith("\ufeff学生,文件数,完成总数,第一章（完成）,第二章（完成）,t-square,t-other\r\n"));
    assert.match(csv, /\r\n'=1\+1,1,0,0,0,未做,未做\r\n/);
    assert.match(csv, /\r\n"李,雷",1,1,1,0,完成 · 1 次 · 复核正确,未做\r\n/);
  });
});
