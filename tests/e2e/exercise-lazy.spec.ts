// Exercises mount lazily (components/exercise/lazy-mount.ts): with every cell held "running"
// (so the after-the-first-cell trigger cannot fire), an exercise far down the page still
// mounts when the reader scrolls to it, follows a #link to it, pages to its slide, or prints.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { test, useSession } from "./browser.js";

const session = useSession({ isolate: false });
const ID = "ch3-1-softmax"; // the last exercise of 3.1, far below the first screen
const mounted = (page: Page) => page.locator(`section[data-exercise="${ID}"][data-exercise-kind]`).waitFor({ state: "attached", timeout: 20_000 });

async function openHeld(suffix: string): Promise<Page> {
  const s = await session();
  const page = await s.context.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.addInitScript(() => {
    localStorage.setItem("dlbook:budget", "quick");
    new MutationObserver((records) => {
      for (const r of records) {
        const cell = r.target as HTMLElement;
        if (cell.dataset.state !== "running") cell.dataset.state = "running";
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  });
  await page.goto(s.server.url + "ch3-1-nn-basics.html" + suffix);
  return page;
}

test.describe("exercises mount when needed", () => {
  test("on scrolling to one, a #link to it, its slide and printing, with no cell finished", async () => {
    let page = await openHeld("");
    const below = await page.locator(`section[data-exercise="${ID}"]`).evaluate((e) => e.getBoundingClientRect().top - innerHeight);
    assert.ok(below > 1500, `the exercise is ${below} px below the window: far enough to test the triggers`);
    await page.locator(`section[data-exercise="${ID}"]`).scrollIntoViewIfNeeded();
    await mounted(page);
    await page.close();

    page = await openHeld(`#exercise-${ID}`);
    await mounted(page);
    await page.close();

    page = await openHeld("");
    await page.locator("section[data-exercise] .exercise-loading").first().waitFor({ state: "attached" });
    await page.evaluate(() => dispatchEvent(new Event("beforeprint")));
    await mounted(page);
    await page.close();

    page = await openHeld("?slides");
    const section = page.locator(`section[data-exercise="${ID}"]`);
    for (let i = 0; i < 60 && !(await section.isVisible()); i++) await page.keyboard.press("ArrowRight");
    assert.ok(await section.isVisible(), "paging forward reaches the exercise's slide");
    await mounted(page);
    await page.close();
  });
});
