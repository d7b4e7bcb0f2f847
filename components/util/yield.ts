// Letting the page breathe inside long loops (training, sampling): used by nn/ and train/ alike.

type Port = MessagePort & { ref?(): void; unref?(): void };

/** One channel for every yield: creating a MessageChannel per call cost ~20–35 µs of CPU in
 * Node (a pair of ports, then their teardown), ~0.5% of an LSTM training step that yields after
 * every batch; posting on a kept channel costs ~1–3 µs. Waiters resolve in order, one per message. */
let channel: { port1: Port; port2: MessagePort } | null = null;
const waiting: (() => void)[] = [];

function sharedChannel(): { port1: Port; port2: MessagePort } {
  if (channel) return channel;
  const made = new MessageChannel() as { port1: Port; port2: MessagePort };
  made.port1.onmessage = () => {
    const resolve = waiting.shift();
    // Node: a listening port keeps the process alive; only while someone waits on it.
    if (!waiting.length) made.port1.unref?.();
    resolve?.();
  };
  channel = made;
  return made;
}

/** A macrotask break: the browser may paint and handle input. Unlike tf.nextFrame it does
 * not wait for the next animation frame (up to 16 ms a batch, 15% of a WASM CNN batch). */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === "undefined") return new Promise((resolve) => setTimeout(resolve, 0));
  const { port1, port2 } = sharedChannel();
  return new Promise((resolve) => {
    waiting.push(resolve);
    port1.ref?.();
    port2.postMessage(null);
  });
}
