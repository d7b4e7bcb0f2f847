// `npm run test:unit [filter]`: node's test runner on tests/**/*.test.ts outside tests/e2e.
// `npm run test:e2e [filter] [playwright options]`: @playwright/test on tests/e2e/*.spec.ts
// (playwright.config.ts); the filter is a part of a spec's path, e.g. `ch3-6` or `hosting`.
// `npm test [filter]` (run-tests.ts all): everything, the single-threaded steps overlapped (below).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchFolderFor } from "../site/bench-pages.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const kind = process.argv[2];
if (kind !== "unit" && kind !== "e2e" && kind !== "all") {
  console.error("usage: run-tests.ts unit|e2e|all [filter]");
  process.exit(2);
}
const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };

if (kind === "all") await runAll();

/** A command whose output is kept and printed in one piece when it ends (two steps that run
 * side by side would interleave their lines); resolves to its exit status. */
function quietly(label: string, command: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("close", (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n── ${label} (${seconds} s, exit ${code}) ──\n${Buffer.concat(chunks).toString()}`);
      done(code ?? 1);
    });
  });
}

function loudly(command: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
    child.on("close", (code) => done(code ?? 1));
  });
}

/** `npm test`: the same steps as typecheck → unit → build → e2e, in an order that keeps CI's
 * 2 cores busy. Framework's build and the type check use about one core each, so the unit
 * tests (two files at a time, CPU-bound) run beside them; when the build is done, the build
 * without solutions (exercise.spec.ts checks it) follows it there (not at the same time: both
 * would write Framework's cache). The browser tests come last, alone: they train models. Any
 * failing step fails the run, after its output is shown. */
async function runAll(): Promise<never> {
  const tsx = [process.execPath, "--import", "tsx"];
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  // `npm test -- <filter>`: only the unit and browser tests whose path contains it.
  const only = process.argv.slice(3, 4);
  const failures: string[] = [];
  const times: string[] = [];
  const started = performance.now();
  const step = async (name: string, status: Promise<number>) => {
    const code = await status;
    times.push(`${name} ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (code !== 0) failures.push(name);
  };
  const noSolutions = mkdtempSync(join(tmpdir(), "book-nosolutions-"));
  try {
    await step("setup", loudly([...tsx, "scripts/setup.ts"]));
    if (!failures.length) {
      await Promise.all([
        step("type check", quietly("tsc --noEmit", [process.execPath, tsc, "--noEmit"])),
        step("unit tests", loudly([...tsx, "scripts/run-tests.ts", "unit", ...only], { BOOK_TESTS_MAY_BE_NONE: only.length ? "1" : "" })),
        (async () => {
          await step("build", quietly("build", [...tsx, "scripts/build.ts"]));
          if (failures.includes("build")) return;
          await step("build without solutions", quietly("build without solutions", [...tsx, "scripts/build.ts", "--out", noSolutions], { BOOK_SOLUTIONS: "0" }));
        })()
      ]);
    }
    if (!failures.length) await step("browser tests", loudly([...tsx, "scripts/run-tests.ts", "e2e", ...only, ...(only.length ? ["--pass-with-no-tests"] : [])], { BOOK_NOSOLUTIONS_DIST: noSolutions }));
  } finally {
    // The build puts the benchmark's pages beside its output (site/bench-pages.ts).
    for (const folder of [noSolutions, benchFolderFor(noSolutions)]) rmSync(folder, { recursive: true, force: true });
  }
  console.log(`\nnpm test: steps done at (from the start) ${times.join(" · ")}`);
  if (failures.length) console.error(`npm test failed: ${failures.join(", ")}`);
  process.exit(failures.length ? 1 : 0);
}

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
  // `npm test -- <filter>` asks for both kinds; a filter may match only browser tests.
  process.exit(process.env.BOOK_TESTS_MAY_BE_NONE === "1" ? 0 : 1);
}
// Two files at a time: most unit files are short and wait on start-up (tsx, tfjs), so on CI's
// 2 cores the suite took 297 s one at a time and 204 s two at a time (measured 2026-12-05).
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...tests], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" }
});
process.exit(result.status ?? 1);
