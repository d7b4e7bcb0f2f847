// The model store in Chromium with real IndexedDB: 3.2 trains (quick budget) and saves;
// after a reload the 模型库 page lists the model and loadBookModel() returns it with
// bit-identical outputs; export → delete → import restores it; broken files (picked or
// dropped) are refused with a message and change nothing; a quota error writes nothing;
// no IndexedDB gives a clear message and the reference model.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { openChapter, test, useSession, watchPage } from "./browser.js";
import { blockOutsideRequests } from "../../site/offline-guard.js";

const session = useSession();

const bookModel = (page: Page) => page.locator('[data-output="book-model"]');
const message = (page: Page) => page.locator('[data-output="store-message"]');
const versions = (page: Page) => page.locator("details.model-version");

/** Waits for the book-model cell to show `source` and returns its output fingerprint. */
async function bookModelFingerprint(page: Page, source: "reader" | "reference"): Promise<string> {
  const output = page.locator(`[data-output="book-model"][data-source="${source}"]`);
  await output.waitFor({ timeout: 120_000 });
  return (await output.getAttribute("data-fingerprint"))!;
}

async function importBytes(page: Page, bytes: Uint8Array, name = "model.dlmodel"): Promise<void> {
  await page.locator('input[data-action="import"]').setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
}

async function expectRefused(page: Page, pattern: RegExp, count: number): Promise<void> {
  await page.locator('[data-output="store-message"][data-state="error"]', { hasText: pattern }).waitFor();
  assert.match((await message(page).textContent()) ?? "", /模型库没有任何改动/);
  assert.equal(await versions(page).count(), count, "the store is unchanged");
}

test.describe("模型库", () => {
  test("3.2 saves its CNN; after a reload the store lists it and loads it with identical outputs; export → delete → import restores it; broken files change nothing", async () => {
    const { page, log } = await openChapter(await session(), "ch3-2-cnn.html");
    await page.locator('[data-cell="train-cnn"] [data-action="train"]').click({ timeout: 60_000 });
    await page.locator('[data-cell="train-cnn"] .training-panel[data-state="done"]').waitFor({ timeout: 240_000 });
    const save = page.locator('[data-cell="save-cnn"] [data-action="save-model"]');
    await save.click({ timeout: 60_000 });
    const saved = page.locator('[data-output="save-model"][data-saved-version]');
    await saved.waitFor({ timeout: 60_000 });
    assert.equal(await saved.getAttribute("data-identical"), "true", (await saved.textContent()) ?? "");
    const fingerprint = (await saved.getAttribute("data-fingerprint"))!;
    const figures = Object.fromEntries(await Promise.all(["bytes", "saveMs", "loadMs", "savedVersion"].map(async (k) => [k, await saved.getAttribute(`data-${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`)])));
    console.log(`3.2 quick CNN saved: ${JSON.stringify(figures)}`);
    const card = saved.locator('[data-output="model-card"]');
    assert.equal(await card.getAttribute("data-model"), "mnist-cnn");
    const cardText = (await card.textContent()) ?? "";
    for (const expected of ["27,562", "3.2 节单元 cnn-results", "测试集准确率", "3.2"]) assert.ok(cardText.includes(expected), `${expected} in ${cardText}`);
    assert.deepEqual(log.errors, []);
    await page.close();

    const store = await (await session()).context.newPage();
    await store.goto((await session()).server.url + "models.html");
    assert.equal(await bookModelFingerprint(store, "reader"), fingerprint, "loaded after a reload: bit-identical outputs on 100 test digits");
    assert.match((await bookModel(store).textContent()) ?? "", /本页使用你在 3\.2 节训练并保存到模型库的卷积网络（mnist-cnn 版本 \d+/);
    const version = store.locator(`details.model-version[data-model="mnist-cnn"][data-version="${figures.savedVersion}"]`);
    await version.waitFor();
    assert.match((await store.locator('[data-output="store-usage"]').textContent()) ?? "", /模型库里有 1 个模型、1 个版本.*配额/);

    // Export, delete, import: the same model comes back.
    await version.locator("summary").click();
    const [download] = await Promise.all([store.waitForEvent("download"), version.locator('[data-action="export"]').click()]);
    assert.equal(download.suggestedFilename(), `mnist-cnn-v${figures.savedVersion}.dlmodel`);
    const exported = new Uint8Array(readFileSync((await download.path())!));
    await version.locator('[data-action="delete"]').click();
    assert.equal(await versions(store).count(), 1, "one click does not delete");
    await version.locator('[data-action="confirm-delete"]').click();
    await store.getByText("模型库还是空的").waitFor();
    await bookModelFingerprint(store, "reference");
    assert.match((await bookModel(store).textContent()) ?? "", /参考模型/);

    // Broken files: truncated, corrupted, another format (picked) and truncated (dropped).
    await importBytes(store, exported.subarray(0, exported.length - 100));
    await expectRefused(store, /文件被截断/, 0);
    const corrupted = exported.slice();
    corrupted[corrupted.length >> 1] ^= 0xff;
    await importBytes(store, corrupted);
    await expectRefused(store, /校验和不符/, 0);
    await importBytes(store, new TextEncoder().encode(JSON.stringify({ modelTopology: {}, weightsManifest: [] })), "model.json");
    await expectRefused(store, /tfjs 的 model\.json/, 0);
    await store.evaluate((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "dropped.dlmodel"));
      document.querySelector('[data-output="model-drop"]')!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, [...exported.subarray(0, 50)]);
    await expectRefused(store, /文件被截断/, 0);

    // The good file, dropped: restored with the same version and identical outputs.
    await store.evaluate((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], "mnist-cnn.dlmodel"));
      document.querySelector('[data-output="model-drop"]')!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, [...exported]);
    await store.locator('[data-output="store-message"][data-state="ok"]', { hasText: "已导入" }).waitFor();
    assert.equal(await bookModelFingerprint(store, "reader"), fingerprint, "imported: bit-identical outputs");
    const again = store.locator(`details.model-version[data-version="${figures.savedVersion}"]`);
    await again.locator("summary").click();
    const [reexport] = await Promise.all([store.waitForEvent("download"), again.locator('[data-action="export"]').click()]);
    assert.deepEqual(new Uint8Array(readFileSync((await reexport.path())!)), exported, "export → import → export gives the same bytes");

    // Tags: production moves between versions.
    await again.locator('[data-action="tag-production"]').click();
    await store.locator("details.model-version .model-tag", { hasText: "production" }).waitFor();
    assert.deepEqual((await session()).external, []);
    await store.close();
  });

  test("a quota error while saving writes nothing and says how much space is needed", async () => {
    // A fresh context (its own storage): Chromium applies a quota override only to an origin
    // that has not written yet. Requests outside the site are refused here too.
    const { browser, server } = await session();
    const context = await browser.newContext();
    await blockOutsideRequests(context);
    const page = await context.newPage();
    const log = watchPage(page);
    await page.goto(server.url + "models.html");
    await page.locator('[data-output="store-usage"]').waitFor({ timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    // A real QuotaExceededError from Chromium: the origin's quota set to 1 KB.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1024 });
    await page.locator('[data-action="add-reference"]').click();
    await page.locator('[data-output="store-message"][data-state]').waitFor({ timeout: 60_000 });
    assert.match((await message(page).textContent()) ?? "", /存储空间不足：这个版本需要约 88\d\.\d KB.*没有写入任何数据/);
    assert.equal(await versions(page).count(), 0, "no half-saved version");
    // As a string: tsx would wrap the callbacks in a __name() helper the page lacks.
    const left = await page.evaluate(`(async () => {
      const db = await new Promise((resolve) => { indexedDB.open("dlbook-models").onsuccess = (e) => resolve(e.target.result); });
      const count = (name) => new Promise((resolve) => { db.transaction(name).objectStore(name).count().onsuccess = (e) => resolve(e.target.result); });
      const counts = [await count("versions"), await count("weights")];
      db.close();
      return counts;
    })()`);
    assert.deepEqual(left, [0, 0], "neither the card nor the weights were written");
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test("measures saving and loading the full-size 3.2 CNN (the reference model) in IndexedDB", async () => {
    const { page } = await openChapter(await session(), "models.html");
    await page.locator('[data-action="add-reference"]').click({ timeout: 60_000 });
    await page.locator('[data-output="store-message"][data-state="ok"]', { hasText: "已导入参考模型" }).waitFor({ timeout: 60_000 });
    const figures = await page.evaluate(async () => {
      const { ModelStore } = await import([...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/components/models/registry."))!.href);
      const store = await ModelStore.open();
      const t0 = performance.now();
      const { model, card } = await store.loadModel("mnist-cnn-reference");
      const loadMs = performance.now() - t0;
      const report = await store.saveModel(model, { ...card, name: "mnist-cnn-timing", createdAt: undefined });
      await store.delete("mnist-cnn-timing", report.card.version);
      model.dispose();
      store.close();
      return { parameters: card.parameters, bytes: report.bytes, packMs: report.packMs, writeMs: report.writeMs, loadMs };
    });
    console.log(`full 3.2 CNN in IndexedDB: ${JSON.stringify(figures)}`);
    assert.equal(figures.parameters, 225_034);
    assert.ok(figures.bytes > 225_034 * 4);
    await page.close();
  });

  test("without IndexedDB (private mode) the store says so and the chapters use the reference model", async () => {
    const session_ = await session();
    const page = await session_.context.newPage();
    // A string, not a function: tsx would wrap a function in a __name() helper the page lacks.
    await page.addInitScript('Object.defineProperty(window, "indexedDB", { get() { return undefined; } })');
    await page.goto(session_.server.url + "models.html");
    await page.locator('[data-output="store-message"][data-state="error"]', { hasText: "不让本站使用 IndexedDB" }).waitFor({ timeout: 60_000 });
    await bookModelFingerprint(page, "reference");
    assert.match((await bookModel(page).textContent()) ?? "", /这个浏览器不让本站使用模型库.*参考模型/);
    await page.close();
  });
});
