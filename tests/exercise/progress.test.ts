import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyProgress, loadProgress, mergeProgress, progressKey, recordAttempt, recordEvent, saveProgress, summarize } from "../../components/exercise/progress.js";
import { memoryStorage } from "../fixtures/memory-storage.js";

const attempt = (ok: boolean, now: number, id = "a", answer = String(now)) => ({ id, page: "ch3-1-nn-basics", ok, answer, now });

describe("recordAttempt", () => {
  it("counts checks, keeps the first success and never un-solves", () => {
    let p = emptyProgress("s");
    p = recordAttempt(p, attempt(false, 10));
    assert.deepEqual([p.exercises.a.status, p.exercises.a.attempts], ["attempted", 1]);
    p = recordAttempt(p, attempt(true, 20));
    p = recordAttempt(p, attempt(false, 30));
    assert.deepEqual([p.exercises.a.status, p.exercises.a.attempts, p.exercises.a.solvedAt, p.exercises.a.firstAttemptAt, p.exercises.a.lastAttemptAt, p.exercises.a.answer], ["solved", 3, 20, 10, 30, "30"]);
  });
  it("notes hints and the solution without counting an attempt", () => {
    let p = recordEvent(emptyProgress("s"), "a", "ch3-1-nn-basics", { hintsShown: 2, startedAt: 5 }, 5);
    p = recordEvent(p, "a", "ch3-1-nn-basics", { hintsShown: 1, solutionShown: true }, 6);
    assert.deepEqual([p.exercises.a.attempts, p.exercises.a.hintsShown, p.exercises.a.solutionShown, p.exercises.a.startedAt], [0, 2, true, 5]);
  });
});

describe("mergeProgress", () => {
  it("keeps everything either side knows", () => {
    let mine = recordAttempt(emptyProgress("s"), attempt(false, 100));
    mine = recordAttempt(mine, attempt(false, 200, "only-mine"));
    let theirs = recordAttempt(emptyProgress("s"), attempt(false, 50));
    theirs = recordAttempt(theirs, attempt(true, 300));
    theirs = recordEvent(theirs, "a", "ch3-1-nn-basics", { solutionShown: true }, 300);
    theirs = recordAttempt(theirs, attempt(true, 60, "only-theirs"));
    const merged = mergeProgress(mine, theirs);
    assert.deepEqual(Object.keys(merged.exercises).sort(), ["a", "only-mine", "only-theirs"]);
    const a = merged.exercises.a;
    assert.deepEqual([a.status, a.attempts, a.firstAttemptAt, a.lastAttemptAt, a.solvedAt, a.answer, a.solutionShown], ["solved", 2, 50, 300, 300, "300", true]);
  });
  it("is idempotent: importing the same file twice changes nothing", () => {
    const p = recordAttempt(recordAttempt(emptyProgress("s"), attempt(false, 1)), attempt(true, 2));
    assert.deepEqual(mergeProgress(p, p), p);
    assert.deepEqual(mergeProgress(mergeProgress(p, p), p), p);
  });
});

describe("saveProgress / loadProgress", () => {
  it("round-trips, and reports a full storage without throwing", () => {
    const storage = memoryStorage();
    const p = recordAttempt(emptyProgress("王小明"), attempt(true, 1));
    assert.equal(saveProgress(storage, p), null);
    assert.deepEqual(loadProgress(storage, "王小明").progress, p);
    assert.deepEqual(loadProgress(storage, "别人").progress, emptyProgress("别人"));
    assert.match(saveProgress(memoryStorage({ quota: 10 }), p) ?? "", /存储已满/);
  });
  it("keeps an unreadable stored copy aside instead of overwriting it", () => {
    const storage = memoryStorage();
    storage.setItem(progressKey("s"), "{broken");
    const { progress, warning } = loadProgress(storage, "s");
    assert.deepEqual(progress, emptyProgress("s"));
    assert.match(warning ?? "", /无法读取/);
    const aside = [...Array(storage.length).keys()].map((i) => storage.key(i)!).find((k) => k.includes(":unreadable:"));
    assert.equal(storage.getItem(aside!), "{broken");
  });
});

describe("summarize", () => {
  it("counts per chapter and lists what is left", () => {
    const catalog = [
      { id: "a", title: "A", page: "p1", chapter: "第一章" },
      { id: "b", title: "B", page: "p1", chapter: "第一章" },
      { id: "c", title: "C", page: "p2", chapter: "第二章" }
    ];
    let p = recordAttempt(emptyProgress("s"), attempt(true, 1, "a"));
    p = recordAttempt(p, attempt(false, 2, "b"));
    const [one, two] = summarize(p, catalog);
    assert.deepEqual([one.total, one.solved, one.attempted, one.left.map((e) => e.id)], [2, 1, 1, ["b"]]);
    assert.deepEqual([two.total, two.solved, two.left.map((e) => e.id)], [1, 0, ["c"]]);
  });
});
