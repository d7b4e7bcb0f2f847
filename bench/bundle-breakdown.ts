// `npx tsx bench/bundle-breakdown.ts`: what each package adds to the pre-bundled files of
// packages/*/dist (esbuild's metafile, written by scripts/setup.ts), uncompressed and gzipped.
// The gzipped size of each file is measured; a package's share of it is estimated in
// proportion to its uncompressed bytes.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** "node_modules/@tensorflow/tfjs-core/dist/ops/add.js" → "@tensorflow/tfjs-core"; book files by folder. */
export function packageOf(input: string): string {
  const inModules = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inModules) return inModules[1];
  const parts = input.replace(/^.*?(components|packages)\//, "$1/").split("/");
  return parts.slice(0, 2).join("/");
}

export function breakdown(meta: Metafile): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (!bytesInOutput) continue;
      const name = packageOf(input);
      bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  for (const pkg of readdirSync(join(root, "packages"))) {
    const dist = join(root, "packages", pkg, "dist");
    if (!existsSync(dist)) continue;
    for (const file of readdirSync(dist).filter((f) => f.endsWith(".js") && existsSync(join(dist, `${f}.meta.json`)))) {
      const code = readFileSync(join(dist, file));
      const gzip = gzipSync(code).length;
      console.log(`\npackages/${pkg}/dist/${basename(file)}: ${kb(code.length)}, ${kb(gzip)} gzipped`);
      const parts = [...breakdown(JSON.parse(readFileSync(join(dist, `${file}.meta.json`), "utf8"))).entries()].sort((a, b) => b[1] - a[1]);
      for (const [name, bytes] of parts) if (bytes >= 512) console.log(`  ${name.padEnd(40)} ${kb(bytes).padStart(10)}  ~${kb((bytes / code.length) * gzip)} gzipped`);
    }
  }
}
