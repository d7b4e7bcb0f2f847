// A plain static file server for dist/ under a sub-path (default /book/), with no URL
// rewriting: what a school intranet or GitHub Pages does. Used by `npm run serve`, the
// end-to-end tests and the benchmark.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8"
};

/** `relative` resolved under `folder`, or null when it would leave the folder. */
function inside(folder: string, relative: string): string | null {
  const path = normalize(join(folder, relative));
  return path.startsWith(normalize(folder + sep)) ? path : null;
}

export interface StaticServer {
  server: Server;
  url: string; // e.g. http://127.0.0.1:4321/book/
  close(): Promise<void>;
}

/** Cross-origin isolation: SharedArrayBuffer becomes available, so tfjs's WASM backend can
 * run XNNPACK on several threads. Safe for this site: it loads nothing from other origins. */
export const ISOLATION_HEADERS = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

/** `overlays`: folders whose files are served where `root` has none (the benchmark's pages,
 * site/bench-pages.ts), so the published folder itself stays free of them. */
export async function serveStatic(
  root: string,
  { base = "/book/", port = 0, host = "127.0.0.1", isolate = true, overlays = [] as string[] } = {}
): Promise<StaticServer> {
  if (!base.startsWith("/") || !base.endsWith("/")) throw new Error(`base must start and end with "/": ${base}`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (pathname === base.slice(0, -1)) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!pathname.startsWith(base)) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`not under ${base}`);
      return;
    }
    const relative = pathname.slice(base.length);
    let file = normalize(join(root, relative));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) file = overlays.map((folder) => inside(folder, relative)).find((path) => path && existsSync(path) && statSync(path).isFile()) ?? file;
    if (!existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-cache", ...(isolate ? ISOLATION_HEADERS : {}) });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${actual}${base}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}
