// How cells and charts look (issue 22, "How cells look"): the code of a cell lies inside
// the cell's frame in both colour schemes and on a phone; the editor's code is readable
// (contrast ≥ 4.5:1) in both schemes; a 390 px phone has no sideways page scroll, sees the
// compute badge and one-line buttons; a chart follows its container when the page resizes.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { test, useSession, watchPage, type PageLog } from "./browser.js";

const session = useSession();
const PHONE = { width: 390, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

async function openPage(file: string, viewport: { width: number; height: number }, colorScheme: "light" | "dark" = "light"): Promise<{ page: Page; log: PageLog }> {
  const { context, server } = await session();
  const page = await context.newPage();
  const log = watchPage(page);
  // Training cells run at the quick budget: these tests look, they do not train.
  await page.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize(viewport);
  await page.goto(server.url + file);
  return { page, log };
}

/** Framework's client wraps each <pre> in its copy-button container once it has loaded. */
async function waitForCodeBlocks(page: Page): Promise<void> {
  await page.locator("[data-cell-code] .observablehq-pre-container").first().waitFor({ state: "attached" });
}

test.describe("a cell's code in read mode", () => {
  const cases = [
    { file: "index.html", scheme: "light", viewport: DESKTOP },
    { file: "index.html", scheme: "dark", viewport: DESKTOP },
    { file: "ch3-2-cnn.html", scheme: "light", viewport: DESKTOP },
    { file: "ch3-2-cnn.html", scheme: "dark", viewport: DESKTOP },
    { file: "ch3-2-cnn.html", scheme: "light", viewport: PHONE },
    { file: "index.html", scheme: "dark", viewport: PHONE }
  ] as const;
  for (const { file, scheme, viewport } of cases) {
    test(`lies inside the cell's frame and scrolls there (${file}, ${scheme}, ${viewport.width} px)`, async () => {
      const { page, log } = await openPage(file, viewport, scheme);
      await waitForCodeBlocks(page);
      const cells = await page.locator("[data-cell]").evaluateAll((figures) =>
        figures.map((figure) => {
          const frame = figure.getBoundingClientRect();
          const pre = figure.querySelector("[data-cell-code] pre")!;
          const code = pre.getBoundingClientRect();
          const wrapper = pre.parentElement!.getBoundingClientRect();
          return {
            id: (figure as HTMLElement).dataset.cell,
            frame: [frame.left, frame.right],
            code: [Math.min(code.left, wrapper.left), Math.max(code.right, wrapper.right)],
            overflows: pre.scrollWidth > pre.clientWidth,
            scrolls: getComputedStyle(pre).overflowX === "auto"
          };
        })
      );
      assert.ok(cells.length > 0);
      for (const { id, frame, code, overflows, scrolls } of cells) {
        assert.ok(code[0] >= frame[0] - 0.5 && code[1] <= frame[1] + 0.5, `cell ${id}: code spans ${code.map(Math.round)}, frame ${frame.map(Math.round)}`);
        if (overflows) assert.ok(scrolls, `cell ${id}: a long line scrolls inside the frame`);
      }
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});

/** WCAG contrast ratio of two sRGB colours (0–255 channels). */
function contrast(a: number[], b: number[]): number {
  const luminance = ([r, g, bl]: number[]) => {
    const [R, G, B] = [r, g, bl].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour of every text-bearing element matching `texts` inside `root`, with the
 * background of its closest `background` ancestor, as 0–255 RGBA read back from a canvas (computed colours may be rgb(),
 * color(srgb …) or oklch()). */
async function textColours(page: Page, root: string, texts: string, background: string): Promise<{ text: string; color: number[]; background: number[] }[]> {
  return page.locator(root).evaluateAll(
    (roots, [texts, background]) => {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 1;
      const context = canvas.getContext("2d", { willReadFrequently: true })!;
      const samples = roots.flatMap((root) =>
        [...root.querySelectorAll(texts)]
          .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()))
          .map((e) => ({ text: e.textContent!.slice(0, 30), colors: [getComputedStyle(e).color, getComputedStyle(e.closest(background)!).backgroundColor] }))
      );
      return samples.map(({ text, colors }) => {
        const [color, back] = colors.map((css) => {
          context.clearRect(0, 0, 1, 1);
          context.fillStyle = css;
          context.fillRect(0, 0, 1, 1);
          return [...context.getImageData(0, 0, 1, 1).data];
        });
        return { text, color, background: back };
      });
    },
    [texts, background]
  );
}

function assertReadable(samples: { text: string; color: number[]; background: number[] }[]): void {
  assert.ok(samples.length > 5, "code tokens found");
  assert.ok(new Set(samples.map((s) => s.color.join())).size >= 3, "code is highlighted");
  for (const { text, color, background } of samples) {
    assert.equal(background[3], 255, "an opaque background");
    const ratio = contrast(color, background);
    assert.ok(ratio >= 4.5, `"${text}" rgb(${color.slice(0, 3)}) on rgb(${background.slice(0, 3)}): contrast ${ratio.toFixed(2)}`);
  }
}

test.describe("the highlighted code in read mode", () => {
  for (const scheme of ["light", "dark"] as const) {
    test(`is readable (contrast of at least 4.5:1) in the ${scheme} scheme`, async () => {
      const { page, log } = await openPage("ch3-2-cnn.html", DESKTOP, scheme);
      assertReadable(await textColours(page, "[data-cell-code] pre", "span", "pre"));
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});

test.describe("the cell editor", () => {
  for (const scheme of ["dark", "light"] as const) {
    test(`shows code at a contrast of at least 4.5:1 in the ${scheme} scheme`, async () => {
      const { page, log } = await openPage("index.html", DESKTOP, scheme);
      const cell = page.locator('[data-cell="softmax"]');
      await cell.locator('[data-action="edit"]').click();
      await cell.locator(".cm-editor .cm-content span").first().waitFor();
      assertReadable(await textColours(page, '[data-cell="softmax"] .cm-editor', ".cm-content .cm-line, .cm-content .cm-line span", ".cm-editor"));
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});

test.describe("a phone 390 px wide", () => {
  for (const file of ["ch3-2-cnn.html", "index.html"]) {
    test(`${file}: no sideways page scroll, the compute badge on screen, one-line buttons and names`, async () => {
      const { page, log } = await openPage(file, PHONE);
      const badge = page.locator("[data-backend-badge]");
      await badge.locator("select").waitFor();
      if (file === "ch3-2-cnn.html") await page.locator('[data-output="kernel-explorer"] svg').first().waitFor();
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth} px wide in a ${innerWidth} px window`);
      for (const target of [badge, badge.locator("select")]) {
        const box = (await target.boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width && box.y >= 0 && box.y + box.height <= PHONE.height, `badge at ${JSON.stringify(box)}`);
      }
      // The select is usable: nothing covers its centre.
      const covered = await badge.locator("select").evaluate((select) => {
        const box = select.getBoundingClientRect();
        return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) !== select;
      });
      assert.equal(covered, false, "the backend menu can be clicked");
      const labels = await page.locator(".book-cell-bar button:not([hidden]), .book-cell-name").evaluateAll((elements) =>
        elements.map((element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          const style = getComputedStyle(element);
          const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
          const content = element.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
          return { text: element.textContent, cell: element.closest<HTMLElement>("[data-cell]")!.dataset.cell, lines, oneLine: content < 1.5 * line };
        })
      );
      assert.ok(labels.length > 0);
      for (const { text, cell, lines, oneLine } of labels) assert.ok(lines === 1 && oneLine, `"${text}" of cell ${cell} takes ${lines} lines`);
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});

test.describe("the compute badge", () => {
  test("stays on screen at every window width from 360 to 1280 px", async () => {
    const { page, log } = await openPage("index.html", DESKTOP);
    const badge = page.locator("[data-backend-badge] select");
    await badge.waitFor();
    for (const width of [1280, 1000, 800, 700, 660, 641, 640, 500, 390, 360]) {
      await page.setViewportSize({ width, height: 800 });
      const box = (await badge.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= width, `at ${width} px the backend menu spans ${Math.round(box.x)}–${Math.round(box.x + box.width)}`);
      const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      assert.ok(scrollWidth <= width, `at ${width} px the page is ${scrollWidth} px wide`);
    }
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

test.describe("charts", () => {
  test("follow their container's width and are drawn again at it when the page resizes", async () => {
    const { page: chartPage, log } = await openPage("performance.html", DESKTOP);
    const chart = chartPage.locator("svg[data-bars]").first();
    await chart.waitFor();
    const measure = () =>
      chart.evaluate((svg) => ({
        width: svg.getBoundingClientRect().width,
        container: svg.parentElement!.clientWidth,
        drawn: Number(svg.getAttribute("viewBox")!.split(" ")[2])
      }));
    const fits = (m: { width: number; container: number; drawn: number }) => Math.abs(m.width - m.container) <= 1 && Math.abs(m.drawn - m.width) <= 1;
    const wide = await measure();
    assert.ok(fits(wide), `at ${DESKTOP.width} px: ${JSON.stringify(wide)}`);
    await chartPage.setViewportSize({ width: 600, height: 800 });
    await chartPage.waitForFunction((before) => {
      const svg = document.querySelector("svg[data-bars]")!;
      return svg.parentElement!.clientWidth !== before && Math.abs(Number(svg.getAttribute("viewBox")!.split(" ")[2]) - svg.getBoundingClientRect().width) <= 1;
    }, wide.container);
    const narrow = await measure();
    assert.ok(fits(narrow) && narrow.width < wide.width, `at 600 px: ${JSON.stringify(narrow)} (was ${JSON.stringify(wide)})`);
    assert.deepEqual(log.errors, []);
    await chartPage.close();
  });
});
