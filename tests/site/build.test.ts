import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { runFramework } from "../../site/framework.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

describe("framework build", () => {
  it("fails on a malformed formula, naming the page's file and the formula", () => {
    const cwd = join(fixtures, "bad-formula");
    const result = runFramework(["build", "--config", "observablehq.config.ts"], cwd, true);
    rmSync(join(cwd, "dist"), { recursive: true, force: true });
    rmSync(join(cwd, "src", ".observablehq"), { recursive: true, force: true });
    assert.notEqual(result.status, 0);
    const output = result.stdout + result.stderr;
    assert.match(output, /src\/index\.md/);
    assert.match(output, /\\frac\{1\}\{x/);
  });
});
