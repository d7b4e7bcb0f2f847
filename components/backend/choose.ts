// Which backend the book trains on, and why (shown by the header badge). A real GPU wins
// (WebGPU, then WebGL). A software GPU (SwiftShader, llvmpipe, a fallback adapter) is
// ~50× slower than tfjs's WASM backend on the same CPU, so without a real GPU the book
// trains on WASM; the plain-JS CPU backend is the last resort. The reader can override.
import type { ComputeInfo } from "./detect.js";
import type { BackendName } from "./preference.js";

export interface BackendChoice {
  backend: BackendName;
  /** One sentence for the reader (the badge's tooltip). */
  reason: string;
  /** True when the reader picked it in the badge menu. */
  chosenByReader: boolean;
}

export function isAvailable(info: ComputeInfo, name: BackendName): boolean {
  return name === "cpu" || info[name].available;
}

export function chooseBackend(info: ComputeInfo, preference: BackendName | null): BackendChoice {
  if (preference && isAvailable(info, preference)) return { backend: preference, reason: "你在菜单里选择了它。", chosenByReader: true };
  const auto = (backend: BackendName, reason: string): BackendChoice => ({ backend, reason, chosenByReader: false });
  if (info.webgpu.available && !info.webgpu.software) return auto("webgpu", `显卡加速（WebGPU：${info.webgpu.adapter || "硬件适配器"}）。`);
  if (info.webgl.available && !info.webgl.software) return auto("webgl", `显卡加速（WebGL：${info.webgl.adapter || "硬件渲染器"}）。`);
  const soft = [info.webgpu, info.webgl].find((g) => g.available && g.software);
  const why = soft ? `这里的显卡是软件模拟的（${soft.adapter || "软件适配器"}），比 CPU 上的 WebAssembly 慢几十倍` : "这里没有可用的显卡";
  if (info.wasm.available) return auto("wasm", `${why}，所以在 CPU 上用 WebAssembly（XNNPACK${info.wasm.threads ? "，多线程" : ""}）训练。`);
  return auto("cpu", `${why}，浏览器也不支持 WebAssembly，只能用纯 JavaScript 计算（很慢）。`);
}
