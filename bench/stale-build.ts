// A benchmark run without `build` measures whatever dist/ holds: after a change to the book's
// code that is the old code, and the figures silently describe it (it happened: a rigorous
// run after a merge profiled the previous kernels). So the bench refuses a dist/ older than
// the sources it is built from.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time under `folder` (files only), with the file. */
function newest(folder: string): { path: string; ms: number } | null {
  let best: { path: string; ms: number } | null = null;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    // Hidden folders are outputs (Framework's cache under src/.observablehq is written by the build).
    if (!entry.isFile() || path.slice(folder.length).split("/").some((part) => part.startsWith("."))) continue;
    const ms = statSync(path).mtimeMs;
    if (!best || ms > best.ms) best = { path, ms };
  }
  return best;
}

/** Why dist/ cannot be measured as it is (missing, or older than a source), or null. */
export function staleBuild(root: string, sources = ["components", "src", "packages/tf/dist"]): string | null {
  const built = join(root, "dist", "index.html");
  if (!existsSync(built)) return "dist/ 还没有构建：先运行 `npm run build`（或在 --only 里加上 build）。";
  const builtMs = statSync(built).mtimeMs;
  for (const source of sources) {
    const folder = join(root, source);
    const latest = existsSync(folder) ? newest(folder) : null;
    if (latest && latest.ms > builtMs) return `dist/ 比源代码旧（${latest.path.slice(root.length + 1)} 改于构建之后）：测出的会是旧代码。先运行 \`npm run build\`（或在 --only 里加上 build）。`;
  }
  return null;
}
