// What a teacher's page will do: read a student's progress file and recheck each last
// answer against that student's own variant, recomputed from the seed in the file.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exercises as ch33 } from "../../components/exercise/bank/ch3-3-rnn.js";
import { checkAnswer, variantOf } from "../../components/exercise/check-answer.js";
import { exportProgress, parseProgressFile } from "../../components/exercise/export.js";
import { emptyProgress, recordAttempt } from "../../components/exercise/progress.js";
import { studentSeed } from "../../components/exercise/student.js";

describe("checkAnswer from a progress file", () => {
  it("recomputes each student's variant from the seed in their export", async () => {
    const student = "王小明";
    const seed = studentSeed(student);
    const { a, T } = variantOf(ch33["ch3-3-vanishing"], seed, "ch3-3-vanishing") as { a: number; T: number };
    const answers = { "ch3-3-vanishing": `${a}^${T}`, "ch3-3-lstm-params": "4h(d+h)" };
    let progress = emptyProgress(student);
    for (const [id, answer] of Object.entries(answers)) {
      const verdict = await checkAnswer(ch33[id], id, seed, answer);
      progress = recordAttempt(progress, { id, page: "ch3-3-rnn", ok: verdict.ok, answer, now: 1 });
    }
    const file = await parseProgressFile(JSON.stringify(await exportProgress(progress)));
    assert.ok(file.ok);
    const fileSeed = studentSeed(file.progress.student);
    for (const [id, record] of Object.entries(file.progress.exercises)) {
      const recheck = await checkAnswer(ch33[id], id, fileSeed, record.answer!);
      assert.equal(recheck.ok, record.status === "solved", id);
    }
    assert.equal(file.progress.exercises["ch3-3-vanishing"].status, "solved");
    // Copied from a neighbour: the same answer is wrong for another student's numbers.
    const other = [1, 2, 3, 4, 5].map((n) => studentSeed(`同学${n}`)).find((s) => JSON.stringify(variantOf(ch33["ch3-3-vanishing"], s, "ch3-3-vanishing")) !== JSON.stringify({ a, T }))!;
    assert.equal((await checkAnswer(ch33["ch3-3-vanishing"], "ch3-3-vanishing", other, answers["ch3-3-vanishing"])).ok, false);
  });
});
