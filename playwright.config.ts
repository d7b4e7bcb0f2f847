// The browser tests (tests/e2e/*.spec.ts) on @playwright/test, in Debian's Chromium: the
// browser comes from the system (site/chromium.ts: CHROME_PATH or /usr/bin/chromium, the
// book's launch flags) and is never downloaded. `npm run test:e2e [filter]` runs this.
import { defineConfig } from "@playwright/test";
import { CHROME_ARGS, chromePath } from "./site/chromium.js";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "*.spec.ts",
  // One worker: CI has 2 cores, and a chapter's training in Chromium already keeps both busy
  // (WASM threads, the page, the test process). Two workers are not measured yet: the shared
  // development machine ran at a load of 7–30 when this was written. Try `--workers 2`.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // The chapter specs train models (quick budget); on a busy 2-core machine one test can take
  // minutes. A hang still ends here, with a trace.
  timeout: 10 * 60_000,
  expect: { timeout: 30_000 },
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  outputDir: "test-results",
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: chromePath(), args: CHROME_ARGS },
    // Traces keep the actions, console, network and errors of a failed test. DOM snapshots of
    // every action are off: on the book's long pages they made a keyboard walk of 800 steps
    // (a11y.spec.ts) 3× slower. PW_TRACE_SNAPSHOTS=1 turns them on for a local rerun.
    trace: { mode: "retain-on-failure", snapshots: process.env.PW_TRACE_SNAPSHOTS === "1", screenshots: false }
  }
});
