import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { loadNames, majorityBaseline, NamesFormatError } from "../../components/data/names.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const text = execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, encoding: "utf8" });

describe("names data", () => {
  it("drops names on both lists, splits 80/20 with a fixed seed, and keeps every label", async () => {
    const data = await loadNames(text);
    const { train, test, counts, ambiguous } = data;
    assert.equal(train.names.length + test.names.length, counts.female + counts.male - 2 * ambiguous.count);
    assert.equal(Math.round((train.names.length + test.names.length) * 0.8), train.names.length);
    const all = new Set([...train.names, ...test.names]);
    assert.equal(all.size, train.names.length + test.names.length, "no name twice");
    for (const name of ambiguous.examples) assert.ok(!all.has(name), `${name} is ambiguous and dropped`);
    assert.ok(train.names.every((n) => /^[a-z-]+$/.test(n)));
    const women = [...train.labels, ...test.labels].filter((l) => l === 0).length;
    assert.equal(women, counts.female - ambiguous.count);
    const again = await loadNames(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, encoding: "utf8" }));
    assert.deepEqual(again.test.names.slice(0, 20), test.names.slice(0, 20), "the split is reproducible");
    const baseline = majorityBaseline(test);
    assert.equal(baseline.label, 0);
    assert.ok(baseline.accuracy > 0.5 && baseline.accuracy < 0.65);
  });
  it("rejects a truncated or malformed file with a clear message", async () => {
    await assert.rejects(loadNames(text.slice(0, 5000)), NamesFormatError);
    const broken = JSON.parse(text);
    broken.train.labels = broken.train.labels.slice(0, -3);
    await assert.rejects(loadNames(broken), /截断/);
    await assert.rejects(loadNames({ format: "other" }), /格式/);
  });
});
