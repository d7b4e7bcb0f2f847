import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLoopGuard, LoopGuardError } from "../../components/notebook/guard.js";

describe("createLoopGuard", () => {
  it("throws once the thread has been blocked longer than the limit", () => {
    let time = 0;
    const loop = createLoopGuard(3000, () => time);
    try {
      for (let i = 0; i < 10_000; ++i) loop.guard(); // fast loop, clock still: fine
      time = 3001; // no heartbeat ran for 3 s
      assert.throws(() => {
        for (let i = 0; i < 10_000; ++i) loop.guard();
      }, LoopGuardError);
    } finally {
      loop.stop();
    }
  });
  it("does not interrupt a loop that yields to the event loop", async () => {
    const loop = createLoopGuard(200);
    try {
      const start = performance.now();
      while (performance.now() - start < 600) {
        for (let i = 0; i < 100; ++i) loop.guard();
        await new Promise((resolve) => setTimeout(resolve, 10)); // like awaiting each batch
      }
    } finally {
      loop.stop();
    }
  });
  it("does not fire while the page is hidden", () => {
    let time = 0;
    const loop = createLoopGuard(3000, () => time, () => true);
    time = 10_000;
    try {
      for (let i = 0; i < 10_000; ++i) loop.guard();
    } finally {
      loop.stop();
    }
  });
});
