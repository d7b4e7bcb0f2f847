// The benchmark's two pages (src/bench.md, src/bench-cell.md) and the harness they import
// (components/bench/) are built by Framework with the book, because they must run on the
// book's own bundles and engine. They are not part of the published book: after the build
// they are moved out of the output folder into a sibling "<output>-bench" folder, which only
// `npm run bench` and the tests' server lay over the book (site/static-server.ts `overlays`).
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

/** Built paths (relative to the output folder) that belong to the benchmark. */
export const BENCH_PATHS = ["bench.html", "bench-cell.html", "_import/components/bench"];

export function benchFolderFor(output: string): string {
  return output.replace(/[\\/]+$/, "") + "-bench";
}

/** Moves the benchmark's built files out of `output`; returns the folder they went to. */
export function moveBenchPages(output: string): string {
  const target = benchFolderFor(output);
  rmSync(target, { recursive: true, force: true });
  for (const path of BENCH_PATHS) {
    const from = join(output, path);
    // Framework builds every page of src/: a missing one means the pages were renamed or
    // the build changed, and the benchmark would break later with a less clear error.
    if (!existsSync(from)) throw new Error(`the build has no ${path}: update BENCH_PATHS in site/bench-pages.ts`);
    mkdirSync(dirname(join(target, path)), { recursive: true });
    renameSync(from, join(target, path));
  }
  return target;
}
