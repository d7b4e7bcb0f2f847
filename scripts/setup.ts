// Prepares a checkout for the dev server and the build. Idempotent and fast when nothing changed.
//  1. src/components → ../components and src/data → ../data, so pages import the library as
//     ./components/… and data loaders in data/ serve files at ./data/…
//  2. packages/tf/dist/tf.browser.js: tfjs + the WebGPU backend pre-bundled with esbuild.
//  3. KaTeX's CSS and fonts where the preview server serves them.
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { copyKatexAssets } from "../site/katex-assets.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function linkIntoSource(folder: string): void {
  const link = join(root, "src", folder);
  if (existsSync(link) || isDanglingLink(link)) return;
  // A junction needs no privileges on Windows; elsewhere the type is ignored.
  symlinkSync(process.platform === "win32" ? join(root, folder) : `../${folder}`, link, "junction");
  console.log(`linked src/${folder} → ${folder}/`);
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export async function bundleTf(): Promise<void> {
  const pkg = join(root, "packages", "tf");
  const out = join(pkg, "dist", "tf.browser.js");
  const stampFile = join(pkg, "dist", "stamp.json");
  const stamp = JSON.stringify({
    tfjs: versionOf("@tensorflow/tfjs"),
    webgpu: versionOf("@tensorflow/tfjs-backend-webgpu"),
    entry: readFileSync(join(pkg, "browser-entry.js"), "utf8")
  });
  if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  const start = performance.now();
  await build({
    entryPoints: [join(pkg, "browser-entry.js")],
    outfile: out,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning"
  });
  writeFileSync(stampFile, stamp);
  // Framework caches node imports by package version: drop the stale copy.
  rmSync(join(root, "src", ".observablehq", "cache", "_node", "@book"), { recursive: true, force: true });
  console.log(`bundled tfjs → packages/tf/dist/tf.browser.js in ${Math.round(performance.now() - start)} ms`);
}

function versionOf(name: string): string {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
}

export async function setup(): Promise<void> {
  linkIntoSource("components");
  linkIntoSource("data");
  await bundleTf();
  // Framework keeps its cache under the source root.
  const cache = join(root, "src", ".observablehq", "cache");
  mkdirSync(cache, { recursive: true });
  copyKatexAssets(cache);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await setup();
}
