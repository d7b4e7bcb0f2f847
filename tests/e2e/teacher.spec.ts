// The teacher's page in Chromium: two students' progress files (made with the book's own
// export) and one damaged file dropped at once → a row per student, each answer rechecked
// against that student's own numbers, the damaged file named, and a CSV download.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { exercises } from "../../components/exercise/bank/ch3-2-cnn.js";
import { variantOf } from "../../components/exercise/check-answer.js";
import { exportProgress } from "../../components/exercise/export.js";
import type { Progress } from "../../components/exercise/progress.js";
import { studentSeed } from "../../components/exercise/student.js";
import { openChapter, test, useSession } from "./browser.js";

const session = useSession();
const ID = "ch3-2-output-size";
const rightAnswer = (student: string) => {
  const { n, k, p, s } = variantOf(exercises[ID], studentSeed(student), ID) as { n: number; k: number; p: number; s: number };
  return String(Math.floor((n + 2 * p - k) / s) + 1);
};
const fileOf = async (student: string, answer: string) => {
  const now = Date.now();
  const progress: Progress = { student, exercises: { [ID]: { status: "solved", attempts: 2, page: "ch3-2-cnn", firstAttemptAt: now, lastAttemptAt: now, solvedAt: now, answer } } };
  return { name: `${student}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(await exportProgress(progress))) };
};

test.describe("teacher's page", () => {
  test("aggregates two students' exports, rechecks their answers, names a damaged file and downloads CSV", async () => {
    const { page, log } = await openChapter(await session(), "teacher.html");
    const honest = await fileOf("张三", rightAnswer("张三"));
    const copied = await fileOf("李四", rightAnswer("张三")); // 张三's number, not 李四's own
    assert.notEqual(rightAnswer("张三"), rightAnswer("李四"));
    const damaged = { name: "坏文件.json", mimeType: "application/json", buffer: Buffer.from('{"format":"dlbook-progress","version":1,') };
    await page.locator('[data-action="teacher-files"]').setInputFiles([honest, copied, damaged]);
    await page.locator('[data-output="teacher-table"] tbody tr').nth(1).waitFor({ timeout: 60_000 });
    const recheck = (student: string) => page.locator(`tr[data-student="${student}"] td[data-teacher-exercise="${ID}"]`).getAttribute("data-recheck");
    assert.equal(await recheck("张三"), "match");
    assert.equal(await recheck("李四"), "mismatch");
    const message = (await page.locator("[data-teacher-message]").textContent()) ?? "";
    assert.match(message, /已汇总 2 名学生/);
    assert.match(message, /坏文件\.json.*没有计入/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-action="download-csv"]').click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    assert.ok(csv.startsWith("\ufeff学生,"));
    assert.match(csv, /张三,1,1,.*完成 · 2 次 · 复核正确/);
    assert.match(csv, /李四,1,1,.*完成 · 2 次 · 复核不符/);
    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
