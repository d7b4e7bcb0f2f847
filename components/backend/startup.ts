// How the @book/tf bundle starts tfjs on a page (packages/tf/browser-entry.js): the reader's
// choice, else a one-time choice (the rerun after a WebGPU error), else the fastest backend
// for this page's model, measured once per device and book build (speed.ts, probe.ts), else
// the rule in choose.ts. If the pick does not start, the next one that does (WASM, then CPU),
// and the reason. WebGPU's device is watched for errors from the start (gpu-errors.ts).
import * as tf from "@book/tf";
import { chooseBackend, isAvailable } from "./choose.js";
import type { ComputeInfo } from "./detect.js";
import { settle, watchGpuDevice, withErrorScopes, type GpuDeviceLike } from "./gpu-errors.js";
import type { BackendName, OneTimeBackend } from "./preference.js";
import { PROBE_FULL, PROBE_QUICK, probeSpeeds } from "./probe.js";
import { BACKEND_LABELS, pageModel, pageName, probeCandidates, readSpeedRecord, speedKey, writeSpeedRecord, type SpeedRecord } from "./speed.js";
import type { BackendStatus } from "./status.js";

export interface StartOptions {
  info: ComputeInfo;
  preference: BackendName | null;
  once: OneTimeBackend | null;
  /** The page's path (location.pathname): which model to probe. */
  pathname: string;
  /** Identifies the book's build: figures from another build are not reused. */
  build: string;
  quick: boolean;
  /** Loads and registers a backend that the bundle does not include (WebGPU, WebGL chunks).
   * Resolves once `tf.setBackend(name)` can start it; leaving it out assumes all are registered. */
  load?(name: BackendName): Promise<void>;
}

/** Loads `name`'s chunk if needed; the reason in Chinese when that failed. */
async function tryLoad(options: StartOptions, name: BackendName): Promise<string | null> {
  if (!options.load || name === "wasm") return null;
  try {
    await options.load(name);
    return null;
  } catch (error) {
    return `没能载入（${error instanceof Error ? error.message : String(error)}）`;
  }
}

function gpuDevice(): GpuDeviceLike | null {
  return tf.getBackend() === "webgpu" ? ((tf.backend() as unknown as { device?: GpuDeviceLike }).device ?? null) : null;
}

/** Times the page's model where that can change the choice; keeps the figures. */
async function measure(options: StartOptions, key: string, known: SpeedRecord | null): Promise<SpeedRecord | null> {
  const model = pageModel(options.pathname);
  if (!model || options.preference || options.once) return known;
  if (known && Object.keys(known.samplesPerSecond).length && (!known.quick || options.quick)) return known;
  const failedToLoad: SpeedRecord["failed"] = {};
  for (const name of probeCandidates(options.info).filter((name) => !known?.failed[name])) {
    const why = await tryLoad(options, name);
    if (why) failedToLoad[name] = why;
  }
  const candidates = probeCandidates(options.info).filter((name) => !known?.failed[name] && !failedToLoad[name]);
  if (candidates.length < 2) return known;
  const record = await probeSpeeds(model, candidates, options.quick ? PROBE_QUICK : PROBE_FULL, {
    guard: (_, work) => {
      const device = gpuDevice();
      return device ? withErrorScopes(device, work) : settle(work);
    }
  });
  // A chunk that did not load (offline, a server hiccup) is not remembered as a failure.
  record.failed = { ...known?.failed, ...record.failed };
  if (options.quick) record.quick = true;
  writeSpeedRecord(key, record);
  return record;
}

async function trySetBackend(options: StartOptions, name: BackendName): Promise<string | null> {
  const notLoaded = await tryLoad(options, name);
  if (notLoaded) return notLoaded;
  try {
    return (await tf.setBackend(name)) ? null : "初始化失败";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function startBackend(options: StartOptions): Promise<BackendStatus> {
  const { info, preference, once } = options;
  const model = pageModel(options.pathname) ?? pageName(options.pathname);
  const key = speedKey(options.build, info, model);
  const speeds = await measure(options, key, readSpeedRecord(key));
  const auto = chooseBackend(info, null, speeds);
  let choice = chooseBackend(info, preference, speeds);
  if (once && isAvailable(info, once.backend)) choice = { backend: once.backend, reason: once.reason, chosenByReader: false, measured: false };
  const failures: string[] = [];
  const order = [...new Set<BackendName>([choice.backend, "wasm", "cpu"])].filter((name) => isAvailable(info, name));
  for (const name of order) {
    const why = await trySetBackend(options, name);
    if (!why) break;
    failures.push(`${BACKEND_LABELS[name]} 没能启动（${why}）`);
  }
  const actual = tf.getBackend();
  const device = gpuDevice();
  if (device) watchGpuDevice(device);
  return {
    picked: choice.backend,
    actual,
    reason: choice.reason,
    chosenByReader: choice.chosenByReader,
    auto: auto.backend,
    fallback: actual !== choice.backend ? `${failures.join("，")}，所以改用 ${BACKEND_LABELS[actual as BackendName] ?? actual}。` : undefined,
    speeds: speeds ?? undefined,
    speedKey: key,
    model
  };
}
