// A timer turn for the page every ~100 ms of compression work. On WASM, data() resolves at
// once, and a MessageChannel yield (train/loop.ts) can keep the page's own timers waiting
// while several cells run together; the notebook's loop guard (notebook/guard.ts) listens
// to a timer heartbeat, so long sweeps let a timer run now and then.
let last = 0;

export async function breathe(every = 100): Promise<void> {
  const now = performance.now();
  if (now - last < every) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
  last = performance.now();
}
