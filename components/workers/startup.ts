// What the book's Web Workers (第7章's inference server, 5.1's training devices) share: the
// start-up handshake seen from the page, and tfjs's start inside the worker.

/** The first message every book worker sends: its tfjs backend, or why tfjs did not start. */
export type WorkerStartMessage = { type: "ready"; backend: string } | { type: "failed"; message: string };

/** Resolves with the worker's backend once it says "ready"; rejects with a Chinese message if
 * the script fails to load, tfjs fails to start, or nothing comes within `timeoutMs`. */
export function workerReady(worker: Worker, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Web Worker ${timeoutMs / 1000} 秒内没有启动`)), timeoutMs);
    worker.onerror = (event) => {
      clearTimeout(timer);
      event.preventDefault();
      reject(new Error(`Web Worker 无法启动（${event.message || "脚本加载失败"}）`));
    };
    worker.onmessage = (event: MessageEvent<WorkerStartMessage | { type: string }>) => {
      clearTimeout(timer);
      const data = event.data as WorkerStartMessage;
      if (data.type === "ready") resolve(data.backend);
      else if (data.type === "failed") reject(new Error(`Web Worker 里的 tfjs 无法启动（${data.message}）`));
    };
  });
}
