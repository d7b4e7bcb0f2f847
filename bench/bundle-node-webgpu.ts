// `npx tsx bench/bundle-node-webgpu.ts DIR`: the node-webgpu lane as a folder that runs on a
// Linux x86-64 host with a Vulkan driver and nothing else (a GPU host may have no Node):
//   bench.mjs                bench/node-webgpu-main.ts and the book's library, bundled by esbuild
//   dawn.node.xz, node.xz    Dawn's Node binding (npm `webgpu`) and this Node binary, xz-packed
//   mnist.bin, names.json    the book's data, as its data loaders make it
//   pytorch_reference.py     the PyTorch reference (used where python3 has torch)
//   run.sh                   unpacks (xz, else python3's lzma) and runs: ./run.sh --out r.json …
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? "");
if (!process.argv[2]) throw new Error("usage: tsx bench/bundle-node-webgpu.ts DIR");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, "bench", "node-webgpu-main.ts")],
  outfile: join(out, "bench.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["webgpu"],
  // tfjs is CommonJS: give the ES module a require for Node's own modules.
  banner: { js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);' },
  logLevel: "warning"
});

const dawn = join(dirname(createRequire(import.meta.url).resolve("webgpu/package.json")), "dist", `${process.platform}-${process.arch}`, "dawn.node");
// Packing Node takes minutes: an archive newer than its source is kept.
const pack = (from: string, name: string) => {
  const to = join(out, name);
  if (existsSync(to) && statSync(to).mtimeMs > statSync(from).mtimeMs) return;
  writeFileSync(to, execFileSync("xz", ["-9", "-T0", "-c", from], { maxBuffer: 256 << 20 }));
};
pack(dawn, "dawn.node.xz");
pack(process.execPath, "node.xz");
const loader = (file: string, encoding?: "utf8") => execFileSync(process.execPath, ["--import", "tsx", join(root, "data", file)], { cwd: root, maxBuffer: 64 << 20, encoding });
writeFileSync(join(out, "mnist.bin"), loader("mnist.bin.ts"));
writeFileSync(join(out, "names.json"), loader("names.json.ts", "utf8"));
copyFileSync(join(root, "bench", "pytorch_reference.py"), join(out, "pytorch_reference.py"));
writeFileSync(
  join(out, "run.sh"),
  `#!/bin/sh
# The node-webgpu lane (bench/bundle-node-webgpu.ts made this folder). Usage: ./run.sh --out r.json [options]
set -e
cd "$(dirname "$0")"
for f in node dawn.node; do
  if [ ! -e "$f" ]; then
    if command -v xz >/dev/null; then xz -dc "$f.xz" > "$f"
    else python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], 'wb'))" "$f.xz" "$f"; fi
  fi
done
chmod +x node
exec ./node bench.mjs --dawn ./dawn.node --data . "$@"
`
);
chmodSync(join(out, "run.sh"), 0o755);
console.log(execFileSync("du", ["-sh", "--apparent-size", out], { encoding: "utf8" }).trim());
