// Checked exercises in Chromium: a student's own variant, a right and a wrong answer with
// specific messages, a code exercise that throws / loops / returns the wrong shape, the
// progress page (bars, export → clear storage → import, a damaged file changes nothing),
// zero requests outside the site, and a build without solutions that contains none.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { benchFolderFor } from "../../site/bench-pages.js";
import { splitExercise, parseExerciseInfo } from "../../site/markdown/exercises.js";
import { openChapter, root, test, useSession } from "./browser.js";

const session = useSession();
const exercise = (page: Page, id: string) => page.locator(`[data-exercise="${id}"]`);

async function verdict(page: Page, id: string): Promise<{ state: string; text: string }> {
  const box = exercise(page, id).locator('[data-exercise-message]:not([data-verdict="running"])[data-verdict]');
  await box.waitFor({ timeout: 30_000 });
  return { state: (await box.getAttribute("data-verdict"))!, text: (await box.textContent())! };
}

async function check(page: Page, id: string): Promise<{ state: string; text: string }> {
  const ex = exercise(page, id);
  await ex.locator("[data-exercise-message]").evaluate((box) => box.removeAttribute("data-verdict"));
  await ex.locator('[data-action="check"]').click();
  return verdict(page, id);
}

async function setStudent(page: Page, id: string): Promise<void> {
  await page.locator("[data-student-input]").fill(id);
  await page.locator('[data-action="set-student"]').click();
}

const paramText = (page: Page, id: string, name: string) => exercise(page, id).locator(`[data-param="${name}"]`).first().textContent();

async function runCode(page: Page, code: string): Promise<{ state: string; text: string; failure: string | null }> {
  await exercise(page, "ch3-1-softmax").locator("textarea[data-code]").fill(code);
  const result = await check(page, "ch3-1-softmax");
  return { ...result, failure: await exercise(page, "ch3-1-softmax").getAttribute("data-failure") };
}

test.describe("checked exercises and progress", () => {
  test("give each student their own numbers, check answers with specific messages, and keep progress through export and import", async () => {
    const s = await session();
    const { page, log } = await openChapter(s, "ch3-1-nn-basics.html");
    const ce = "ch3-1-cross-entropy";
    await exercise(page, ce).locator("[data-answer-input]").waitFor();
    const guestZ = (await paramText(page, ce, "z")) ?? "";

    // Bad IDs get a message and change nothing.
    await setStudent(page, "   ");
    assert.match((await page.locator("[data-student-message]").textContent()) ?? "", /不能为空/);
    await setStudent(page, "a<b>");
    assert.match((await page.locator("[data-student-message]").textContent()) ?? "", /不能有 “<”/);
    assert.equal(await paramText(page, ce, "z"), guestZ);

    await setStudent(page, "王小明");
    const z = JSON.parse((await paramText(page, ce, "z"))!) as number[];
    assert.notEqual(JSON.stringify(z), guestZ.replace(/, /g, ","), "a student's numbers differ from the guest's");
    const k = Number(await paramText(page, ce, "kShown")) - 1;
    const loss = Math.log(z.reduce((sum, x) => sum + Math.exp(x), 0)) - z[k];

    // Wrong first: the message is specific, then right.
    await exercise(page, ce).locator("[data-answer-input]").fill(String(-loss));
    const wrong = await check(page, ce);
    assert.equal(wrong.state, "wrong");
    assert.match(wrong.text, /符号反了/);
    await exercise(page, ce).locator("[data-answer-input]").fill(loss.toFixed(4));
    assert.equal((await check(page, ce)).state, "ok");
    assert.equal(await exercise(page, ce).getAttribute("data-status"), "solved");
    assert.match((await exercise(page, ce).locator("[data-exercise-status]").textContent()) ?? "", /已完成（检查 2 次）/);

    // A wrong choice says why.
    await exercise(page, "ch3-1-relu-grad").locator('[data-choice="1"]').check();
    assert.match((await check(page, "ch3-1-relu-grad")).text, /不对：1 是 z > 0 时 ReLU 的导数/);

    // Code: throws, loops, wrong shape, then right.
    const threw = await runCode(page, "function softmax(z: number[]): number[] {\n  throw new Error('还没写');\n}");
    assert.deepEqual([threw.state, threw.failure], ["wrong", "threw"]);
    assert.match(threw.text, /第 1\/5 组测试.*抛出了异常 Error: 还没写（第 2 行）/);
    const looped = await runCode(page, "function softmax(z) {\n  let i = 0;\n  while (i < z.length) {}\n  return z;\n}");
    assert.deepEqual([looped.failure, /死循环/.test(looped.text)], ["loop", true]);
    const shape = await runCode(page, "function softmax(z) { return [z]; }");
    assert.equal(shape.failure, "shape");
    assert.match(shape.text, /形状不对：应返回形状 \[3\]，实际返回 \[1, 3\]/);
    const naive = await runCode(page, "function softmax(z) { const e = z.map(Math.exp); const s = e.reduce((a, b) => a + b); return e.map((x) => x / s); }");
    assert.equal(naive.failure, "nan");
    const right = await runCode(page, "function softmax(z: number[]): number[] {\n  const m = Math.max(...z);\n  const e = z.map((x) => Math.exp(x - m));\n  const s = e.reduce((a, b) => a + b, 0);\n  return e.map((x) => x / s);\n}");
    assert.equal(right.state, "ok", right.text);
    assert.match(right.text, /全部 5 组隐藏测试通过/);

    // Hints one at a time; the solution is behind a reveal.
    const hints = exercise(page, ce).locator("[data-hint]:visible");
    assert.equal(await hints.count(), 0);
    await exercise(page, ce).locator('[data-action="hint"]').click();
    assert.equal(await hints.count(), 1);
    const solution = exercise(page, ce).locator("details[data-solution]");
    assert.equal(await solution.getAttribute("open"), null);
    await solution.locator("summary").click();
    assert.equal(await solution.locator("[data-answer]").textContent(), String(Number(loss.toPrecision(6))));

    // The progress page: bars and what is left.
    await page.goto(s.server.url + "progress.html");
    const count = page.locator('[data-progress-chapter="ch3-1-nn-basics"] [data-progress-count]');
    await count.waitFor();
    assert.equal(await count.getAttribute("data-progress-count"), "2/4");
    assert.equal(await page.locator('[data-progress-chapter="ch3-1-nn-basics"] [data-left-exercise]').count(), 2);
    const total = await page.locator("[data-progress-total]").getAttribute("data-progress-total");
    assert.match(total!, /^2\/\d+$/);

    // Export → clear → import restores it.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-action="export"]').click()]);
    const dir = mkdtempSync(join(tmpdir(), "progress-"));
    try {
      const file = join(dir, download.suggestedFilename());
      await download.saveAs(file);
      const exported = JSON.parse(readFileSync(file, "utf8"));
      assert.equal(exported.format, "dlbook-progress");
      assert.equal(exported.student.id, "王小明");
      assert.equal(exported.exercises[ce].attempts, 2);
      assert.match(exported.checksum, /^sha256:/);

      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await count.waitFor();
      assert.equal(await count.getAttribute("data-progress-count"), "0/4");

      // A damaged or edited file is refused and changes nothing.
      const edited = join(dir, "edited.json");
      writeFileSync(edited, JSON.stringify({ ...exported, exercises: { ...exported.exercises, "ch3-1-softmax": { ...exported.exercises["ch3-1-softmax"], attempts: 1 } } }));
      await page.locator('input[data-action="import"]').setInputFiles(edited);
      await page.locator("[data-progress-message][data-error]").waitFor();
      assert.match((await page.locator("[data-progress-message]").textContent()) ?? "", /校验和不符/);
      writeFileSync(join(dir, "half.json"), readFileSync(file, "utf8").slice(0, 100));
      await page.locator('input[data-action="import"]').setInputFiles(join(dir, "half.json"));
      await page.locator("[data-progress-message]", { hasText: "不是有效的 JSON" }).waitFor();
      assert.equal(await count.getAttribute("data-progress-count"), "0/4");

      await page.locator('input[data-action="import"]').setInputFiles(file);
      await page.locator("[data-progress-message]", { hasText: "已导入" }).waitFor();
      assert.equal(await count.getAttribute("data-progress-count"), "2/4");
      assert.match((await page.locator("[data-student-current]").textContent()) ?? "", /王小明/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Back on the chapter, the imported progress shows.
    await page.goto(s.server.url + "ch3-1-nn-basics.html");
    await exercise(page, ce).locator('[data-status="solved"]').or(exercise(page, ce).and(page.locator('[data-status="solved"]'))).first().waitFor();

    // A full storage: the check still answers, and a message says the progress was not saved.
    await page.evaluate(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException("full", "QuotaExceededError");
      };
    });
    await exercise(page, "ch3-1-relu-grad").locator('[data-choice="0"]').check();
    assert.equal((await check(page, "ch3-1-relu-grad")).state, "ok");
    assert.match((await exercise(page, "ch3-1-relu-grad").locator("[data-storage-message]").textContent()) ?? "", /存储已满.*导出/);

    assert.deepEqual(log.errors, []);
    assert.deepEqual(s.external, [], "requests outside the site");
    await page.close();
  });

  test("mount on every page that has them: parameters and solution answers filled, no errors", async () => {
    const s = await session();
    for (const file of ["ch3-1-nn-basics.html", "ch3-3-rnn.html", "ch3-4-attention.html", "ch3-5-transformer.html", "ch3-6-bert.html"]) {
      const { page, log } = await openChapter(s, file);
      const sections = page.locator("section[data-exercise]");
      await page.locator('section[data-exercise] [data-action="check"]').nth(3).waitFor({ timeout: 60_000 });
      const count = await sections.count();
      assert.ok(count >= 3, `${file}: ${count} exercises`);
      assert.equal(await page.locator("section[data-exercise][data-exercise-kind]").count(), count, `${file}: every exercise found in the bank`);
      assert.ok((await page.locator('section[data-exercise][data-exercise-kind="code"]').count()) >= 1, `${file}: a code exercise`);
      // Answers computed with tfjs arrive a moment later.
      await page.waitForFunction(() => ![...document.querySelectorAll("[data-param], [data-answer]")].some((e) => /^(…|\?)$/.test(e.textContent ?? "")), null, { timeout: 30_000 });
      assert.deepEqual(log.errors, [], file);
      await page.close();
    }
  });

  test("a build with BOOK_SOLUTIONS=0 contains no solution text", async () => {
    const solutions = readdirSync(join(root, "src"))
      .filter((f) => f.endsWith(".md"))
      .flatMap((f) => {
        const text = readFileSync(join(root, "src", f), "utf8");
        return [...text.matchAll(/^(`{3,})(exercise [^\n]*)\n([\s\S]*?)\n\1$/gm)].map((m) => {
          const info = parseExerciseInfo(m[2])!;
          return { id: info.id, solution: splitExercise(info.id, info.title, m[3]).solution ?? "" };
        });
      });
    assert.ok(solutions.length >= 20, `found ${solutions.length} exercises`);
    // Pieces of each solution as a reader sees them, outside formulas and markup; searched
    // in the built files with tags removed (shiki splits code into spans).
    const phrases = solutions.map(({ id, solution }) => ({
      id,
      phrases: solution
        .split(/\$[^$]*\$|`+|\*\*|\n|\{\{\w+\}\}/)
        .map((piece) => piece.trim())
        // prose (6+ Chinese characters) or a long code line other than the signature, which
        // the starter code in the page shares
        .filter((piece) => (piece.match(/[\u4e00-\u9fff]/g) ?? []).length >= 6 || (piece.length >= 40 && !piece.startsWith("function ")))
    }));
    // A generic code line that the book's library also contains (a sum in a softmax, say) is
    // shipped with the library whatever the build does: it cannot show a leak.
    const library = readdirSync(join(root, "components"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts"))
      .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
      .join("\n");
    for (const entry of phrases) entry.phrases = entry.phrases.filter((phrase) => !library.includes(phrase));
    for (const { id, phrases: p } of phrases) assert.ok(p.length, `${id}: no phrase to look for`);
    const builtFiles = (dir: string, kinds = /\.(html|js|json|css)$/) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && kinds.test(e.name))
        .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
        .join("\n");
    const asRead = (html: string) => html.replace(/<[^>]*>/g, "").replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    // The test can fail: the normal build has every phrase.
    const normal = asRead(builtFiles(join(root, "dist")));
    for (const { id, phrases: p } of phrases) {
      const missing = p.filter((phrase) => !normal.includes(phrase));
      assert.ok(missing.length < p.length, `${id}: solution not found in dist/: ${missing.join(" | ")}`);
    }

    // `npm test` builds it beside the unit tests (scripts/run-tests.ts) and names the folder in
    // BOOK_NOSOLUTIONS_DIST; run alone, the test builds it here.
    const prebuilt = process.env.BOOK_NOSOLUTIONS_DIST;
    const out = prebuilt || mkdtempSync(join(tmpdir(), "book-nosolutions-"));
    try {
      if (!prebuilt) {
        const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts", "--out", out], { cwd: root, env: { ...process.env, BOOK_SOLUTIONS: "0" }, encoding: "utf8" });
        assert.equal(build.status, 0, build.stderr);
      }
      const raw = builtFiles(out);
      // Every exercise of today's sources is there (a build from older sources would miss some).
      for (const { id } of solutions) assert.ok(raw.includes(`data-exercise="${id}"`), `${id}: the exercise is in the build without solutions (${out})`);
      assert.ok(!builtFiles(out, /\.html$/).includes("data-solution"), "no solution element in a page");
      const built = asRead(raw);
      for (const { id, phrases: p } of phrases) for (const phrase of p) assert.ok(!built.includes(phrase), `${id}: "${phrase}" is in the build without solutions`);
    } finally {
      // The build puts the benchmark's pages beside its output (site/bench-pages.ts).
      if (!prebuilt) for (const folder of [out, benchFolderFor(out)]) rmSync(folder, { recursive: true, force: true });
    }
  });
});
