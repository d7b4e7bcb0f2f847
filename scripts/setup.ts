// Prepares a checkout for the dev server and the build. Idempotent and fast when nothing changed.
//  1. src/components → ../components and src/data → ../data, so pages import the library as
//     ./components/… and data loaders in data/ serve files at ./data/…
//  2. packages/*/dist/browser.js: tfjs (core, layers, CPU and WASM backends) and sucrase
//     pre-bundled with esbuild; the WebGPU and WebGL backends as chunks of their own that a
//     page imports only when it picks or probes them (packages/tf/dist/webgpu.js, webgl.js).
//  3. KaTeX's CSS and fonts and tfjs's .wasm files where the preview server serves them.
//  4. cached data-loader outputs older than their loader are dropped (site/stale-loader-output.ts).
//  5. patches/: Framework's client exports `undefine` and `main` besides `define` (the notebook
//     engine reruns edited cells with them; components/notebook/framework-client.ts), applied
//     by patch-package, which refuses a patch that no longer fits the installed version.
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { build, type Plugin } from "esbuild";
import { copyPackageAssets, wasmAssetPath } from "../site/package-assets.js";
import { SERVE_WORKER_FILE } from "../components/serving/worker-path.js";
import { PARALLEL_WORKER_FILE } from "../components/parallel/worker-path.js";
import { dropStaleLoaderOutputs } from "../site/stale-loader-output.js";

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

/** The modules of packages/tf that its bundles are made of (besides components/). */
const TF_PACKAGE_MODULES = ["api.js", "worker-api.js", "browser-entry.js", "shared-core.js", "cpu-entry.js", "webgl-entry.js", "webgpu-entry.js"].map((file) => join("packages", "tf", file));

/** Inside a bundle, "@book/tf" is the bundle's own tfjs: packages/tf/<api> (api.js in the main
 * bundle, worker-api.js in the workers). In the main bundle "@book/tf/cpu", "@book/tf/webgpu",
 * "@book/tf/webgl" (the backend chunks) stay dynamic imports. */
function bookTfInside(api = "api.js"): Plugin {
  return {
    name: "book-tf-inside",
    setup(build) {
      build.onResolve({ filter: /^@book\/tf$/ }, () => ({ path: join(root, "packages", "tf", api) }));
      build.onResolve({ filter: /^@book\/tf\/(cpu|webgpu|webgl)$/ }, (args) => ({ path: args.path, external: true }));
    }
  };
}

/** The names a module exports, as esbuild sees its browser build. */
async function exportsOf(specifier: string): Promise<string[]> {
  const result = await build({ stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: root }, bundle: true, format: "esm", platform: "browser", write: false, metafile: true, logLevel: "silent", outfile: "exports.js" });
  return Object.values(result.metafile.outputs)[0].exports.filter((name) => name !== "default");
}

/** In a backend chunk: tfjs-core is the page's own, read from what the main bundle shared
 * (packages/tf/shared-core.js), never a second copy. */
function pageTfjsCore(): Plugin {
  return {
    name: "page-tfjs-core",
    setup(build) {
      build.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, (args) => ({ path: args.path, namespace: "page-tfjs-core" }));
      build.onLoad({ filter: /.*/, namespace: "page-tfjs-core" }, async () => {
        const names = await exportsOf("@tensorflow/tfjs-core");
        return {
          resolveDir: root,
          contents: [
            `import { TFJS_CORE_KEY } from ${JSON.stringify(join(root, "packages", "tf", "shared-core.js"))};`,
            `const core = globalThis[TFJS_CORE_KEY];`,
            `if (!core) throw new Error("@book/tf: a backend chunk was loaded before the main bundle");`,
            `export const { ${names.join(", ")} } = core;`
          ].join("\n")
        };
      });
    }
  };
}

/** Packages under packages/ whose browser entry is pre-bundled into one ES module:
 * Framework's own rollup bundling breaks their CommonJS dependencies. */
const PREBUNDLED: {
  dir: string;
  name: string;
  deps: string[];
  sources?: string[];
  define?: Record<string, string>;
  alias?: Record<string, string>;
  plugins?: Plugin[];
  /** Defaults: packages/<dir>/browser-entry.js → dist/browser.js as an ES module. */
  entry?: string;
  outFile?: string;
  format?: "esm" | "iife";
}[] = [
  {
    dir: "tf",
    name: "@book/tf",
    deps: ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"],
    // The bundle includes book modules (backend choice, kernels, the speed probe's model
    // builders): any change under components/ rebuilds it and changes its build id, so
    // speeds measured with another build are not reused (components/backend/speed.ts).
    sources: [...listFiles("components"), ...TF_PACKAGE_MODULES],
    define: { __BOOK_WASM_PATH__: JSON.stringify(wasmAssetPath) },
    // Book modules import "@book/tf": inside the bundle, the bundle's own tfjs (api.js). The
    // GPU backends' chunks stay imports that Framework resolves and serves next to it.
    plugins: [bookTfInside()]
  },
  ...(["cpu", "webgpu", "webgl"] as const).map((backend) => ({
    dir: "tf",
    name: "@book/tf",
    deps: ["@tensorflow/tfjs", `@tensorflow/tfjs-backend-${backend}`],
    sources: [...listFiles("components/backend"), ...TF_PACKAGE_MODULES],
    entry: `packages/tf/${backend}-entry.js`,
    outFile: `${backend}.js`,
    plugins: [pageTfjsCore()]
  })),
  { dir: "sucrase", name: "@book/sucrase", deps: ["sucrase"] },
  // 第7章's inference server runs in a Web Worker: tfjs (WASM and CPU backends) plus the
  // server's modules, one classic script that site/package-assets.ts serves at SERVE_WORKER_PATH.
  {
    dir: "tf",
    name: "@book/serve-worker",
    deps: ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"],
    sources: [...listFiles("components/serving"), ...listFiles("components/workers"), ...TF_PACKAGE_MODULES],
    define: { __BOOK_WASM_PATH__: JSON.stringify(wasmAssetPath) },
    plugins: [bookTfInside("worker-api.js")],
    entry: "components/serving/worker-entry.ts",
    outFile: SERVE_WORKER_FILE,
    format: "iife"
  },
  // 5.1's data-, pipeline- and tensor-parallel workers: tfjs (WASM and CPU) plus the workers'
  // modules, served at PARALLEL_WORKER_PATH.
  {
    dir: "tf",
    name: "@book/parallel-worker",
    deps: ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"],
    sources: [...listFiles("components/parallel"), ...listFiles("components/workers"), ...TF_PACKAGE_MODULES],
    define: { __BOOK_WASM_PATH__: JSON.stringify(wasmAssetPath) },
    plugins: [bookTfInside("worker-api.js")],
    entry: "components/parallel/worker-entry.ts",
    outFile: PARALLEL_WORKER_FILE,
    format: "iife"
  }
];

export async function bundlePackages(): Promise<void> {
  for (const { dir, name, deps, sources = [], define = {}, alias, plugins, entry, outFile = "browser.js", format = "esm" } of PREBUNDLED) {
    const pkg = join(root, "packages", dir);
    const entryPoint = entry ? join(root, entry) : join(pkg, "browser-entry.js");
    const out = join(pkg, "dist", outFile);
    const stampFile = join(pkg, "dist", outFile === "browser.js" ? "stamp.json" : `${outFile}.stamp.json`);
    const hash = createHash("sha256");
    hash.update(JSON.stringify({ deps: deps.map(versionOf), define, alias }));
    hash.update(readFileSync(entryPoint));
    for (const file of sources) hash.update(file).update(readFileSync(join(root, file)));
    const buildId = hash.digest("hex").slice(0, 12);
    const stamp = JSON.stringify({ build: buildId });
    if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) continue;
    const start = performance.now();
    const result = await build({
      entryPoints: [entryPoint],
      outfile: out,
      bundle: true,
      format,
      platform: "browser",
      target: "es2022",
      minify: true,
      legalComments: "none",
      define: { "process.env.NODE_ENV": '"production"', __BOOK_BUILD__: JSON.stringify(buildId), ...define },
      alias,
      plugins,
      metafile: true,
      logLevel: "warning"
    });
    // What each package adds to the output: bench/bundle-breakdown.ts reads it.
    writeFileSync(`${out}.meta.json`, JSON.stringify(result.metafile));
    writeFileSync(stampFile, stamp);
    // Framework caches node imports by package version: drop the stale copy.
    dropCachedBundles(name);
    console.log(`bundled ${name} → packages/${dir}/dist/${outFile} in ${Math.round(performance.now() - start)} ms`);
  }
}

function dropCachedBundles(name: string): void {
  const [scope, base] = name.split("/");
  const dir = join(root, "src", ".observablehq", "cache", "_node", scope);
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) if (entry.startsWith(`${base}@`)) rmSync(join(dir, entry), { recursive: true, force: true });
}

/** Every file under `folder` (relative to the root), sorted. */
function listFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  walk(folder);
  return out.sort();
}

function versionOf(name: string): string {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
}

/** Applies patches/ (idempotent); stops the setup with patch-package's own explanation if one does not apply. */
export function applyPatches(): void {
  const result = spawnSync(process.execPath, [join(root, "node_modules", "patch-package", "index.js"), "--error-on-fail", "--error-on-warn"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    console.error(result.stdout + result.stderr);
    throw new Error("patches/ 中的补丁无法应用到已安装的 @observablehq/framework（版本变了？）：见上面 patch-package 的说明，并核对 components/notebook/framework-client.ts");
  }
}

export async function setup(): Promise<void> {
  applyPatches();
  linkIntoSource("components");
  linkIntoSource("data");
  await bundlePackages();
  // Framework keeps its cache under the source root.
  const cache = join(root, "src", ".observablehq", "cache");
  mkdirSync(cache, { recursive: true });
  copyPackageAssets(cache);
  for (const name of dropStaleLoaderOutputs(join(cache, "data"), join(root, "data"))) console.log(`data/${name}: its loader changed, it will be generated again`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await setup();
}
