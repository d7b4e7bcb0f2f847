// Slides mode on a chapter (3.1): ?slides=N opens slide N with only that section showing,
// keys and buttons move and the counter and URL follow, keys typed in a cell's editor stay
// there, cells still run, a chart drawn while its slide was hidden takes its width when
// shown, and Escape gives back the normal page at the section that was showing.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { openChapter, useSession, test } from "./browser.js";
import { act, cell, waitForState } from "./cells.js";

const session = useSession();

/** The top-level blocks of the page a reader can see: their tags and heading texts. */
const visibleHeadings = (page: Page) =>
  page.locator("#observablehq-main > :is(h1, h2)").evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0).map((el) => el.textContent?.trim() ?? ""));
const counter = (page: Page) => page.locator('[data-slides="counter"]');
const slideInUrl = (page: Page) => new URL(page.url()).searchParams.get("slides");

async function expectSlide(page: Page, n: number, total: number): Promise<void> {
  await page.waitForFunction((text) => document.querySelector('[data-slides="counter"]')?.textContent === text, `${n} / ${total}`);
  assert.equal(slideInUrl(page), String(n), "the URL names the slide");
}

test.describe("slides mode", () => {
  test("presents a chapter one h2 section at a time, with cells and charts working, and leaves it as it was", async () => {
    const { page, log } = await openChapter(await session(), "ch3-1-nn-basics.html?slides=2");
    await page.setViewportSize({ width: 1280, height: 800 });
    const h2s = await page.locator("#observablehq-main > h2").allTextContents();
    const total = h2s.length + 1; // the title slide, then one per h2
    await expectSlide(page, 2, total);

    // Only the second slide (the first h2's section) shows; the book's chrome is gone.
    assert.deepEqual(await visibleHeadings(page), [h2s[0].trim()]);
    assert.equal(await page.locator("#observablehq-sidebar").isVisible(), false);
    assert.equal(await page.locator("#observablehq-toc").isVisible(), false);
    assert.equal(await page.locator("#observablehq-footer").isVisible(), false);
    assert.equal(await page.locator("#observablehq-main").getAttribute("aria-label"), `幻灯片 2 / ${total}：${h2s[0].trim()}`);
    const toggle = page.getByRole("button", { name: "退出幻灯片" });
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");

    // Keys move, the counter, the URL, the focus and the screen reader follow.
    await page.keyboard.press("ArrowRight");
    await expectSlide(page, 3, total);
    assert.deepEqual(await visibleHeadings(page), [h2s[1].trim()]);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), h2s[1].trim(), "focus on the new slide's heading");
    assert.equal(await page.locator('[aria-live="polite"]', { hasText: `幻灯片 3 / ${total}` }).count(), 1, "the change is announced");
    await page.keyboard.press("PageUp");
    await expectSlide(page, 2, total);
    await page.keyboard.press("End");
    await expectSlide(page, total, total);
    await page.keyboard.press("Home");
    await expectSlide(page, 1, total);
    assert.equal((await visibleHeadings(page)).length, 1, "the title slide: the h1 alone");
    await page.getByRole("button", { name: "下一张幻灯片" }).click();
    await expectSlide(page, 2, total);
    // Printing from slides mode prints the whole chapter.
    await page.emulateMedia({ media: "print" });
    assert.equal((await visibleHeadings(page)).length, h2s.length + 1, "print shows every section");
    await page.emulateMedia({ media: "screen" });

    // To the slide of the first cell; keys typed in its editor stay in the editor.
    for (let n = 3; !(await cell(page, "tensor-demo").isVisible()); n++) {
      await page.keyboard.press("ArrowRight");
      await expectSlide(page, n, total);
    }
    const at = await counter(page).textContent();
    await cell(page, "tensor-demo").locator('[data-action="edit"]').click();
    await cell(page, "tensor-demo").locator(".cm-content").click();
    for (const key of ["ArrowRight", "ArrowLeft", "PageDown", "End", "Home", "Escape"]) await page.keyboard.press(key);
    assert.equal(await counter(page).textContent(), at, "editor keys do not turn the slide");
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("book-slides")), true, "Escape in the editor leaves the editor, not the slides");

    // The cell on the slide runs.
    await waitForState(page, "tensor-demo", /^(done|error)$/, 120_000);
    await act(page, "tensor-demo", "run");
    assert.equal(await waitForState(page, "tensor-demo", /^(done|error)$/, 60_000), "done");

    // Training on a later, hidden slide ran to the end; its chart takes the slide's width once shown.
    assert.equal(await waitForState(page, "train-moons", /^(done|error)$/, 180_000), "done");
    const chartSlide = h2s.findIndex((h) => h.includes("用手写的反向传播训练")) + 2;
    assert.ok(chartSlide > 1, "3.1.6 is a slide");
    const chartWidth = () => page.locator('[data-output="moons-loss"] svg').evaluate((svg) => ({ drawn: Number(svg.getAttribute("width")), box: svg.parentElement!.clientWidth }));
    assert.equal((await chartWidth()).box, 0, "the chart's slide is hidden");
    while (Number((await counter(page).textContent())!.split(" / ")[0]) < chartSlide) await page.getByRole("button", { name: "下一张幻灯片" }).click();
    await expectSlide(page, chartSlide, total);
    await page.waitForFunction(() => {
      const svg = document.querySelector('[data-output="moons-loss"] svg');
      return svg && Number(svg.getAttribute("width")) === svg.parentElement!.clientWidth;
    });
    const { drawn, box } = await chartWidth();
    assert.ok(drawn > 480 && drawn === box, `drawn at ${drawn} for a ${box} px slide`);

    // Escape (from the page) gives back the book at the section that was showing.
    await page.locator("#observablehq-main > h2", { hasText: h2s[chartSlide - 2] }).focus();
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.documentElement.classList.contains("book-slides"));
    assert.equal(slideInUrl(page), null);
    assert.equal((await visibleHeadings(page)).length, h2s.length + 1, "every section shows again");
    assert.equal(await page.locator("#observablehq-toc").isVisible(), true);
    assert.equal(await page.locator(".slides-bar").isVisible(), false);
    assert.equal(await page.locator("#observablehq-main").getAttribute("aria-label"), null);
    const top = await page.locator("#observablehq-main > h2", { hasText: h2s[chartSlide - 2] }).evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 200, `the section that was showing is at the top (${top})`);

    // The header's button enters at the section on screen, and leaves again.
    await page.getByRole("button", { name: "幻灯片模式" }).click();
    await expectSlide(page, chartSlide, total);
    await page.getByRole("button", { name: "退出幻灯片" }).click();
    await page.waitForFunction(() => !document.documentElement.classList.contains("book-slides"));

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
