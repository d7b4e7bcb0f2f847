// `npm run serve [-- --base /book/ --port 4321]`: serves dist/ under a sub-path, as a static host would.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serveStatic } from "../site/static-server.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { base: { type: "string", default: "/book/" }, port: { type: "string", default: "4321" } } });
const dist = join(root, "dist");
if (!existsSync(join(dist, "index.html"))) {
  console.error("dist/ has no build yet: run `npm run build` first.");
  process.exit(1);
}
const { url } = await serveStatic(dist, { base: values.base, port: Number(values.port) });
console.log(`本书已在 ${url} 提供服务（dist/，静态文件，无 URL 重写）。Ctrl+C 停止。`);
