// When a page of the book has settled: every cell has finished, or waits for the reader to
// press a button in its output (a training panel), or has not run because a cell above it
// waits so. Used by the tests, the PDF printer and anything else that reads a finished page.
import type { Page } from "playwright-core";

export async function waitForCellsSettled(page: Page, name: string, timeout = 180_000): Promise<void> {
  const settled = () => {
    let waiting = false;
    return [...document.querySelectorAll<HTMLElement>("figure[data-cell]")].every((figure) => {
      const state = figure.dataset.state;
      if (state === "running") return (waiting = !!figure.querySelector("[data-output] button:not([disabled])"));
      return state ? true : waiting;
    });
  };
  await page.waitForFunction(settled, undefined, { timeout }).catch(async (error: Error) => {
    const states = await page.$$eval("figure[data-cell]", (figures) => figures.map((f) => `${f.getAttribute("data-cell")}=${f.getAttribute("data-state")}`).join(" "));
    throw new Error(`${name}: cells did not settle (${states}): ${error.message}`);
  });
}
