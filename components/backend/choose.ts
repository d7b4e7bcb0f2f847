// Which backend the book trains on, and why (shown by the header badge). By measurement
// where there is one (speed.ts: a few steps of the page's own model timed on each backend,
// the fastest wins; a backend that failed on the model is left out). Without one: a real GPU
// (WebGPU, then WebGL), else WASM, else the plain-JS CPU backend. A software GPU
// (SwiftShader, llvmpipe, a fallback adapter) is ~50× slower than WASM on the same CPU, so it
// is never picked by itself. The reader can override, and is told when that is slower.
import type { ComputeInfo } from "./detect.js";
import type { BackendName } from "./preference.js";
import { BACKEND_LABELS, fastestBackend, formatSpeeds, slowerOverride, type SpeedRecord } from "./speed.js";

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the reader (the badge's tooltip). */
  reason: string;
  /** True when the reader picked it in the badge menu. */
  chosenByReader: boolean;
  /** True when the pick follows measured speeds. */
  measured: boolean;
}

export function isAvailable(info: ComputeInfo, name: BackendName): boolean {
  return name === "cpu" || info[name].available;
}

export function chooseBackend(info: ComputeInfo, preference: BackendName | null, speeds: SpeedRecord | null = null): BackendChoice {
  if (preference && isAvailable(info, preference)) {
    const warning = slowerOverride(speeds ?? undefined, preference);
    return { backend: preference, reason: `你在菜单里选择了它。${warning ?? ""}`, chosenByReader: true, measured: false };
  }
  const auto = (backend: BackendName, reason: string, measured = false): BackendChoice => ({ backend, reason, chosenByReader: false, measured });
  const best = speeds ? fastestBackend(speeds) : null;
  if (speeds && best && isAvailable(info, best)) return auto(best, `实测本页模型的训练速度：${formatSpeeds(speeds)}（${BACKEND_LABELS[best]} 最快）。`, true);
  const failed = (name: BackendName) => speeds?.failed[name];
  const failures = (["webgpu", "webgl"] as const).filter((name) => info[name].available && failed(name)).map((name) => `${BACKEND_LABELS[name]} 在本页的模型上出过错（${failed(name)}）`);
  const note = failures.length ? `${failures.join("；")}。` : "";
  if (info.webgpu.available && !info.webgpu.software && !failed("webgpu")) return auto("webgpu", `${note}显卡加速（WebGPU：${info.webgpu.adapter || "硬件适配器"}）。`);
  if (info.webgl.available && !info.webgl.software && !failed("webgl")) return auto("webgl", `${note}显卡加速（WebGL：${info.webgl.adapter || "硬件渲染器"}）。`);
  const soft = [info.webgpu, info.webgl].find((g) => g.available && g.software);
  const why = soft ? `这里的显卡是软件模拟的（${soft.adapter || "软件适配器"}），比 CPU 上的 WebAssembly 慢几十倍` : failures.length ? "所以不用显卡" : "这里没有可用的显卡";
  if (info.wasm.available) return auto("wasm", `${note}${why}，所以在 CPU 上用 WebAssembly（XNNPACK${info.wasm.threads ? "，多线程" : ""}）训练。`);
  return auto("cpu", `${note}${why}，浏览器也不支持 WebAssembly，只能用纯 JavaScript 计算（很慢）。`);
}
