// `npm run test:unit [filter]`: node's test runner on tests/**/*.test.ts outside tests/e2e.
// `npm run test:e2e [filter] [playwright options]`: @playwright/test on tests/e2e/*.spec.ts
// (playwright.config.ts); the filter is a part of a spec's path, e.g. `ch3-6` or `hosting`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const kind = process.argv[2];
if (kind !== "unit" && kind !== "e2e") {
  console.error("usage: run-tests.ts unit|e2e [filter]");
  process.exit(2);
}
const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };

if (kind === "e2e") {
  const cli = createRequire(import.meta.url).resolve("@playwright/test/cli");
  const result = spawnSync(process.execPath, [cli, "test", ...process.argv.slice(3)], { cwd: root, stdio: "inherit", env });
  process.exit(result.status ?? 1);
}

const filter = process.argv[3];

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "fixtures" && entry.name !== "node_modules") yield* walk(path);
    } else yield path;
  }
}

const tests = [...walk(join(root, "tests"))]
  .map((path) => relative(root, path))
  .filter((path) => !path.startsWith(join("tests", "e2e")) && path.endsWith(".test.ts"))
  .filter((path) => !filter || path.includes(filter))
  .sort();
if (!tests.length) {
  console.error(`no ${kind} tests found`);
  process.exit(1);
}
// Two files at a time: most unit files are short and wait on start-up (tsx, tfjs), so on CI's
// 2 cores the suite took 297 s one at a time and 204 s two at a time (measured 2026-12-05).
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...tests], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" }
});
process.exit(result.status ?? 1);
