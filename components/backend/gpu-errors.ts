// WebGPU errors, caught. When a shader does not compile or a command is invalid, WebGPU
// reports it on the device (an "uncapturederror" event, or an error scope) and drops the
// work; tfjs listens to neither, so training would go on with tensors that were never
// written. The @book/tf bundle registers its device here (watchGpuDevice); the training
// loop asks gpuGuard() for a guard that checks each run. The log lives on globalThis:
// the bundle and the page load separate copies of this module.

/** The part of a GPUDevice used here (typed loosely: no WebGPU type package is needed). */
export interface GpuDeviceLike {
  addEventListener(type: "uncapturederror", listener: (event: { error?: { message?: string } }) => void): void;
  pushErrorScope(filter: "validation" | "out-of-memory" | "internal"): void;
  popErrorScope(): Promise<{ message?: string } | null>;
  /** Resolves when the device is lost (driver reset, GPU process crash, or destroy()). */
  lost?: Promise<{ reason?: string; message?: string }>;
}

interface GpuErrorLog {
  device: GpuDeviceLike | null;
  messages: string[];
}

const KEY = "__dlbookGpuErrors";
type Scope = typeof globalThis & { [KEY]?: GpuErrorLog };

function log(scope: Scope = globalThis): GpuErrorLog {
  return (scope[KEY] ??= { device: null, messages: [] });
}

const watched = Symbol.for("dlbook:gpu-watched");
const UNNAMED = "WebGPU 报告了一个没有说明的错误";

/** Records every uncaptured error of `device` from now on; the guard checks this device. */
export function watchGpuDevice(device: GpuDeviceLike, scope: Scope = globalThis): void {
  const entry = log(scope);
  entry.device = device;
  const marked = device as GpuDeviceLike & { [watched]?: boolean };
  if (marked[watched]) return;
  marked[watched] = true;
  device.addEventListener("uncapturederror", (event) => entry.messages.push(event.error?.message || UNNAMED));
  // A lost device computes nothing more; "destroyed" is tfjs releasing it on purpose.
  device.lost?.then((info) => {
    if (info?.reason !== "destroyed") entry.messages.push(`WebGPU 设备丢失：${info?.message || "原因不明"}`);
  });
}

/** Every WebGPU error seen on this page so far (uncaptured or caught by a guard's scope). */
export function gpuErrors(scope: Scope = globalThis): readonly string[] {
  return log(scope).messages;
}

/** Thrown by the training loop when WebGPU reported an error: the results cannot be trusted. */
export class GpuRunError extends Error {
  readonly gpuMessages: string[];
  constructor(messages: string[]) {
    const first = messages[0]?.split("\n")[0]?.slice(0, 200) ?? "";
    super(`WebGPU 出错，训练已停止：显卡报告了 ${messages.length} 个错误（第一个：${first}）。出错的计算被显卡丢弃了，模型和损失都不可信，所以本书不在这样的结果上继续训练。请改用 WASM（在 CPU 上计算）重新运行。`);
    this.name = "GpuRunError";
    this.gpuMessages = messages;
  }
}

export interface GpuGuard {
  /** Runs `work` inside error scopes; any error they catch is logged and thrown. */
  scoped<T>(work: () => Promise<T>): Promise<T>;
  /** Throws GpuRunError if any WebGPU error was logged on this page. */
  check(): void;
}

/** What a piece of GPU work returned or threw, and the WebGPU errors seen while it ran. */
export interface ScopedOutcome<T> {
  result?: T;
  thrown?: { error: unknown };
  errors: string[];
}

/** `work`'s outcome, with no error scopes (no WebGPU device to watch). */
export async function settle<T>(work: () => Promise<T>): Promise<ScopedOutcome<T>> {
  try {
    return { result: await work(), errors: [] };
  } catch (error) {
    return { thrown: { error }, errors: [] };
  }
}

const FILTERS = ["validation", "out-of-memory", "internal"] as const;

/** Runs `work` inside error scopes on `device`; returns what it returned (or threw) and the
 * WebGPU errors the scopes caught. Scopes are popped whatever happens, or they would swallow
 * later errors. */
export async function withErrorScopes<T>(device: GpuDeviceLike, work: () => Promise<T>): Promise<ScopedOutcome<T>> {
  let pushed = 0;
  for (const filter of FILTERS) {
    try {
      device.pushErrorScope(filter);
      pushed++;
    } catch {
      // An older implementation without this filter: the uncaptured-error listener still sees it.
    }
  }
  const outcome = await settle(work);
  for (let i = 0; i < pushed; i++) {
    const error = await device.popErrorScope().catch((e: unknown) => ({ message: String(e) }));
    if (error) outcome.errors.push(error.message || UNNAMED);
  }
  return outcome;
}

/** A guard for the registered WebGPU device while tfjs runs on it (pass tf.getBackend()),
 * else null. Any error logged on the page counts, even one from before the run: the tensors
 * the run starts from (the model's weights, the data) may already be garbage. */
export function gpuGuard(backend: string, scope: Scope = globalThis): GpuGuard | null {
  const entry = log(scope);
  const device = entry.device;
  if (!device || backend !== "webgpu") return null;
  const check = () => {
    if (entry.messages.length) throw new GpuRunError([...entry.messages]);
  };
  return {
    check,
    async scoped<T>(work: () => Promise<T>): Promise<T> {
      const { result, thrown, errors } = await withErrorScopes(device, work);
      entry.messages.push(...errors);
      check();
      if (thrown) throw thrown.error;
      return result as T;
    }
  };
}
