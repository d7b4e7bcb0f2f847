// Measured training speed of a page's own model on each backend, remembered per model,
// device and book build (localStorage), and the choice it implies. "A real GPU wins" is
// false for the book's small models: on an NVIDIA H200 the 3.5 Transformer trained at
// 385 samples/s on WebGPU against 2,354 on 2-core WASM (docs/benchmarks.md), because a
// step's time is per-dispatch overhead. So the book times a few steps (probe.ts) and
// picks the fastest. Kept free of tfjs: the badge and the training loop read it too.
import type { ComputeInfo } from "./detect.js";
import { BACKENDS, type BackendName } from "./preference.js";

/** The models a page can be probed with (probe.ts builds them). */
export const PROBE_MODELS = ["cnn", "lstm", "transformer"] as const;
export type ProbeModel = (typeof PROBE_MODELS)[number];

/** Which model each training page trains first (its file name without .html). */
const PAGE_MODELS: Record<string, ProbeModel> = {
  "ch3-2-cnn": "cnn",
  "ch3-3-rnn": "lstm",
  "ch3-5-transformer": "transformer"
};

/** The page's file name without extension and folders: "/book/ch3-3-rnn.html" → "ch3-3-rnn". */
export function pageName(pathname: string): string {
  return (pathname.split("/").pop() || "index").replace(/\.html?$/, "") || "index";
}

/** The model to probe on this page, or null for pages that do not train one of them. */
export function pageModel(pathname: string): ProbeModel | null {
  return PAGE_MODELS[pageName(pathname)] ?? null;
}

export interface SpeedRecord {
  /** The probed model (or the page name, for a record that only holds failures). */
  model: string;
  /** Training samples per second, per backend that was timed. */
  samplesPerSecond: Partial<Record<BackendName, number>>;
  /** Backends that failed on this model (a WebGPU error, a backend that did not start), with why. */
  failed: Partial<Record<BackendName, string>>;
  /** How long the probe took, all backends together. */
  probeMs: number;
  /** The figures come from the quick probe (small batch): a full-size visit measures again. */
  quick?: boolean;
}

/** The key under which a model's record is kept: one per book build, device and model. */
export function speedKey(build: string, info: ComputeInfo, model: string): string {
  const device = [info.webgpu.available ? info.webgpu.adapter || "webgpu" : "-", info.webgl.available ? info.webgl.adapter || "webgl" : "-", info.wasm.threads ? "threads" : "1"].join("|");
  return `dlbook:speed:${build}:${model}:${device}`;
}

type Store = Pick<Storage, "getItem" | "setItem">;

function safeStorage(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function isBackend(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

/** A stored record, or null when missing or malformed (a reader's edit must not break the page). */
export function readSpeedRecord(key: string, storage: Store | null = safeStorage()): SpeedRecord | null {
  try {
    const value = JSON.parse(storage?.getItem(key) ?? "null");
    if (!value || typeof value !== "object" || typeof value.model !== "string") return null;
    const samplesPerSecond: SpeedRecord["samplesPerSecond"] = {};
    for (const [name, speed] of Object.entries(value.samplesPerSecond ?? {})) if (isBackend(name) && typeof speed === "number" && speed > 0 && Number.isFinite(speed)) samplesPerSecond[name] = speed;
    const failed: SpeedRecord["failed"] = {};
    for (const [name, why] of Object.entries(value.failed ?? {})) if (isBackend(name) && typeof why === "string") failed[name] = why;
    return { model: value.model, samplesPerSecond, failed, probeMs: Number(value.probeMs) || 0, ...(value.quick === true ? { quick: true } : {}) };
  } catch {
    return null;
  }
}

export function writeSpeedRecord(key: string, record: SpeedRecord, storage: Store | null = safeStorage()): void {
  try {
    storage?.setItem(key, JSON.stringify(record));
  } catch {
    // A full or blocked storage only means the probe runs again next time.
  }
}

/** Remembers that `backend` failed on this page's model, so the chooser leaves it out. */
export function recordBackendFailure(key: string, model: string, backend: BackendName, why: string, storage: Store | null = safeStorage()): SpeedRecord {
  const record = readSpeedRecord(key, storage) ?? { model, samplesPerSecond: {}, failed: {}, probeMs: 0 };
  record.failed[backend] = why;
  writeSpeedRecord(key, record, storage);
  return record;
}

/** The fastest backend that was timed and did not fail, or null. */
export function fastestBackend(record: SpeedRecord): BackendName | null {
  let best: BackendName | null = null;
  for (const name of BACKENDS) {
    const speed = record.samplesPerSecond[name];
    if (speed === undefined || record.failed[name]) continue;
    if (best === null || speed > record.samplesPerSecond[best]!) best = name;
  }
  return best;
}

export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: "WebGPU", webgl: "WebGL", wasm: "WASM", cpu: "CPU" };

/** "WebGPU 385/s · WASM 2,354/s → WASM" (a failed backend reads "出错"). */
export function formatSpeeds(record: SpeedRecord, picked?: string): string {
  const parts: string[] = [];
  for (const name of BACKENDS) {
    const speed = record.samplesPerSecond[name];
    if (record.failed[name]) parts.push(`${BACKEND_LABELS[name]} 出错`);
    else if (speed !== undefined) parts.push(`${BACKEND_LABELS[name]} ${Math.round(speed).toLocaleString("en-US")}/s`);
  }
  const target = picked && isBackend(picked) ? ` → ${BACKEND_LABELS[picked]}` : "";
  return parts.join(" · ") + target;
}

/** Backends worth timing here: real GPUs and WASM (the CPU backend only without WASM).
 * Software GPUs are left out: ~50× slower than WASM on the same CPU, and their first step
 * (compiling every shader on the CPU) alone would take many seconds. */
export function probeCandidates(info: ComputeInfo): BackendName[] {
  const out: BackendName[] = [];
  if (info.webgpu.available && !info.webgpu.software) out.push("webgpu");
  if (info.webgl.available && !info.webgl.software) out.push("webgl");
  out.push(info.wasm.available ? "wasm" : "cpu");
  return out;
}

/** When the reader's own choice is slower than the measured best, one sentence saying so. */
export function slowerOverride(record: SpeedRecord | undefined, chosen: BackendName): string | null {
  if (!record) return null;
  const best = fastestBackend(record);
  const mine = record.samplesPerSecond[chosen];
  if (record.failed[chosen]) return `注意：${BACKEND_LABELS[chosen]} 在本页的模型上出过错（${record.failed[chosen]}）。`;
  if (!best || best === chosen || mine === undefined) return null;
  const theirs = record.samplesPerSecond[best]!;
  return `注意：实测 ${BACKEND_LABELS[chosen]} 比 ${BACKEND_LABELS[best]} 慢（${Math.round(mine).toLocaleString("en-US")} 对 ${Math.round(theirs).toLocaleString("en-US")} 样本/秒）。`;
}
