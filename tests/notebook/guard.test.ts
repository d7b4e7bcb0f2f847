import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLoopGuard, LoopGuardError, MAX_STRIDE } from "../../components/notebook/guard.js";

describe("createLoopGuard", () => {
  it("throws once the thread has been blocked longer than the limit", () => {
    let time = 0;
    const loop = createLoopGuard(3000, () => time);
    const check = loop.checker();
    try {
      for (let i = 0; i < 10_000; ++i) check(); // fast loop, clock still: fine
      time = 3001; // no heartbeat ran for 3 s
      assert.throws(() => {
        for (let i = 0; i < 10_000; ++i) check();
      }, LoopGuardError);
    } finally {
      loop.stop();
    }
  });
  it("does not interrupt a loop that yields to the event loop", async () => {
    const loop = createLoopGuard(200);
    const check = loop.checker();
    try {
      const start = performance.now();
      while (performance.now() - start < 600) {
        for (let i = 0; i < 100; ++i) check();
        await new Promise((resolve) => setTimeout(resolve, 10)); // like awaiting each batch
      }
    } finally {
      loop.stop();
    }
  });
  it("does not fire while the page is hidden", () => {
    let time = 0;
    const loop = createLoopGuard(3000, () => time, () => true);
    const check = loop.checker();
    time = 10_000;
    try {
      for (let i = 0; i < 10_000; ++i) check();
    } finally {
      loop.stop();
    }
  });
});

describe("createLoopGuard on heavy loop bodies", () => {
  it("reads the clock at every pass while passes are slow, so a heavy body is stopped on time", () => {
    let time = 0;
    const loop = createLoopGuard(3000, () => time);
    const check = loop.checker();
    try {
      let passes = 0;
      assert.throws(() => {
        for (;;) {
          time += 600; // each pass costs 0.6 s
          passes++;
          check();
        }
      }, LoopGuardError);
      assert.ok(passes <= 6, `stopped after ${passes} passes (≤ 3.6 s), not after 64`);
    } finally {
      loop.stop();
    }
  });
  it("reads the clock at most every MAX_STRIDE passes in a tight loop", () => {
    let reads = 0;
    const loop = createLoopGuard(3000, () => (reads++, 0));
    const check = loop.checker();
    try {
      for (let i = 0; i < 100_000; ++i) check();
      assert.ok(reads < 100_000 / MAX_STRIDE + 20, `${reads} clock reads`);
    } finally {
      loop.stop();
    }
  });
  it("a tight loop in one run does not make another run's heavy loop skip its first checks", () => {
    // The CI failure this pins: a fast loop elsewhere on the page had doubled a shared stride,
    // so a heavy loop's first back-edges were not checked and it ran a pass past its budget.
    let time = 0;
    const loop = createLoopGuard(3000, () => time);
    try {
      const other = loop.checker();
      for (let i = 0; i < 10_000; ++i) other(); // clock still: the other run's stride is at its maximum
      loop.reset();
      const check = loop.checker();
      time += 3500; // the first pass of a heavy loop already exceeds the budget
      assert.throws(() => check(), LoopGuardError);
    } finally {
      loop.stop();
    }
  });
  it("tells the reader what to add to a training loop", () => {
    assert.match(new LoopGuardError(3000).message, /await tf\.nextFrame\(\)/);
  });
});
