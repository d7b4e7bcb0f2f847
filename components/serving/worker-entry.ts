// The inference server's Web Worker (第7章 7.2), bundled by scripts/setup.ts into
// packages/tf/dist/serve-worker.js and served by the site at SERVE_WORKER_PATH. It runs
// tfjs on the WASM backend (no DOM, no WebGL needed), loading the .wasm files from the
// site itself; the CPU backend if WASM cannot start.
import * as tf from "@book/tf";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { FromServer, ToServer } from "./protocol.js";
import { ServerCore } from "./server-core.js";
import { tfExecutor } from "./tf-executor.js";

declare const __BOOK_WASM_PATH__: string;
declare const self: { location: { href: string }; postMessage(message: unknown, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent) => void) | null };

// This file lives at <site>/_node/@book/serve-worker/serve-worker.js: the site root is three folders up.
setWasmPaths(new URL(`../../../${__BOOK_WASM_PATH__}/`, self.location.href).href);

const post = (message: FromServer, transfer: Transferable[] = []) => self.postMessage(message, transfer);

async function start(): Promise<void> {
  let backend = "wasm";
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("WASM 后端初始化失败");
  } catch {
    backend = "cpu";
    await tf.setBackend("cpu");
  }
  await tf.ready();
  const core = new ServerCore(tfExecutor(), post);
  self.onmessage = (event: MessageEvent<ToServer>) => void core.handle(event.data);
  post({ type: "ready", backend });
}

start().catch((error: Error) => post({ type: "failed", message: error.message }));
