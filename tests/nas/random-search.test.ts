// Random search (components/nas/random-search.ts): seeded, no architecture twice, bounded
// by trials, by the space's size and by Stop; bad settings refused before any trial.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomSearch } from "../../components/nas/random-search.js";
import { architectureKey, DEFAULT_SPACE, type Architecture } from "../../components/nas/space.js";

const score = async (a: Architecture) => a.filters.length + a.dense / 1000;

describe("randomSearch", () => {
  it("draws distinct architectures, the same ones for the same seed", async () => {
    const run = (seed: number) => randomSearch({ space: DEFAULT_SPACE, evaluate: score, maxTrials: 12, budgetMs: 60_000, seed });
    const a = await run(3);
    assert.equal(a.length, 12);
    assert.equal(new Set(a.map((t) => architectureKey(t.architecture))).size, 12);
    assert.deepEqual((await run(3)).map((t) => t.architecture), a.map((t) => t.architecture));
    assert.notDeepEqual((await run(4)).map((t) => t.architecture), a.map((t) => t.architecture));
  });
  it("stops at the size of a small space, and when the reader presses Stop", async () => {
    const tiny = { stages: [1], filters: [4, 8], dense: [16] };
    assert.equal((await randomSearch({ space: tiny, evaluate: score, maxTrials: 50, budgetMs: 60_000 })).length, 2);
    const controller = new AbortController();
    const trials = await randomSearch({ space: DEFAULT_SPACE, evaluate: score, maxTrials: 50, budgetMs: 60_000, signal: controller.signal, onTrial: (_, done) => done === 4 && controller.abort() });
    assert.equal(trials.length, 4);
  });
  it("refuses an empty space, zero trials or no time, before evaluating anything", async () => {
    let ran = 0;
    const evaluate = async () => ++ran;
    await assert.rejects(randomSearch({ space: { ...DEFAULT_SPACE, stages: [] }, evaluate, maxTrials: 5, budgetMs: 1000 }), /“卷积段数”列表是空的/);
    await assert.rejects(randomSearch({ space: DEFAULT_SPACE, evaluate, maxTrials: 0, budgetMs: 1000 }), /试验次数必须是正整数/);
    await assert.rejects(randomSearch({ space: DEFAULT_SPACE, evaluate, maxTrials: 5, budgetMs: 0 }), /时间预算必须大于 0/);
    assert.equal(ran, 0);
  });
});
