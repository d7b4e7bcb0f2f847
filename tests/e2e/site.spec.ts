// The built site in Debian's Chromium, served under /book/: search finds Chinese words, the
// backend badge and switch work, nothing is requested from outside the site, and the published
// folder holds no benchmark. (Every page's own load checks are in hosting.spec.ts.)
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { root, test, useSession, watchPage, type Session } from "./browser.js";

const openSession = useSession();
let session: Session;
test.beforeAll(async () => {
  session = await openSession();
});

// Every page's load, console, formulas (KaTeX and its fonts), pager and compute badge are checked
// by expectHostedPageClean (tests/e2e/hosting.ts), in its chapter spec or in the hosting walk, one
// load per page for all of the book's page checks; a request outside the site in any test here
// fails the file (useSession's afterAll).

test.describe("search", () => {
  const cases: [query: string, pages: string[], anchor?: string][] = [
    ["卷积", ["ch3-2-cnn.html"]],
    ["注意力", ["ch3-4-attention.html", "ch3-5-transformer.html"]],
    ["位置编码", ["ch3-5-transformer.html"], "positional-encoding"]
  ];
  for (const [query, pages, anchor] of cases) {
    test(`finds ${pages.join(", ")} for ${query}`, async () => {
      const page = await session.context.newPage();
      const log = watchPage(page);
      await page.goto(`${session.server.url}search.html?q=${encodeURIComponent(query)}`);
      await page.locator("[data-search-result]").first().waitFor();
      const hits = await page.locator("[data-search-result]").evaluateAll((items) =>
        items.map((item) => ({ page: (item as HTMLElement).dataset.searchResult!, href: item.querySelector("a")!.getAttribute("href")! }))
      );
      for (const expected of pages) assert.ok(hits.some((hit) => hit.page === expected), `${expected} in ${JSON.stringify(hits)}`);
      if (anchor) assert.ok(hits.some((hit) => hit.href.endsWith(`#${anchor}`)), `a hit links to #${anchor}`);
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }

  test("runs from the search box in the header of any page", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "ch1-background.html");
    await page.locator("[data-search-box]").fill("卷积");
    await page.locator("[data-search-box]").press("Enter");
    await page.locator("[data-search-result]").first().waitFor();
    assert.match(page.url(), /\/book\/search\.html\?q=/);
    await page.close();
  });
});

test.describe("compute backend", () => {
  test("trains on WASM by default when the only GPU is a software one, and says why", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    const badge = page.locator("[data-backend-badge][data-backend]");
    await badge.waitFor();
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { description?: string; vendor?: string; architecture?: string } } | null> } }).gpu;
      const info = (await gpu?.requestAdapter())?.info;
      return [info?.vendor, info?.architecture, info?.description].join(" ");
    });
    if (/swiftshader|llvmpipe/i.test(adapter)) {
      assert.equal(await badge.getAttribute("data-backend"), "wasm");
      assert.match((await badge.getAttribute("title")) ?? "", /软件模拟.*WebAssembly/);
      const caption = page.locator('[data-output="grad-check"] caption');
      await caption.waitFor({ timeout: 60_000 });
      assert.equal(await caption.textContent(), "计算后端：wasm");
    } else assert.notEqual(await badge.getAttribute("data-backend"), "cpu", `adapter ${adapter}`);
    await page.close();
  });

  test("lets the reader switch backends, remembered across pages, and tfjs follows", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "ch1-background.html");
    const select = page.locator('[data-backend-badge] select[data-action="backend"]');
    await select.waitFor();
    await Promise.all([page.waitForEvent("load"), select.selectOption("cpu")]);
    await page.locator('[data-backend-badge][data-backend="cpu"]').waitFor();
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    const caption = page.locator('[data-output="grad-check"] caption');
    await caption.waitFor({ timeout: 60_000 });
    assert.equal(await caption.textContent(), "计算后端：cpu");
    await page.evaluate(() => localStorage.removeItem("dlbook:backend"));
    await page.close();
  });
});

test.describe("offline guard", () => {
  test("blocks and records a request that leaves the machine", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "index.html");
    const before = session.external.length;
    const outcome = await page.evaluate(() => fetch("https://cdn.example.invalid/x.js").then(() => "loaded", () => "blocked"));
    assert.equal(outcome, "blocked");
    assert.deepEqual(session.external.splice(before), ["https://cdn.example.invalid/x.js"]);
    await page.close();
  });
});

test.describe("TensorFlow.js in the built site", () => {
  test("3.1 runs a seeded-random gradient check in the page (tf.randomNormal works)", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    const tfRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/_node/@book/tf")) tfRequests.push(request.url());
    });
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    const table = page.locator('[data-output="grad-check"]');
    await table.waitFor({ timeout: 60_000 });
    const diffs = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    assert.equal(diffs.length, 3);
    for (const diff of diffs) assert.ok(Number(diff) < 1e-4, `difference ${diff}`);
    assert.match((await table.locator("caption").textContent()) ?? "", /webgpu|webgl|wasm|cpu/);
    assert.ok(tfRequests.length > 0, "the page loaded @book/tf");
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  // A page without cells. (Any page with cells preloads @book/tf today, because the notebook
  // engine imports it by name: chapter 1's charts load it although they do not use it.)
  test("pages that do not use tfjs do not load it", async () => {
    const page = await session.context.newPage();
    const loaded: string[] = [];
    page.on("request", (request) => loaded.push(request.url()));
    await page.goto(session.server.url + "appendix-faq.html", { waitUntil: "networkidle" });
    assert.deepEqual(loaded.filter((url) => url.includes("@book/tf")), []);
    await page.close();
  });
});

test.describe("the published book", () => {
  test("contains no benchmark page, harness or global (they are built beside it, in dist-bench)", () => {
    const dist = join(root, "dist");
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const names = files.map((entry) => join(entry.parentPath, entry.name).slice(dist.length + 1));
    assert.deepEqual(names.filter((name) => /(^|\/)bench(-cell)?\.html$|components\/bench\//.test(name)), []);
    const withGlobal = files.filter((entry) => /\.(html|js)$/.test(entry.name) && readFileSync(join(entry.parentPath, entry.name), "utf8").includes("bookBench"));
    assert.deepEqual(withGlobal.map((entry) => entry.name), []);
    assert.ok(existsSync(join(root, "dist-bench", "bench.html")), "npm run build puts the benchmark's pages in dist-bench/");
  });
});
