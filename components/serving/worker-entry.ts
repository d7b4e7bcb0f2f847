// The inference server's Web Worker (第7章 7.2), bundled by scripts/setup.ts into
// packages/tf/dist/serve-worker.js and served by the site at SERVE_WORKER_PATH. It runs
// tfjs on the WASM backend (no DOM, no WebGL needed), loading the .wasm files from the
// site itself; the CPU backend if WASM cannot start.
import type { FromServer, ToServer } from "./protocol.js";
import { ServerCore } from "./server-core.js";
import { tfExecutor } from "./tf-executor.js";
import { startWorkerTf } from "../workers/worker-tf.js";

declare const self: { postMessage(message: unknown, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent) => void) | null };

const post = (message: FromServer, transfer: Transferable[] = []) => self.postMessage(message, transfer);

async function start(): Promise<void> {
  const backend = await startWorkerTf();
  const core = new ServerCore(tfExecutor(), post);
  self.onmessage = (event: MessageEvent<ToServer>) => void core.handle(event.data);
  post({ type: "ready", backend });
}

start().catch((error: Error) => post({ type: "failed", message: error.message }));
