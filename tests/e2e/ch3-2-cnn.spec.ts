// 3.2: cross-correlation vs true convolution, and the loop implementation vs tf.conv2d /
// tf.maxPool, computed in the page.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openSession, watchPage, type Session } from "./browser.js";

let session: Session;
before(async () => {
  session = await openSession();
});
after(async () => {
  await session?.close();
});

describe("3.2 卷积神经网络", () => {
  it("shows that the two operations differ by a 180° kernel turn, and that the loops match tfjs", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    await page.goto(session.server.url + "ch3-2-cnn.html");
    const check = page.locator('[data-output="conv-check"]');
    await check.waitFor({ timeout: 60_000 });
    const rows = await check.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[3]), ["6×6×4", "4×4×4", "4×4×2"]);
    for (const row of rows) assert.ok(Number(row[4]) < 1e-4, `difference ${row[4]}`);
    const demo = (await page.locator('[data-cell="xcorr-vs-conv"] [data-output]').textContent()) ?? "";
    assert.match(demo, /互相关/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

describe("3.2 MNIST", () => {
  it("loads the site's real MNIST file and draws labelled digits", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(session.server.url + "ch3-2-cnn.html");
    const gallery = page.locator('[data-output="mnist-gallery"]');
    await gallery.waitFor({ timeout: 60_000 });
    assert.equal(await gallery.locator("canvas").count(), 12);
    const labels = await gallery.locator("figcaption").allTextContents();
    assert.ok(labels.every((l) => /^[0-9]$/.test(l)));
    assert.match((await page.locator('[data-cell="mnist"] .book-cell-output').textContent()) ?? "", /训练集 8000 张，测试集 2000 张/);
    assert.ok(requests.some((url) => /\/book\/_file\/data\/mnist\.[0-9a-f]+\.bin$/.test(url)), "the file is served by the site");
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

describe("3.2 kernel explorer", () => {
  it("draws input, kernel and output, follows the preset, and explains a bad entry", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    await page.goto(session.server.url + "ch3-2-cnn.html");
    const explorer = page.locator('[data-output="kernel-explorer"]');
    await explorer.locator("svg[data-heatmap]").nth(2).waitFor({ timeout: 60_000 });
    assert.deepEqual(await explorer.locator("svg[data-heatmap]").evaluateAll((svgs) => svgs.map((s) => s.getAttribute("data-heatmap"))), ["28x28", "3x3", "28x28"]);
    const before = await explorer.locator("svg[data-heatmap]").nth(2).innerHTML();
    await page.locator("[data-kernel-editor] select").selectOption("模糊");
    await page.waitForFunction((old) => document.querySelectorAll('[data-output="kernel-explorer"] svg[data-heatmap]')[2]?.innerHTML !== old, before);
    await page.getByLabel("卷积核第 2 行第 2 列").fill("abc");
    await explorer.getByText("请修正卷积核").waitFor();
    assert.match((await page.locator("[data-kernel-editor] .kernel-message").textContent()) ?? "", /第 2 行第 2 列的“abc”不是一个数/);
    await page.getByLabel("卷积核第 2 行第 2 列").fill("1");
    await explorer.locator("svg[data-heatmap]").nth(2).waitFor();
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

describe("3.2 training a CNN on MNIST", () => {
  it("trains in the page, reports test accuracy above the majority baseline, and draws the first layer's feature maps", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    await page.goto(session.server.url + "ch3-2-cnn.html");
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('[data-cell="train-cnn"] [data-progress]').getAttribute("data-progress"), "", "nothing trains before 开始训练");
    await page.locator('[data-cell="train-cnn"] [data-action="train"]').click();
    const accuracy = page.locator('[data-output="cnn-accuracy"]');
    await accuracy.waitFor({ timeout: 240_000 });
    const percent = Number(/测试集准确率：([\d.]+)%/.exec((await accuracy.textContent()) ?? "")?.[1]);
    console.log(`3.2 CNN test accuracy in the page: ${percent}%`);
    assert.ok(percent > 30, `test accuracy ${percent}% (majority class ≈ 11%)`);
    const maps = page.locator('[data-output="feature-maps"] svg[data-heatmap="26x26"]');
    await maps.nth(7).waitFor({ timeout: 60_000 });
    assert.equal(await maps.count(), 8);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
