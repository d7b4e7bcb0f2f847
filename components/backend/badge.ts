// The compute badge in every page's header: which backend the book's models use here and
// why, whether training runs reduced (budget.ts), and a menu to choose another (remembered;
// the page reloads so tfjs starts on it). On a page that loads tfjs the badge shows what
// tf.getBackend() actually runs, as published by the @book/tf bundle (status.ts): the
// measured speeds that chose it, and the fallback with its reason if the pick did not start.
// Other pages (no tfjs) show what the chooser would pick, from the browser's own answers.
import { chooseBackend, isAvailable } from "./choose.js";
import { detectCompute, type ComputeInfo } from "./detect.js";
import { trainingBudget } from "./budget.js";
import { BACKENDS, readBackendPreference, writeBackendPreference, type BackendName } from "./preference.js";
import { BACKEND_LABELS, formatSpeeds, slowerOverride } from "./speed.js";
import { onBackendStatus, type BackendStatus } from "./status.js";

export const BACKEND_NAMES = BACKEND_LABELS;

/** What the badge shows: the running backend (or the pick, before tfjs has started). */
interface BadgeView {
  backend: BackendName;
  picked: BackendName;
  auto: BackendName;
  reason: string;
  fallback?: string;
  speeds?: string;
  /** The reader's own choice measured slower than the best (said in the label, not only the tooltip). */
  slower?: boolean;
  /** True once tfjs runs (the status came from the bundle). */
  running: boolean;
}

function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

export function viewFromStatus(status: BackendStatus): BadgeView {
  const measured = status.speeds && Object.keys(status.speeds.samplesPerSecond).length + Object.keys(status.speeds.failed).length > 1;
  return {
    backend: isBackendName(status.actual) ? status.actual : status.picked,
    picked: status.picked,
    auto: status.auto,
    reason: status.reason,
    fallback: status.fallback,
    speeds: measured ? formatSpeeds(status.speeds!, status.actual) : undefined,
    slower: status.chosenByReader && Boolean(slowerOverride(status.speeds, status.picked)),
    running: true
  };
}

/** Fills `badge` (a header element) from a view; `info` lists the menu's backends. */
export function renderBadge(badge: HTMLElement, view: BadgeView, info: ComputeInfo, preference: BackendName | null): void {
  const doc = badge.ownerDocument;
  const { backend } = view;
  const software = backend === "webgpu" || backend === "webgl" ? info[backend].software : backend === "cpu";
  const budget = trainingBudget(backend, software);
  badge.dataset.backend = backend;
  badge.dataset.picked = view.picked;
  badge.dataset.software = String(software);
  badge.dataset.running = String(view.running);
  if (view.fallback) badge.dataset.fallback = view.fallback;
  else delete badge.dataset.fallback;
  badge.title = `${view.reason}${view.fallback ? `但是：${view.fallback}` : ""}训练规模：${budget.label}。`;
  const label = doc.createElement("span");
  label.textContent = `计算：${BACKEND_NAMES[backend]}${budget.scale < 1 ? "（慢）" : ""}${view.slower ? "（实测较慢）" : ""}${view.fallback ? `（${BACKEND_NAMES[view.picked]} 未能启动）` : ""}`;
  if (view.slower) badge.dataset.slower = "true";
  else delete badge.dataset.slower;
  const parts: HTMLElement[] = [label];
  if (view.speeds) {
    const speeds = doc.createElement("span");
    speeds.className = "backend-speeds";
    speeds.dataset.speeds = view.speeds;
    speeds.textContent = view.speeds;
    parts.push(speeds);
  }
  const select = doc.createElement("select");
  select.setAttribute("aria-label", "选择计算后端（切换后页面会重新载入）");
  select.dataset.action = "backend";
  const options: [string, string][] = [["", `自动（${BACKEND_NAMES[view.auto]}）`]];
  for (const name of BACKENDS) if (isAvailable(info, name)) options.push([name, BACKEND_NAMES[name] + (name !== "cpu" && name !== "wasm" && info[name].software ? "（软件模拟）" : "")]);
  for (const [value, text] of options) select.append(new Option(text, value, false, value === (preference ?? "")));
  select.addEventListener("change", () => {
    writeBackendPreference((select.value || null) as BackendName | null);
    doc.location.reload();
  });
  badge.replaceChildren(...parts, select);
}

export async function mountBackendBadge(badge: HTMLElement | null): Promise<void> {
  if (!badge) return;
  const info = await detectCompute();
  const preference = readBackendPreference();
  let running = false;
  onBackendStatus((status) => {
    running = true;
    renderBadge(badge, viewFromStatus(status), info, preference);
  });
  if (running) return;
  const choice = chooseBackend(info, preference);
  const auto = chooseBackend(info, null).backend;
  renderBadge(badge, { backend: choice.backend, picked: choice.backend, auto, reason: choice.reason, running: false }, info, preference);
}
