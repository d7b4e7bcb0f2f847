// 第7章: every cell runs in quick mode; the inference server starts in a Web Worker, answers
// under load and refuses a wrong shape; the canary rollback takes v2 out of service; the
// drift alert fires on the shifted stream and stays quiet on the clean one; nothing is
// fetched from outside the site.
import assert from "node:assert/strict";
import { expectTensorCount, openChapter, pageTensorCount, test, useSession } from "./browser.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

test.describe("第7章 应用、服务与未来", () => {
  test("serves the book's CNN from a Worker, rolls a canary back, and alerts on drift only", async () => {
    const { page, log } = await openChapter(await session(), "ch7-applications.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["serving-setup", "start-server", "one-request", "load-test", "batch-sweep", "canary", "drift-monitor", "delayed-labels", "chinchilla"]);
    await page
      .waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 150_000 })
      .catch(async (error: Error) => {
        const states = await page.locator("figure[data-cell]").evaluateAll((fs) => fs.map((f) => `${f.getAttribute("data-cell")}=${f.getAttribute("data-state")}`).join(" "));
        throw new Error(`${error.message}\n${states}\n${log.errors.join("\n")}`);
      });
    await expectHostedPageClean(page, log);
    const data = (output: string) => page.locator(`[data-output="${output}"]`).evaluate((el) => ({ ...(el as HTMLElement).dataset, text: el.textContent ?? "" }) as Record<string, string>);

    const saved = await data("save-load");
    assert.equal(saved.identical, "true", saved.text);
    assert.ok(Number(saved.bytes) > 900_000, saved.text);

    const status = await data("server-status");
    assert.equal(status.where, "worker", status.text);
    const [, actual, predicted] = /真实类别 (\d)）→ 预测 (\d)/.exec((await data("one-request")).text)!;
    assert.equal(predicted, actual);
    assert.match((await data("shape-error")).text, /输入形状不对：模型要求 28×28×1 = 784 个数，这个请求有 729 个/);

    const load = await data("load-result");
    assert.ok(Number(load.throughput) > 0 && Number(load.p50) > 0, load.text);
    assert.match(load.text, /失败 0/);
    assert.equal(await page.locator('[data-output="batch-sweep"] tbody tr').count(), 3);

    // Canary: both versions served, then rollback sends everything to v1.
    const arms = () => page.locator('[data-output="canary-metrics"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const before = await arms();
    assert.ok(Number(before[0][1]) > 0 && Number(before[1][1]) > 0, JSON.stringify(before));
    await page.locator('[data-action="rollback"]').click();
    await page.waitForFunction(() => /已回滚/.test(document.querySelector('[data-output="canary-status"]')?.textContent ?? ""));
    await page.locator('[data-action="canary-send"]').click();
    await page.waitForFunction(() => /已回滚：全部流量走 v1。共 \d+ 个请求，失败 0/.test(document.querySelector('[data-output="canary-status"]')?.textContent ?? ""), undefined, { timeout: 30_000 });
    const after = await arms();
    assert.equal(after[1][1], "0", JSON.stringify(after));
    assert.ok(Number(after[0][1]) > 0);

    // Drift: quiet on clean windows, an alert on the first shifted one.
    const drift = await data("drift-alert");
    assert.equal(drift.cleanAlerts, "0", drift.text);
    assert.ok(Number(drift.cleanMax) < 0.2, drift.text);
    assert.ok(Number(drift.shiftedMin) > 0.2, drift.text);
    assert.equal(drift.firstAlert, "5", drift.text);
    assert.equal(drift.firstAlertShift, "rotate");
    assert.match((await page.locator('[data-output="delayed-accuracy"] tbody tr').last().textContent()) ?? "", /标签未到/);

    assert.deepEqual(await page.locator("[data-exercise]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.exercise)), ["ch7-littles-law", "ch7-psi", "ch7-chinchilla", "ch7-canary", "ch7-percentile"]);
    const chinchilla = await data("chinchilla");
    assert.ok(Math.abs(Number(chinchilla.params) / 7e10 - 1) < 0.02, chinchilla.text);

    // Rerunning the server's cell ends its Worker (the notebook owns what the cell created) and starts a new one.
    await page.evaluate(() => {
      const counter = window as unknown as { terminated: number };
      counter.terminated = 0;
      const terminate = Worker.prototype.terminate;
      Worker.prototype.terminate = function (this: Worker) {
        counter.terminated += 1;
        terminate.call(this);
      };
    });
    await page.locator('[data-cell="start-server"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="start-server"] [data-action="run"]').click();
    await page.waitForFunction(() => ["start-server", "one-request", "load-test", "batch-sweep", "canary"].every((id) => document.querySelector(`[data-cell="${id}"]`)?.getAttribute("data-state") === "done"), undefined, { timeout: 90_000 });
    assert.ok((await page.evaluate(() => (window as unknown as { terminated: number }).terminated)) >= 1, "the old Worker was terminated");
    assert.equal((await data("server-status")).where, "worker");

    // Rerunning the monitor leaves the page's tensor count where it was.
    const tensors = await pageTensorCount(page);
    await page.locator('[data-cell="drift-monitor"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="drift-monitor"] [data-action="run"]').click();
    await page.waitForFunction(() => document.querySelector('[data-cell="drift-monitor"]')?.getAttribute("data-state") === "done", undefined, { timeout: 60_000 });
    await expectTensorCount(page, tensors, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
