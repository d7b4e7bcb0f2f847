// `npm run build`: Framework's build, then the files Framework does not copy (KaTeX fonts).
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { copyKatexAssets } from "../site/katex-assets.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin", process.platform === "win32" ? "observable.cmd" : "observable");
const start = performance.now();
const result = spawnSync(bin, ["build", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" }
});
if (result.status !== 0) process.exit(result.status ?? 1);
copyKatexAssets(join(root, "dist"));
console.log(`build finished in ${((performance.now() - start) / 1000).toFixed(1)} s`);
