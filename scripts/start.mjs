// `npm start` on a fresh clone: install what is missing (npm ci), prepare the checkout
// (scripts/setup.ts), then serve the book with Framework's dev server (live reload).
// Plain JavaScript, because nothing is installed yet when it starts.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
// The tests use the system's Chromium (site/chromium.ts): installing @playwright/test must not download one.
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const installed = join(root, "node_modules", ".package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(root, "package-lock.json")).mtimeMs) {
  console.log("正在安装依赖（npm ci）…");
  run(npm, ["ci", "--no-audit", "--no-fund"]);
}
run(process.execPath, ["--import", "tsx", join(root, "scripts", "setup.ts")]);
const port = process.env.PORT ?? "3000";
console.log(`\n本书开发服务器：http://127.0.0.1:${port}/  （修改 src/ 或 components/ 后页面自动刷新；Ctrl+C 停止）\n`);
run(process.execPath, ["--import", "tsx", join(root, "scripts", "preview.ts"), "--port", port]);
