// Letting the page breathe inside long loops (training, sampling): used by nn/ and train/ alike.

/** A macrotask break: the browser may paint and handle input. Unlike tf.nextFrame it does
 * not wait for the next animation frame (up to 16 ms a batch, 15% of a WASM CNN batch). */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === "undefined") return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
