// KaTeX's stylesheet and fonts, served by the site itself (no CDN).
// They live at `_node/katex@VERSION/dist/` in both servers: the preview server serves
// `/_node/*` from `src/.observablehq/cache/_node/`, and `scripts/build.ts` copies the same
// files into `dist/_node/`. Pages link the stylesheet relatively (every page is top-level),
// so the site works under any sub-path.
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const katexRoot = dirname(require.resolve("katex/package.json"));
export const katexVersion: string = JSON.parse(readFileSync(join(katexRoot, "package.json"), "utf8")).version;

/** Site-relative folder of KaTeX's CSS and fonts. */
export const katexAssetPath = `_node/katex@${katexVersion}/dist`;

/** Copies katex.min.css and its fonts to `<siteRoot>/<katexAssetPath>/`. */
export function copyKatexAssets(siteRoot: string): void {
  const target = join(siteRoot, katexAssetPath);
  mkdirSync(join(target, "fonts"), { recursive: true });
  cpSync(join(katexRoot, "dist", "katex.min.css"), join(target, "katex.min.css"));
  cpSync(join(katexRoot, "dist", "fonts"), join(target, "fonts"), { recursive: true });
}
