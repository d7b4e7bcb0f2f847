// The compute badge in every page's header: which backend the book's models will use
// here, whether the adapter is a software one (slow), and a menu to choose another
// (remembered; the page reloads so tfjs starts on it).
import { detectCompute, type ComputeInfo } from "./detect.js";
import { readBackendPreference, writeBackendPreference, type BackendName } from "./preference.js";

const NAMES: Record<BackendName, string> = { webgpu: "WebGPU", webgl: "WebGL", cpu: "CPU" };

/** The backend tfjs will use: the reader's choice if this browser has it, else the best. */
export function effectiveBackend(info: ComputeInfo, preference: BackendName | null): BackendName {
  const available = (name: BackendName) => name === "cpu" || info[name].available;
  if (preference && available(preference)) return preference;
  return info.webgpu.available ? "webgpu" : info.webgl.available ? "webgl" : "cpu";
}

export async function mountBackendBadge(badge: HTMLElement | null): Promise<void> {
  if (!badge) return;
  const info = await detectCompute();
  const preference = readBackendPreference();
  const backend = effectiveBackend(info, preference);
  const gpu = backend === "cpu" ? null : info[backend];
  const software = backend === "cpu" || !!gpu?.software;
  badge.dataset.backend = backend;
  badge.dataset.software = String(software);
  badge.title = software ? "没有可用的硬件加速：计算结果正确，但训练较慢，书中的训练示例会自动缩小规模。" : "使用显卡加速训练。";
  const label = badge.ownerDocument.createElement("span");
  label.textContent = `计算：${NAMES[backend]}${software ? "（慢）" : ""}`;
  if (gpu?.adapter) label.title = gpu.adapter;
  const select = badge.ownerDocument.createElement("select");
  select.setAttribute("aria-label", "选择计算后端（切换后页面会重新载入）");
  select.dataset.action = "backend";
  const options: [string, string][] = [["", `自动（${NAMES[effectiveBackend(info, null)]}）`]];
  for (const name of ["webgpu", "webgl", "cpu"] as const) if (name === "cpu" || info[name].available) options.push([name, NAMES[name]]);
  for (const [value, text] of options) select.append(new Option(text, value, false, value === (preference ?? "")));
  select.addEventListener("change", () => {
    writeBackendPreference((select.value || null) as BackendName | null);
    badge.ownerDocument.location.reload();
  });
  badge.replaceChildren(label, select);
}
