// 3.6's GPT in the model store, in Chromium with real IndexedDB (quick budget, one session):
// train, save (the reloaded bundle computes bit-identical logits), the 模型库 page lists it
// with its card as a weights bundle and exports it, while loadBookModel() keeps to the
// reference CNN; after a reload of 3.6, damaged and foreign files are refused in Chinese with
// the page unchanged, and "从模型库载入" rebuilds the GPT, which writes exactly the poems it
// wrote before saving (same prompt, seeds, temperature, top-k, top-p); loading again frees the
// previous copy; deleting it empties the store, and importing the exported file restores it
// (a bundle of an unknown kind is refused). No request leaves the site.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectTensorCount, openChapter, root, steadyTensorCount, useSession, test } from "./browser.js";
import { fnv1a } from "../../components/util/hash.js";

const session = useSession();

const poems = (page: Page) => page.locator('[data-output="gpt-sample"] .gpt-poem');
const loadStatus = (page: Page) => page.locator('[data-output="gpt-load-status"]');

/** A copy of a .dlmodel file with its JSON part edited (lengths and checksum rewritten). */
function editJson(file: Uint8Array, edit: (json: Record<string, unknown>) => void): Uint8Array {
  const length = new DataView(file.buffer, file.byteOffset).getUint32(8, true);
  const json = JSON.parse(new TextDecoder().decode(file.subarray(20, 20 + length)));
  edit(json);
  const text = new TextEncoder().encode(JSON.stringify(json));
  const weights = file.subarray(20 + length);
  const out = new Uint8Array(20 + text.length + weights.length);
  out.set(file.subarray(0, 20));
  out.set(text, 20);
  out.set(weights, 20 + text.length);
  const view = new DataView(out.buffer);
  view.setUint32(8, text.length, true);
  view.setUint32(16, fnv1a(out.subarray(20)), true);
  return out;
}

/** Picks `bytes` as a file in 3.6's loader and waits for the Chinese refusal. */
async function expectFileRefused(page: Page, bytes: Uint8Array, message: RegExp): Promise<void> {
  await page.locator('[data-action="load-gpt-file"]').setInputFiles({ name: "tang-gpt.dlmodel", mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
  await page.locator('[data-output="gpt-load-status"][data-state="error"]', { hasText: message }).waitFor({ timeout: 30_000 });
  assert.equal(await loadStatus(page).getAttribute("role"), "alert");
}

test.describe("3.6 GPT ↔ 模型库", () => {
  test("saves the trained GPT, lists and exports it on the store page, loads it back after a reload and writes the same poems; bad files change nothing", async () => {
    const t0 = Date.now();
    const mark = (what: string) => console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const { page, log } = await openChapter(await session(), "ch3-6-bert.html");
    const train = page.locator('[data-cell="train-gpt"]');
    await train.locator('[data-action="train"]').click({ timeout: 60_000 });
    await train.locator('.training-panel[data-state="done"]').waitFor({ timeout: 120_000 });
    await page.locator('[data-output="gpt-perplexity"] tbody tr').nth(2).waitFor({ timeout: 60_000 });
    const perplexity = Number(await page.locator('[data-output="gpt-perplexity"] tbody tr').nth(2).locator("td").nth(1).textContent());
    await page.locator('[data-output="gpt-sample"][data-source="page"]:not(:has-text("还没训练")) .gpt-poem').nth(2).waitFor({ timeout: 60_000 });
    mark("trained and wrote");
    const written = await poems(page).allTextContents();
    assert.equal(written.length, 3);

    // Save: the bundle read back from IndexedDB computes the same logits bit for bit.
    await page.locator('[data-cell="save-gpt"] [data-action="save-model"]').click({ timeout: 30_000 });
    const saved = page.locator('[data-cell="save-gpt"] [data-output="save-model"][data-saved-version]');
    await saved.waitFor({ timeout: 60_000 });
    assert.equal(await saved.getAttribute("data-identical"), "true", (await saved.textContent()) ?? "");
    const version = (await saved.getAttribute("data-saved-version"))!;
    const card = (await saved.locator('[data-output="model-card"]').textContent()) ?? "";
    assert.equal(await saved.locator('[data-output="model-card"]').getAttribute("data-model"), "tang-gpt");
    for (const expected of [`测试困惑度 ${perplexity.toFixed(1)}`, "3.6 节单元 train-gpt", "训练步数", "字符级 GPT"]) assert.ok(card.includes(expected), `${expected} in ${card}`);
    mark("saved");
    console.log(`3.6 quick GPT saved: ${await saved.getAttribute("data-bytes")} bytes, save ${await saved.getAttribute("data-save-ms")} ms, load ${await saved.getAttribute("data-load-ms")} ms`);

    // The 模型库 page: listed as a weights bundle with its card, exported; the CNN pages still get the reference CNN.
    const store = await (await session()).context.newPage();
    await store.goto((await session()).server.url + "models.html");
    const entry = store.locator(`details.model-version[data-model="tang-gpt"][data-version="${version}"][data-kind="weights"]`);
    await entry.waitFor({ timeout: 60_000 });
    assert.match((await entry.locator("summary").textContent()) ?? "", new RegExp(`权重包（3\\.6 节的字符级 GPT（写唐诗）） · 困惑度 ${perplexity.toFixed(1)}`));
    await store.locator('[data-output="book-model"][data-source="reference"]').waitFor({ timeout: 120_000 });
    await entry.locator("summary").click();
    const [download] = await Promise.all([store.waitForEvent("download"), entry.locator('[data-action="export"]').click()]);
    assert.equal(download.suggestedFilename(), `tang-gpt-v${version}.dlmodel`);
    mark("store page");
    const exported = new Uint8Array(readFileSync((await download.path())!));
    assert.equal(exported[4], 2, "format version 2");

    // 3.6 again, from scratch: bad files are refused and the page keeps its own (untrained) model.
    await page.reload();
    await page.locator('[data-output="gpt-sample"]:has-text("还没训练") .gpt-poem').nth(2).waitFor({ timeout: 120_000 });
    mark("reloaded");
    const untrained = await poems(page).allTextContents();
    const corrupted = exported.slice();
    corrupted[corrupted.length >> 1] ^= 0xff;
    await expectFileRefused(page, corrupted, /校验和不符/);
    await expectFileRefused(page, new Uint8Array(readFileSync(join(root, "data/reference-cnn.dlmodel"))), /是 Keras 模型 mnist-cnn-reference.*不是 GPT/);
    await expectFileRefused(page, editJson(exported, (json) => (json.builder = "rnn-char")), /本页只能重建字符级 GPT（gpt-char），这个模型的构建方式是“rnn-char”/);
    await expectFileRefused(page, editJson(exported, (json) => ((json.config as { d: number }).d = 32)), /权重“embedding”的形状是 \d+×64，模型结构要求 \d+×32/);
    assert.deepEqual(await poems(page).allTextContents(), untrained, "the page's model is unchanged");

    mark("bad files");
    // Load from the store: the same poems as before saving.
    await page.locator('[data-action="load-gpt"]').click();
    await page.locator('[data-output="gpt-load-status"][data-state="loaded"]').waitFor({ timeout: 60_000 });
    assert.match((await loadStatus(page).textContent()) ?? "", new RegExp(`已载入模型库里的 tang-gpt 版本 ${version}.*测试困惑度 ${perplexity.toFixed(1)}`));
    await page.locator('[data-output="gpt-sample"][data-source="store"] .gpt-poem').nth(2).waitFor({ timeout: 60_000 });
    assert.deepEqual(await poems(page).allTextContents(), written, "same prompt, seeds and sampling settings: the same poems after a reload");
    await page.locator('[data-output="kv-cache"][data-speedup]').waitFor({ timeout: 60_000 });

    mark("loaded");
    // Loading again replaces the copy and frees the previous one.
    const baseline = await steadyTensorCount(page);
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-output="gpt-load-status"]')!.setAttribute("data-state", "stale"));
    await page.locator('[data-action="load-gpt"]').click();
    await page.locator('[data-output="gpt-load-status"][data-state="loaded"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-output="gpt-sample"][data-source="store"] .gpt-poem').nth(2).waitFor({ timeout: 60_000 });
    await page.locator('[data-output="kv-cache"][data-speedup]').waitFor({ timeout: 60_000 });
    await expectTensorCount(page, baseline, "a second load frees the first copy");
    assert.deepEqual(await poems(page).allTextContents(), written);
    assert.deepEqual(log.errors, []);

    mark("second load");
    // Delete it on the 模型库 page (two clicks): the store is empty, and 3.6 says so in Chinese.
    await entry.locator('[data-action="delete"]').click();
    await entry.locator('[data-action="confirm-delete"]').click();
    await store.getByText("模型库还是空的").waitFor({ timeout: 30_000 });
    await page.locator('[data-action="load-gpt"]').click();
    await page.locator('[data-output="gpt-load-status"][data-state="error"]', { hasText: "模型库里还没有 tang-gpt" }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await poems(page).allTextContents(), written, "a failed load keeps the loaded model");

    // Import on the 模型库 page: the exported file comes back as it was; a bundle of a kind the
    // book cannot build is refused before anything is written.
    const importFile = (bytes: Uint8Array) => store.locator('input[data-action="import"]').setInputFiles({ name: "tang-gpt.dlmodel", mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
    await importFile(exported);
    await store.locator('[data-output="store-message"][data-state="ok"]', { hasText: `已导入“tang-gpt.dlmodel”：tang-gpt 版本 ${version}` }).waitFor({ timeout: 30_000 });
    await entry.waitFor();
    await importFile(editJson(exported, (json) => (json.builder = "rnn-char")));
    await store.locator('[data-output="store-message"][data-state="error"]', { hasText: /本书不会重建“rnn-char”这种权重包.*模型库没有任何改动/ }).waitFor({ timeout: 30_000 });
    assert.equal(await store.locator("details.model-version").count(), 1, "the refused file wrote nothing");
    assert.deepEqual((await session()).external, []);
    await store.close();
    await page.close();
  });
});
