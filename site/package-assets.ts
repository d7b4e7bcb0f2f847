// Files from npm packages that the site serves itself (no CDN) but Framework does not copy
// because no page imports them: KaTeX's stylesheet and fonts, and the WebAssembly binaries of
// tfjs's WASM backend. They live under `_node/<package>@<version>/dist/` in both servers: the
// preview server serves `/_node/*` from `src/.observablehq/cache/_node/`, and
// `scripts/build.ts` copies the same files into `dist/_node/`. Pages and the tfjs bundle
// refer to them relatively, so the site works under any sub-path.
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVE_WORKER_DIR, SERVE_WORKER_FILE } from "../components/serving/worker-path.js";
import { PARALLEL_WORKER_DIR, PARALLEL_WORKER_FILE } from "../components/parallel/worker-path.js";

const require = createRequire(import.meta.url);
const checkoutRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

function packageRoot(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function versionOf(name: string): string {
  return JSON.parse(readFileSync(join(packageRoot(name), "package.json"), "utf8")).version;
}

export const katexVersion: string = versionOf("katex");

/** Site-relative folder of KaTeX's CSS and fonts. */
export const katexAssetPath = `_node/katex@${katexVersion}/dist`;

/** Site-relative folder of tfjs-backend-wasm's .wasm files (read by packages/tf). */
export const wasmAssetPath = `_node/@tensorflow/tfjs-backend-wasm@${versionOf("@tensorflow/tfjs-backend-wasm")}/dist`;

/** `name` is an npm package whose dist/ holds `files`, or with `from`, a folder of this
 * checkout (the inference server's Worker bundle that scripts/setup.ts writes). */
const ASSETS: { name: string; target: string; files: string[]; from?: string }[] = [
  { name: "katex", target: katexAssetPath, files: ["katex.min.css", "fonts"] },
  {
    name: "@tensorflow/tfjs-backend-wasm",
    target: wasmAssetPath,
    files: ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"]
  },
  { name: "@book/serve-worker", target: SERVE_WORKER_DIR, files: [SERVE_WORKER_FILE], from: join(checkoutRoot, "packages", "tf", "dist") },
  { name: "@book/parallel-worker", target: PARALLEL_WORKER_DIR, files: [PARALLEL_WORKER_FILE], from: join(checkoutRoot, "packages", "tf", "dist") }
];

/** Copies every asset above to `<siteRoot>/<target>/`. */
export function copyPackageAssets(siteRoot: string): void {
  for (const { name, target, files, from = join(packageRoot(name), "dist") } of ASSETS) {
    const to = join(siteRoot, target);
    mkdirSync(to, { recursive: true });
    for (const file of files) cpSync(join(from, file), join(to, file), { recursive: true });
  }
}
