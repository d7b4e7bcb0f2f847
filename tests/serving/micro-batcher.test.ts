// Micro-batching: a batch goes when maxBatch requests wait or the oldest has waited
// maxWaitMs; one batch at a time; each request gets its own result; a full queue refuses.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MicroBatcher, checkBatcherOptions, type BatchRecord, type Clock } from "../../components/serving/micro-batcher.js";
import { BoundedQueue, QueueFullError } from "../../components/serving/queue.js";

/** A clock that only moves when the test says so. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id))
  };
  const advance = async (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => t.at <= now)) {
      timers = timers.filter((u) => u !== t);
      t.fn();
    }
    await flushMicrotasks();
  };
  return { clock, advance, pending: () => timers.length };
}

const flushMicrotasks = () => new Promise((r) => setImmediate(r));

describe("BoundedQueue", () => {
  it("is first in, first out and refuses past its limit with a Chinese message", () => {
    const q = new BoundedQueue<number>(3);
    q.push(1);
    q.push(2);
    q.push(3);
    assert.throws(() => q.push(4), (e: Error) => e instanceof QueueFullError && /服务器繁忙/.test(e.message));
    assert.deepEqual(q.take(2), [1, 2]);
    q.push(4);
    assert.equal(q.peek(), 3);
    assert.deepEqual(q.take(10), [3, 4]);
    assert.equal(q.size, 0);
  });
});

describe("MicroBatcher", () => {
  it("sends a full batch at once and a partial one after maxWaitMs", async () => {
    const { clock, advance } = fakeClock();
    const batches: number[][] = [];
    const records: BatchRecord[] = [];
    const batcher = new MicroBatcher<number, number>(async (xs) => (batches.push(xs), xs.map((x) => x * 10)), { maxBatch: 3, maxWaitMs: 5 }, clock, (r) => records.push(r));
    const answers = [1, 2, 3, 4].map((x) => batcher.submit(x));
    await flushMicrotasks();
    assert.deepEqual(batches, [[1, 2, 3]], "three waiting: sent without waiting");
    await advance(4);
    assert.deepEqual(batches, [[1, 2, 3]], "the fourth has waited 4 ms < 5 ms");
    await advance(1);
    assert.deepEqual(batches, [[1, 2, 3], [4]]);
    assert.deepEqual(await Promise.all(answers), [10, 20, 30, 40]);
    assert.deepEqual(records.map((r) => r.size), [3, 1]);
    assert.equal(records[1].waitedMs, 5);
  });

  it("with maxBatch 1 runs every request alone", async () => {
    const { clock } = fakeClock();
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number, number>(async (xs) => (sizes.push(xs.length), xs), { maxBatch: 1, maxWaitMs: 50 }, clock);
    await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit(x)));
    assert.deepEqual(sizes, [1, 1, 1, 1, 1]);
  });

  it("runs one batch at a time; what arrives meanwhile forms the next batch", async () => {
    const { clock } = fakeClock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      async (xs) => {
        batches.push(xs);
        if (batches.length === 1) await gate;
        return xs;
      },
      { maxBatch: 2, maxWaitMs: 0 },
      clock
    );
    const first = batcher.submit(1);
    await flushMicrotasks();
    const rest = [2, 3, 4].map((x) => batcher.submit(x));
    await flushMicrotasks();
    assert.deepEqual(batches, [[1]], "busy: nothing else starts");
    assert.equal(batcher.waiting, 3);
    release();
    await Promise.all([first, ...rest]);
    assert.deepEqual(batches, [[1], [2, 3], [4]]);
  });

  it("a failing batch rejects its own requests only", async () => {
    const { clock } = fakeClock();
    const batcher = new MicroBatcher<number, number>(async (xs) => {
      if (xs.includes(2)) throw new Error("坏批");
      return xs;
    }, { maxBatch: 2, maxWaitMs: 0 }, clock);
    const results = await Promise.allSettled([1, 2, 3].map((x) => batcher.submit(x)));
    // [1] runs alone (nothing else waits yet), then [2, 3] together: both fail, 1 does not.
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "rejected"]);
    assert.equal(((results[1] as PromiseRejectedResult).reason as Error).message, "坏批");
  });

  it("refuses past maxQueue and drains with the given error", async () => {
    const { clock } = fakeClock();
    const batcher = new MicroBatcher<number, number>(() => new Promise(() => undefined), { maxBatch: 1, maxWaitMs: 0, maxQueue: 2 }, clock);
    void batcher.submit(0); // runs forever: the batcher is busy from here on
    await flushMicrotasks();
    const waiting = [batcher.submit(1), batcher.submit(2)];
    await assert.rejects(batcher.submit(3), QueueFullError);
    batcher.drain(new Error("下线"));
    for (const w of waiting) await assert.rejects(w, /下线/);
  });

  it("checks the reader's settings", () => {
    assert.throws(() => checkBatcherOptions({ maxBatch: 0, maxWaitMs: 1 }), /最大批大小/);
    assert.throws(() => checkBatcherOptions({ maxBatch: 2.5, maxWaitMs: 1 }), /最大批大小/);
    assert.throws(() => checkBatcherOptions({ maxBatch: 4, maxWaitMs: -1 }), /最长等待/);
    assert.throws(() => checkBatcherOptions({ maxBatch: 4, maxWaitMs: 1, maxQueue: 2 }), /队列上限/);
  });
});
