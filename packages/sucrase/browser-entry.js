// Browser entry, bundled by scripts/setup.ts with esbuild into dist/browser.js.
export { transform } from "sucrase";
