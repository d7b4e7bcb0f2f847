// 3.4's date data: real calendar dates, every format, seeded, train and test days disjoint.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cnNumber, dateAt, datePairs, FORMATS, isoDate, sourceAlphabet } from "../../components/seq2seq/dates.js";

describe("dates", () => {
  it("writes 2021-03-05 (a Friday) in every format", () => {
    const index = Math.round((Date.UTC(2021, 2, 5) - Date.UTC(1950, 0, 1)) / 86_400_000);
    const d = dateAt(index);
    assert.deepEqual(d, { year: 2021, month: 3, day: 5, weekday: 5 });
    assert.equal(isoDate(d), "2021-03-05");
    assert.deepEqual(FORMATS.map((f) => f.write(d)), ["2021年3月5日", "2021年03月05日", "二〇二一年三月五日", "2021年3月5日星期五", "2021/3/5", "2021.03.05", "March 5, 2021", "5 March 2021", "Mar 5 2021", "05-Mar-2021", "03/05/2021"]);
  });

  it("reads numbers as Chinese does: 十, 十一, 二十, 三十一", () => {
    assert.deepEqual([1, 10, 11, 20, 29, 31].map(cnNumber), ["一", "十", "十一", "二十", "二十九", "三十一"]);
  });

  it("knows leap years: 2000-02-29 exists, 1900 is not in range, 2100 neither", () => {
    const index = Math.round((Date.UTC(2000, 1, 29) - Date.UTC(1950, 0, 1)) / 86_400_000);
    assert.equal(isoDate(dateAt(index)), "2000-02-29");
    assert.equal(isoDate(dateAt(index + 1)), "2000-03-01");
  });

  it("is seeded, covers every format, and keeps test days out of training", () => {
    const train = datePairs(3000, { seed: 1 });
    assert.deepEqual(datePairs(3000, { seed: 1 }), train);
    assert.notDeepEqual(datePairs(50, { seed: 2 }), train.slice(0, 50));
    assert.equal(new Set(train.map((p) => p.format)).size, FORMATS.length);
    const test = datePairs(500, { seed: 9, split: "test" });
    const trainDays = new Set(train.map((p) => p.target));
    assert.ok(test.every((p) => !trainDays.has(p.target)));
    const years = train.map((p) => Number(p.target.slice(0, 4)));
    assert.ok(Math.min(...years) >= 1950 && Math.max(...years) <= 2049);
  });

  it("the alphabet holds every character the formats produce", () => {
    const alphabet = new Set(sourceAlphabet());
    for (const p of datePairs(2000, { seed: 5 })) for (const c of p.source) assert.ok(alphabet.has(c), `${c} in ${p.source}`);
  });
});
