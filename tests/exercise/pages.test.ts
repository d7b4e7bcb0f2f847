// The pages and their banks agree: every exercise fence has a bank entry and the other way
// round, and every {{placeholder}} names a parameter of that exercise's variant.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { exerciseRandom } from "../../components/exercise/random.js";
import type { ExerciseBank } from "../../components/exercise/types.js";
import { parseExerciseInfo, splitExercise } from "../../site/markdown/exercises.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pages = readdirSync(join(root, "src"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => ({ page: f.replace(/\.md$/, ""), text: readFileSync(join(root, "src", f), "utf8") }))
  .map(({ page, text }) => ({
    page,
    fences: [...text.matchAll(/^(`{3,})(exercise [^\n]*)\n([\s\S]*?)\n\1$/gm)].map((m) => {
      const info = parseExerciseInfo(m[2])!;
      return splitExercise(info.id, info.title, m[3]);
    })
  }))
  .filter(({ fences }) => fences.length);

describe("exercise pages", () => {
  it("3.1-3.6 have exercises", () => {
    for (const page of ["ch3-1-nn-basics", "ch3-2-cnn", "ch3-3-rnn", "ch3-4-attention", "ch3-5-transformer", "ch3-6-bert"]) assert.ok(pages.some((p) => p.page === page), page);
  });
  for (const { page, fences } of pages) {
    it(`${page}: fences and bank match, placeholders name parameters`, async () => {
      const { exercises } = (await import(`../../components/exercise/bank/${page}.js`)) as { exercises: ExerciseBank };
      assert.deepEqual(fences.map((f) => f.id).sort(), Object.keys(exercises).sort());
      for (const fence of fences) {
        const params = exercises[fence.id].params(exerciseRandom(1, fence.id));
        const text = [fence.prompt, ...fence.hints, fence.solution ?? ""].join("\n");
        for (const [, name] of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) assert.ok(name === "answer" || name in params, `${fence.id}: {{${name}}} is not a parameter`);
        assert.ok(fence.title, `${fence.id}: a title`);
        assert.ok(fence.hints.length >= 1 && fence.solution, `${fence.id}: hints and a solution`);
      }
    });
  }
});
