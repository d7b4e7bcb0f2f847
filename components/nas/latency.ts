// Measured inference latency (5.3 and 5.4 节): the median over repeats of one predict() on a
// batch, read back with await (the only way to know the backend has finished the work).

/** Median milliseconds of `model.predict(input)` over `repeats` runs, after `warmup` runs. */
export async function measureLatency(model: { predict(x: import("@book/tf").Tensor): unknown }, input: import("@book/tf").Tensor, { repeats = 5, warmup = 1 } = {}): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const start = performance.now();
    const output = model.predict(input) as import("@book/tf").Tensor;
    await output.data();
    output.dispose();
    if (i >= warmup) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}
