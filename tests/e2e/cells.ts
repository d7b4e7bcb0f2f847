// Driving book cells in a page: locate, edit, run, and wait for what they show.
import assert from "node:assert/strict";
import { expect, type Locator, type Page } from "@playwright/test";

export const cell = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`);
export const output = (page: Page, id: string) => cell(page, id).locator(":scope > [data-output]");

/** Waits until the cell's output text matches (outputs rerun asynchronously). */
export async function waitForOutput(page: Page, id: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  let text = "";
  const matches = async () => pattern.test((text = (await output(page, id).textContent()) ?? ""));
  await expect.poll(matches, { timeout, intervals: [100] }).toBe(true).catch((error: Error) => {
    throw new Error(`output of ${id} never matched ${pattern}; last: ${text.trim()}\n${error.message}`);
  });
  return text;
}

/** An attribute that must be there, as a number: `Number(null)` is 0, which would pass
 * every "difference < ε" check on an element that lost its attribute. */
export async function numberAttribute(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  assert.ok(value !== null && value.trim() !== "", `${name} is set (got ${JSON.stringify(value)})`);
  return Number(value);
}

export async function replaceCode(page: Page, id: string, code: string): Promise<void> {
  await cell(page, id).locator('[data-action="edit"]').click();
  const editor = cell(page, id).locator(".cm-content");
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
}

/** Forgets the cell's last state, so that waitForState sees the next run's. */
async function clearState(page: Page, id: string): Promise<void> {
  await cell(page, id).evaluate((figure) => figure.removeAttribute("data-state"));
}

/** Replaces the cell's code and runs it. */
export async function runCode(page: Page, id: string, code: string): Promise<void> {
  await replaceCode(page, id, code);
  await clearState(page, id);
  await page.keyboard.press("Shift+Enter");
}

/** Clicks one of the cell's actions (run, reset) after forgetting its last state. */
export async function act(page: Page, id: string, action: "run" | "reset"): Promise<void> {
  await clearState(page, id);
  await cell(page, id).locator(`[data-action="${action}"]`).click();
}

/** Waits until the cell's run has ended (data-state is set by the engine). */
export async function waitForState(page: Page, id: string, state: RegExp, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    ([selector, source]) => {
      const value = document.querySelector(selector)?.getAttribute("data-state") ?? "";
      return new RegExp(source).test(value) && value;
    },
    [`[data-cell="${id}"]`, state.source] as const,
    { timeout }
  );
  return (await handle.jsonValue()) as string;
}


export { waitForCellsSettled } from "../../site/settle.js";
