// `npm run build`: Framework's build, then the files Framework does not copy (KaTeX fonts, tfjs WASM binaries).
//   BOOK_SOLUTIONS=0 npm run build     a build without the exercises' solutions (site/markdown/exercises.ts)
//   npm run build -- --out <folder>    build into another folder than dist/ (e.g. a no-solutions copy beside it)
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runFramework } from "../site/framework.js";
import { copyPackageAssets } from "../site/package-assets.js";
import { fixBuiltPages } from "../site/html-fixes.js";
import { moveBenchPages } from "../site/bench-pages.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const start = performance.now();
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const output = outAt >= 0 ? resolve(args.splice(outAt, 2)[1]) : join(root, "dist");
// Framework takes its output folder from the config: another folder needs a config that
// extends the book's (written next to it so its relative paths hold, removed afterwards).
const config = outAt >= 0 ? join(root, `.observablehq.build-${process.pid}.config.ts`) : null;
if (config) writeFileSync(config, `import config from "./observablehq.config.ts";\nexport default {...config, output: ${JSON.stringify(output)}};\n`);
let status: number;
try {
  status = runFramework(["build", ...(config ? ["--config", config] : []), ...args], root).status ?? 1;
} finally {
  if (config) rmSync(config, { force: true });
}
if (status !== 0) process.exit(status);
copyPackageAssets(output);
fixBuiltPages(output);
moveBenchPages(output);
console.log(`build finished in ${((performance.now() - start) / 1000).toFixed(1)} s${process.env.BOOK_SOLUTIONS === "0" ? " (without solutions)" : ""}`);
