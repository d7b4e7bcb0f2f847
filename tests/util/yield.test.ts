// yieldToPage (components/util/yield.ts): a macrotask break that resolves in order, on one
// MessageChannel for all calls (not one per call), and lets Node exit once nobody waits.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { yieldToPage } from "../../components/util/yield.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("yieldToPage", () => {
  it("lets queued macrotasks run first, resolves concurrent waiters in order, and makes one channel for all calls", async () => {
    const Original = globalThis.MessageChannel;
    let made = 0;
    globalThis.MessageChannel = class extends Original {
      constructor() {
        super();
        made++;
      }
    };
    try {
      const order: string[] = [];
      setTimeout(() => order.push("timer"), 0);
      await new Promise((resolve) => setImmediate(resolve)); // the timer is due
      const waits = [1, 2, 3].map((k) => yieldToPage().then(() => order.push(`yield ${k}`)));
      await Promise.all(waits);
      for (let i = 0; i < 20; i++) await yieldToPage();
      assert.deepEqual(order, ["timer", "yield 1", "yield 2", "yield 3"]);
      assert.ok(made <= 1, `${made} channels for 23 yields`);
    } finally {
      globalThis.MessageChannel = Original;
    }
  });

  it("does not keep a Node process alive after the last yield", () => {
    const script = `const { yieldToPage } = await import(${JSON.stringify(join(root, "components", "util", "yield.ts"))}); for (let i = 0; i < 5; i++) await yieldToPage(); console.log("done");`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, timeout: 20000 }).toString();
    assert.match(out, /done/);
  });
});
