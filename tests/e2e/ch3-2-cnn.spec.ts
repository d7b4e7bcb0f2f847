// 3.2: cross-correlation vs true convolution, and the loop implementation vs tf.conv2d /
// tf.maxPool, computed in the page.
//
// One page for the whole file (quick budget), its tests in order: the hosting check runs on the
// freshly settled page, the reader's edits come after it, and the training tests come last
// (the rerun test reruns the training the test before it finished). A failure skips the rest.
import assert from "node:assert/strict";
import { expectTensorCount, steadyTensorCount, test, useSession, watchPage, type Page, type PageLog } from "./browser.js";
import { act, numberAttribute, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

test.describe.configure({ mode: "serial" });
const session = useSession({ isolate: false });

let opened: Promise<{ page: Page; log: PageLog; requests: string[] }> | undefined;
/** The page, opened by the first test that asks, with every request it made since. */
function chapter() {
  return (opened ??= (async () => {
    const { context, server } = await session();
    const page = await context.newPage();
    const log = watchPage(page);
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
    await page.goto(server.url + "ch3-2-cnn.html");
    return { page, log, requests };
  })());
}

test.describe("3.2 receptive fields and shifts (quick mode)", () => {
  test("computes the book CNN's receptive fields and the reader's stack, explains a bad stack, measures equivariance and accuracy under shifts; reruns free their tensors", async () => {
    const { page, log } = await chapter();
    await expectHostedPageClean(page, log);
    for (const id of ["receptive-field", "book-cnn", "shift-maps", "shift-sweep"]) assert.equal(await waitForState(page, id, /^(done|error)$/, 120_000), "done", id);
    const fields = await page.locator('[data-output="receptive-field"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[6].textContent));
    assert.deepEqual(fields, ["3×3", "4×4", "8×8", "10×10"], "r = 3, 4, 8, 10 as computed by hand in the text");
    assert.equal(await page.locator('[data-output="receptive-field-custom"] tbody tr:last-child td:nth-child(7)').textContent(), "16×16");
    const field = page.locator('[data-parsed-field="layer-spec"] input');
    await field.fill("conv3, dense10");
    await page.locator('[data-parsed-field="layer-spec"] .parsed-field-message', { hasText: "第 2 项“dense10”看不懂" }).waitFor();
    await page.locator('[data-cell="receptive-field"] .book-cell-output').getByText("请修正上面的层序列").waitFor({ timeout: 30_000 });
    assert.equal(await field.inputValue(), "conv3, dense10", "the reader's text is kept as typed");

    assert.equal(await page.locator('[data-output="book-cnn"]').getAttribute("data-source"), "reference");
    const aligned = async () => JSON.parse((await page.locator('[data-output="shift-maps"]').getAttribute("data-aligned")) ?? "{}");
    assert.deepEqual(await aligned(), { conv1: 0, pool1: null, conv2: null, pool2: null }, "a 1-pixel shift: conv1 moves exactly, the pooled grids cannot follow");
    await page.getByLabel("水平平移（像素，正数向右）").fill("4");
    await page.locator('[data-output="shift-maps"] caption', { hasText: "平移 (4, 0)" }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await aligned(), { conv1: 0, pool1: 0, conv2: 0, pool2: 0 }, "a shift of 4 = one cell of pool2: every layer moves exactly");

    const accuracy = JSON.parse((await page.locator('[data-output="shift-sweep"]').getAttribute("data-accuracy")) ?? "[]") as number[];
    assert.equal(accuracy.length, 7);
    assert.ok(accuracy[0] > 0.9 && accuracy[6] < accuracy[0], `accuracy by shift ${accuracy}`);
    const baseline = await steadyTensorCount(page);
    for (const id of ["shift-sweep", "shift-maps"]) {
      await act(page, id, "run");
      assert.equal(await waitForState(page, id, /^(done|error)$/, 120_000), "done", id);
    }
    await expectTensorCount(page, baseline, "a rerun leaves no tensor behind");
    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
  });
});

test.describe("3.2 卷积神经网络", () => {
  test("shows that the two operations differ by a 180° kernel turn, and that the loops match tfjs", async () => {
    const { page, log } = await chapter();
    const check = page.locator('[data-output="conv-check"]');
    await check.waitFor({ timeout: 60_000 });
    const rows = await check.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[3]), ["6×6×4", "4×4×4", "4×4×2"]);
    for (const row of rows) assert.ok(Number(row[4]) < 1e-4, `difference ${row[4]}`);
    const demo = (await page.locator('[data-cell="xcorr-vs-conv"] [data-output]').textContent()) ?? "";
    assert.match(demo, /互相关/);
    assert.deepEqual(log.errors, []);
  });
});

test.describe("3.2 MNIST", () => {
  test("loads the site's real MNIST file and draws labelled digits", async () => {
    const { page, log, requests } = await chapter();
    const gallery = page.locator('[data-output="mnist-gallery"]');
    await gallery.waitFor({ timeout: 60_000 });
    assert.equal(await gallery.locator("canvas").count(), 12);
    const labels = await gallery.locator("figcaption").allTextContents();
    assert.ok(labels.every((l) => /^[0-9]$/.test(l)));
    assert.match((await page.locator('[data-cell="mnist"] .book-cell-output').textContent()) ?? "", /训练集 8000 张，测试集 2000 张/);
    assert.ok(requests.some((url) => /\/book\/_file\/data\/mnist\.[0-9a-f]+\.bin$/.test(url)), "the file is served by the site");
    assert.deepEqual(log.errors, []);
  });
});

test.describe("3.2 kernel explorer", () => {
  test("draws input, kernel and output, follows the preset, and explains a bad entry", async () => {
    const { page, log } = await chapter();
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
    await explorer.getByText("请修正卷积核").waitFor({ state: "detached" });
    await explorer.locator("svg[data-heatmap]").nth(2).waitFor();
    assert.deepEqual(log.errors, []);
  });
});

test.describe("3.2 sliding window and a drawn digit", () => {
  test("steps the window, and a digit drawn on the pad feeds the explorer", async () => {
    const { page, log } = await chapter();
    const stepper = page.locator('[data-output="window-stepper"]');
    await stepper.waitFor({ timeout: 60_000 });
    const first = await numberAttribute(stepper, "data-step");
    await stepper.locator('[data-action="step"]').click();
    assert.equal(await numberAttribute(stepper, "data-step"), first + 1);
    assert.match((await stepper.locator(".window-stepper-formula").textContent()) ?? "", /^输出\[\d+, \d+\] = .* = -?[\d.]+$/);
    // Draw a vertical stroke: the explorer's input becomes the drawing.
    const canvas = page.locator("[data-digit-pad] canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + i * 0.06));
    await page.mouse.up();
    const explorer = page.locator('[data-output="kernel-explorer"]');
    await explorer.getByText("输入：你写的数字").waitFor({ timeout: 30_000 });
    await page.locator("[data-digit-pad] [data-action=clear]").click();
    await explorer.getByText(/输入：测试集第 1 张/).waitFor({ timeout: 30_000 });
    assert.deepEqual(log.errors, []);
  });
});

test.describe("3.2 training a CNN on MNIST", () => {
  test("shows an untrained model's maps, trains in the page (loss falls), then shows accuracy, a confusion matrix, mistakes and the trained maps", async () => {
    // The quick budget: the small CNN on 400 digits for one epoch, in seconds on any backend.
    const { page, log } = await chapter();
    const params = page.locator('[data-output="cnn-params"]');
    await params.waitFor({ timeout: 60_000 });
    const counts = (await params.locator("tbody tr td:nth-child(3)").allTextContents()).map(Number);
    assert.deepEqual(counts, [80, 0, 1168, 0, 0, 25664, 650], "C_out(C_in k² + 1) per layer of the small CNN");
    const maps = page.locator('[data-output="feature-maps"]');
    await maps.locator('[data-layer="conv2"]').waitFor({ timeout: 60_000 });
    assert.match((await maps.locator('[data-output="cnn-verdict"]').textContent()) ?? "", /还没训练的网络/);
    const panels = async (layer: string) => maps.locator(`[data-layer="${layer}"] [data-channel]`).count();
    assert.deepEqual([await panels("conv1"), await panels("pool1"), await panels("conv2"), await panels("pool2"), await panels("conv1-filters")], [8, 8, 16, 16, 8]);
    assert.match((await page.locator('[data-output="cnn-accuracy"]').textContent()) ?? "", /还没有训练/);
    assert.equal(await page.locator('[data-cell="train-cnn"] [data-progress]').getAttribute("data-progress"), "", "nothing trains before 开始训练");
    await page.locator('[data-cell="train-cnn"] [data-action="train"]').click();
    const panel = page.locator('[data-cell="train-cnn"] .training-panel[data-state="done"]');
    await panel.waitFor({ timeout: 240_000 });
    const [start, end] = [await numberAttribute(panel, "data-loss-start"), await numberAttribute(panel, "data-loss-end")];
    assert.ok(end < start, `loss ${start} → ${end}`);
    assert.ok((await panel.locator(".training-chart svg path[data-series]").count()) >= 1, "a loss chart");
    const accuracy = page.locator('[data-output="cnn-accuracy"]', { hasText: "测试集准确率" });
    await accuracy.waitFor({ timeout: 60_000 });
    const percent = Number(/测试集准确率：([\d.]+)%/.exec((await accuracy.textContent()) ?? "")?.[1]);
    console.log(`3.2 CNN test accuracy in the page (quick budget, ${await page.locator("[data-backend-badge]").getAttribute("data-backend")}): ${percent}%`);
    assert.ok(percent > 30, `test accuracy ${percent}% (majority class ≈ 11%)`);
    // Confusion matrix: 10×10, counts add up to the 2,000 test digits; a click filters the mistakes.
    const matrix = page.locator("svg[data-confusion='10x10']");
    await matrix.waitFor();

    const mistakes = page.locator('[data-output="cnn-mistakes"] figure');
    await mistakes.first().waitFor();
    const cells = await matrix.locator("g.cell").evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute("data-cell-actual")), Number(g.getAttribute("data-cell-predicted")), Number(g.querySelector("text")?.textContent || 0)]));
    const [actual, predicted, count] = cells.filter(([a, p, n]) => a !== p && n > 0).sort((x, y) => y[2] - x[2])[0];
    await matrix.locator(`g.cell[data-cell-actual="${actual}"][data-cell-predicted="${predicted}"]`).click();
    await page.locator('[data-cell="cnn-results"]').getByText(`（真实 ${actual}、预测 ${predicted}）`).waitFor();
    assert.equal(cells.reduce((sum, [, , n]) => sum + n, 0), 2000, "the counts add up to the test set");
    assert.equal(await mistakes.count(), Math.min(24, count));
    for (const caption of await page.locator('[data-output="cnn-mistakes"] figcaption').allTextContents()) assert.match(caption, new RegExp(`^${actual}→${predicted} \\d+%$`));
    // Feature maps now come from the trained model.
    await maps.locator('[data-output="cnn-verdict"]', { hasText: "训练好的网络" }).waitFor({ timeout: 60_000 });
    assert.equal(await panels("conv1"), 8);
    assert.deepEqual(log.errors, []);
  });
});

test.describe("3.2 reruns", () => {
  test("rerunning the training cell leaves tf.memory().numTensors at its baseline", async () => {
    const { page, log } = await chapter();
    const cell = page.locator('[data-cell="train-cnn"]');
    const train = async () => {
      await cell.locator('[data-action="train"]').click();
      await cell.locator('.training-panel[data-state="done"]').waitFor({ timeout: 240_000 });
      await page.locator('[data-output="cnn-accuracy"]', { hasText: "测试集准确率" }).waitFor({ timeout: 60_000 });
      await page.locator('[data-output="cnn-verdict"]', { hasText: "训练好的网络" }).waitFor({ timeout: 60_000 });
    };
    // The test before trained it once on this page: that is the baseline.
    await cell.locator('.training-panel[data-state="done"]').waitFor();
    const baseline = await steadyTensorCount(page);
    for (let i = 0; i < 2; i++) {
      await cell.locator('[data-action="run"]').click();
      await cell.locator(".training-panel:not([data-state])").waitFor();
      await train();
    }
    await expectTensorCount(page, baseline, "a rerun leaves no tensor behind");
    assert.deepEqual(log.errors, []);
  });
});
