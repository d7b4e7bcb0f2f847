import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { staleBuild } from "../../bench/stale-build.js";

describe("the bench's check that dist/ is built from the current sources", () => {
  it("refuses a missing build and one older than any source file, accepts a fresh one", () => {
    const root = mkdtempSync(join(tmpdir(), "stale-build-"));
    try {
      mkdirSync(join(root, "components", "nn"), { recursive: true });
      writeFileSync(join(root, "components", "nn", "a.ts"), "");
      assert.match(staleBuild(root) ?? "", /还没有构建/);
      mkdirSync(join(root, "dist"));
      writeFileSync(join(root, "dist", "index.html"), "");
      const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);
      at("dist/index.html", 2_000);
      at("components/nn/a.ts", 1_000);
      assert.equal(staleBuild(root), null);
      // Framework's cache is written during the build, after dist/index.html: not a source.
      mkdirSync(join(root, "components", ".observablehq", "cache"), { recursive: true });
      writeFileSync(join(root, "components", ".observablehq", "cache", "b.js"), "");
      at("components/.observablehq/cache/b.js", 3_000);
      assert.equal(staleBuild(root), null);
      at("components/nn/a.ts", 3_000);
      assert.match(staleBuild(root) ?? "", /比源代码旧（components\/nn\/a\.ts/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
