// `npm run build`: Framework's build, then the files Framework does not copy (KaTeX fonts, tfjs WASM binaries).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runFramework } from "../site/framework.js";
import { copyPackageAssets } from "../site/package-assets.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const start = performance.now();
const result = runFramework(["build", ...process.argv.slice(2)], root);
if (result.status !== 0) process.exit(result.status ?? 1);
copyPackageAssets(join(root, "dist"));
console.log(`build finished in ${((performance.now() - start) / 1000).toFixed(1)} s`);
