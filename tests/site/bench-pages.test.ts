import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { BENCH_PATHS, benchFolderFor, moveBenchPages } from "../../site/bench-pages.js";
import { serveStatic } from "../../site/static-server.js";

function fakeBuild(): { base: string; output: string } {
  const base = mkdtempSync(join(tmpdir(), "bench-pages-"));
  const output = join(base, "dist");
  for (const path of ["index.html", "bench.html", "bench-cell.html", "_import/components/bench/throughput.1234.js", "_import/components/data/mnist.5678.js"]) {
    mkdirSync(dirname(join(output, path)), { recursive: true });
    writeFileSync(join(output, path), path);
  }
  return { base, output };
}

describe("the benchmark's pages are kept out of the published book", () => {
  it("moves bench pages and the harness to <output>-bench and leaves the book's files", () => {
    const { base, output } = fakeBuild();
    const target = moveBenchPages(output);
    assert.equal(target, benchFolderFor(output));
    for (const path of BENCH_PATHS) {
      assert.ok(!existsSync(join(output, path)), `${path} left in the book`);
      assert.ok(existsSync(join(target, path)), `${path} moved`);
    }
    assert.equal(readFileSync(join(target, "_import/components/bench/throughput.1234.js"), "utf8"), "_import/components/bench/throughput.1234.js");
    assert.ok(existsSync(join(output, "index.html")) && existsSync(join(output, "_import/components/data/mnist.5678.js")));
    rmSync(base, { recursive: true, force: true });
  });

  it("fails loudly when the build has no bench page", () => {
    const { base, output } = fakeBuild();
    rmSync(join(output, "bench.html"));
    assert.throws(() => moveBenchPages(output), /bench\.html/);
    rmSync(base, { recursive: true, force: true });
  });

  it("the server lays the bench folder over the book, the book's files first, nothing outside either", async () => {
    const { base, output } = fakeBuild();
    writeFileSync(join(base, "secret.txt"), "no");
    const overlay = moveBenchPages(output);
    writeFileSync(join(overlay, "index.html"), "overlay's index");
    const plain = await serveStatic(output);
    const layered = await serveStatic(output, { overlays: [overlay] });
    try {
      assert.equal((await fetch(plain.url + "bench.html")).status, 404);
      const bench = await fetch(layered.url + "bench.html");
      assert.equal(bench.status, 200);
      assert.equal(await bench.text(), "bench.html");
      assert.equal(await (await fetch(layered.url + "index.html")).text(), "index.html");
      assert.equal((await fetch(layered.url + "..%2Fsecret.txt")).status, 403);
      assert.equal((await fetch(layered.url + "_import/components/bench/../../../../secret.txt")).status, 404);
    } finally {
      await plain.close();
      await layered.close();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
