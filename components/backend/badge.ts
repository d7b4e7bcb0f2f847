// The compute badge in every page's header: which backend the book's models use here and
// why (choose.ts), whether training runs reduced (budget.ts), and a menu to choose another
// (remembered; the page reloads so tfjs starts on it).
import { chooseBackend, isAvailable } from "./choose.js";
import { detectCompute } from "./detect.js";
import { trainingBudget } from "./budget.js";
import { BACKENDS, readBackendPreference, writeBackendPreference, type BackendName } from "./preference.js";

export const BACKEND_NAMES: Record<BackendName, string> = { webgpu: "WebGPU", webgl: "WebGL", wasm: "WASM", cpu: "CPU" };

export async function mountBackendBadge(badge: HTMLElement | null): Promise<void> {
  if (!badge) return;
  const info = await detectCompute();
  const preference = readBackendPreference();
  const choice = chooseBackend(info, preference);
  const { backend } = choice;
  const software = backend === "webgpu" || backend === "webgl" ? info[backend].software : backend === "cpu";
  const budget = trainingBudget(backend, software);
  badge.dataset.backend = backend;
  badge.dataset.software = String(software);
  badge.title = `${choice.reason}训练规模：${budget.label}。`;
  const label = badge.ownerDocument.createElement("span");
  label.textContent = `计算：${BACKEND_NAMES[backend]}${budget.scale < 1 ? "（慢）" : ""}`;
  const select = badge.ownerDocument.createElement("select");
  select.setAttribute("aria-label", "选择计算后端（切换后页面会重新载入）");
  select.dataset.action = "backend";
  const options: [string, string][] = [["", `自动（${BACKEND_NAMES[chooseBackend(info, null).backend]}）`]];
  for (const name of BACKENDS) if (isAvailable(info, name)) options.push([name, BACKEND_NAMES[name] + (name !== "cpu" && name !== "wasm" && info[name].software ? "（软件模拟）" : "")]);
  for (const [value, text] of options) select.append(new Option(text, value, false, value === (preference ?? "")));
  select.addEventListener("change", () => {
    writeBackendPreference((select.value || null) as BackendName | null);
    badge.ownerDocument.location.reload();
  });
  badge.replaceChildren(label, select);
}
