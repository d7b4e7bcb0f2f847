// Runs Observable Framework's CLI under tsx, so that observablehq.config.ts and the
// TypeScript modules it imports load, with telemetry off (it would try the network).
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const frameworkBin = join(dirname(require.resolve("@observablehq/framework/package.json")), "dist", "bin", "observable.js");
const env = () => ({ ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" });
const argv = (args: string[]) => ["--import", "tsx", frameworkBin, ...args];

export function runFramework(args: string[], cwd: string, capture = false): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, argv(args), { cwd, env: env(), encoding: "utf8", stdio: capture ? "pipe" : "inherit" });
}

export function startFramework(args: string[], cwd: string, quiet = false): ChildProcess {
  return spawn(process.execPath, argv(args), { cwd, env: env(), stdio: quiet ? "ignore" : "inherit" });
}
