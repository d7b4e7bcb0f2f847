// The teacher guide's nginx configuration (docs/nginx/dlbook.conf), started for real with
// Debian's nginx on the built book: pages and .wasm files are served, with COOP/COEP on both
// and the wasm MIME type. Skipped, saying why, where nginx is not installed.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { root, test } from "./browser.js";

const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => spawnSync(p, ["-v"]).status === 0);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

test.describe("nginx configuration of the teacher guide", () => {
  test("serves pages and .wasm with COOP/COEP and application/wasm", async () => {
    test.skip(!nginx, "nginx is not installed (Debian: apt-get install nginx-light)");
    const dist = join(root, "dist");
    const wasmDir = readdirSync(join(dist, "_node"), { recursive: true }).map(String).find((p) => p.endsWith("tfjs-backend-wasm-simd.wasm"))!;
    assert.ok(wasmDir, "the build has the WASM binaries");
    // Workers run as the test's own user, so the built book is readable wherever the clone lives.
    const work = mkdtempSync(join(tmpdir(), "book-nginx-"));
    const port = await freePort();
    const site = readFileSync(join(root, "docs", "nginx", "dlbook.conf"), "utf8").replace("listen 80;", `listen 127.0.0.1:${port};`).replace("root /srv/dlbook/dist;", `root ${dist};`);
    mkdirSync(join(work, "logs"));
    writeFileSync(
      join(work, "nginx.conf"),
      `user ${userInfo().username};\nworker_processes 1;\npid ${work}/nginx.pid;\nerror_log ${work}/logs/error.log;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  client_body_temp_path ${work}/body;\n  proxy_temp_path ${work}/proxy;\n  fastcgi_temp_path ${work}/fastcgi;\n  uwsgi_temp_path ${work}/uwsgi;\n  scgi_temp_path ${work}/scgi;\n${site}\n}\n`
    );
    const check = spawnSync(nginx!, ["-t", "-p", work, "-c", join(work, "nginx.conf")], { encoding: "utf8" });
    assert.equal(check.status, 0, check.stderr);
    const server = spawn(nginx!, ["-p", work, "-c", join(work, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
    try {
      const base = `http://127.0.0.1:${port}/`;
      let page: Response | undefined;
      for (let i = 0; i < 100 && !page; i++) page = await fetch(base + "ch3-2-cnn.html").catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 100)));
      assert.equal(page!.status, 200);
      assert.match(page!.headers.get("content-type") ?? "", /text\/html/);
      assert.equal(page!.headers.get("cross-origin-opener-policy"), "same-origin");
      assert.equal(page!.headers.get("cross-origin-embedder-policy"), "require-corp");
      const wasm = await fetch(base + "_node/" + wasmDir.split("\\").join("/"));
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers.get("content-type"), "application/wasm");
      assert.equal(wasm.headers.get("cross-origin-embedder-policy"), "require-corp");
      assert.equal((await fetch(base + "no-such-page.html")).status, 404);
      assert.equal((await fetch(base + "ch3-2-cnn")).status, 200, "URLs without .html work too");
    } finally {
      server.kill();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
