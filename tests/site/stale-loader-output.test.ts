// dropStaleLoaderOutputs: an output older than its loader goes, a fresh one and a file
// without a loader stay.
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { dropStaleLoaderOutputs } from "../../site/stale-loader-output.js";

describe("dropStaleLoaderOutputs", () => {
  it("drops only outputs older than their loader", () => {
    const dir = mkdtempSync(join(tmpdir(), "stale-"));
    const [cache, loaders] = [join(dir, "cache"), join(dir, "data")];
    mkdirSync(cache);
    mkdirSync(loaders);
    const write = (path: string, seconds: number) => {
      writeFileSync(path, "x");
      utimesSync(path, seconds, seconds);
    };
    write(join(loaders, "mails.json.ts"), 2_000);
    write(join(cache, "mails.json"), 1_000); // older than its loader
    write(join(loaders, "names.json.ts"), 1_000);
    write(join(cache, "names.json"), 2_000); // fresh
    write(join(cache, "orphan.bin"), 1); // no loader
    assert.deepEqual(dropStaleLoaderOutputs(cache, loaders), ["mails.json"]);
    assert.equal(existsSync(join(cache, "mails.json")), false);
    assert.equal(existsSync(join(cache, "names.json")), true);
    assert.equal(existsSync(join(cache, "orphan.bin")), true);
    assert.deepEqual(dropStaleLoaderOutputs(join(dir, "missing"), loaders), []);
  });
});
