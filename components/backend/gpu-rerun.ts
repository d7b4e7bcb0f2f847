// After a WebGPU error stopped a training run (components/train/loop.ts): a notice under the
// cell with one button that reloads the page on WASM (once; the badge says why) and starts
// the same cell's training again by itself. The run's error propagates out of the cell, so
// the notebook engine replaces the cell's output (and the training panel in it) with the
// error message; the notice therefore sits just after the output and goes away when the cell
// shows something else (the reader reran it).
import type { GpuRunError } from "./gpu-errors.js";
import { requestBackendOnce } from "./preference.js";

const RESUME_KEY = "dlbook:resume-training";

/** Where a panel sits: the page and its cell's id (null outside a cell). */
function placeOf(element: HTMLElement, doc: Document): string | null {
  const cell = element.closest<HTMLElement>("[data-cell]")?.dataset.cell;
  return cell ? `${doc.location.pathname}#${cell}` : null;
}

function session(doc: Document): Storage | null {
  try {
    return doc.defaultView?.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Shows the notice for `panel` (the stopped run's panel element, still on the page). */
export function showGpuRerun(error: GpuRunError, panel: HTMLElement, doc: Document): HTMLElement {
  const place = placeOf(panel, doc);
  const output = panel.closest<HTMLElement>("[data-cell] [data-output]");
  const box = doc.createElement("div");
  box.className = "training-error";
  box.setAttribute("role", "alert");
  box.dataset.output = "gpu-error";
  const text = box.appendChild(doc.createElement("p"));
  // In a cell the engine shows the error's full text above; outside one, this is the only place.
  text.textContent = output ? "这次训练因为 WebGPU 报错而停止（错误信息见上）：显卡丢弃了出错的计算，结果不可信。可以改在 CPU 上用 WebAssembly 重新训练：" : error.message;
  const rerun = box.appendChild(doc.createElement("button"));
  Object.assign(rerun, { type: "button", textContent: "改用 WASM 重新运行" });
  rerun.dataset.action = "rerun-wasm";
  rerun.setAttribute("aria-label", "重新载入本页，改在 CPU 上用 WebAssembly 计算，并重新开始这次训练");
  rerun.addEventListener("click", () => {
    const first = error.gpuMessages[0]?.split("\n")[0]?.slice(0, 120) ?? "";
    requestBackendOnce({ backend: "wasm", reason: `上次在 WebGPU 上训练时显卡报错（${first}），按你的要求这次改用 WASM 重新运行。` });
    try {
      if (place) session(doc)?.setItem(RESUME_KEY, place);
    } catch {
      // Without storage the reader presses 开始训练 again.
    }
    doc.location.reload();
  });
  if (!output) return panel.appendChild(box);
  output.after(box);
  // Gone once the cell's output neither holds the stopped panel nor this error (a rerun).
  const observer = new MutationObserver(() => {
    if (output.contains(panel) || output.textContent?.includes(error.message.slice(0, 40))) return;
    observer.disconnect();
    box.remove();
  });
  observer.observe(output, { childList: true, subtree: true, characterData: true });
  return box;
}

/** After the rerun's reload: presses `start` (a panel's 开始训练) if its cell is the one asked
 * for. The panel is placed in its cell only after it is made, so this waits a few frames. */
export function resumeIfAsked(panel: HTMLElement, start: HTMLButtonElement, doc: Document, frames = 600): void {
  const wanted = session(doc)?.getItem(RESUME_KEY);
  if (!wanted || !wanted.startsWith(`${doc.location.pathname}#`)) return;
  const check = (left: number) => {
    if (!panel.isConnected) {
      if (left > 0) doc.defaultView?.requestAnimationFrame(() => check(left - 1));
      return;
    }
    if (placeOf(panel, doc) !== wanted) return;
    session(doc)?.removeItem(RESUME_KEY);
    start.click();
  };
  check(frames);
}
