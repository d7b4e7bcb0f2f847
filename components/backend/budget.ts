// One setting the chapters read to size their training: full on a real GPU and on WASM
// (XNNPACK on the CPU trains the book's models at hundreds of samples per second), reduced
// on a software rasteriser or the plain-JS CPU backend, so every training cell ends in
// reasonable time.

export interface TrainingBudget {
  /** Multiply epochs or samples by this. */
  scale: number;
  label: string;
}

export function trainingBudget(backend: string, software: boolean): TrainingBudget {
  if (backend === "wasm") return { scale: 1, label: "完整（CPU 上的 WebAssembly）" };
  if (backend === "cpu") return { scale: 0.25, label: "精简（纯 JavaScript 计算）" };
  if (software) return { scale: 0.25, label: "精简（软件模拟的显卡）" };
  return { scale: 1, label: "完整（显卡加速）" };
}

/** At least `min` of `full`, scaled by the budget. */
export function scaled(full: number, budget: TrainingBudget, min = 1): number {
  return Math.max(min, Math.round(full * budget.scale));
}

/** A classroom demo (or a test) can ask for the smallest runs on any machine:
 * localStorage["dlbook:budget"] = "quick". */
export const QUICK_BUDGET: TrainingBudget = { scale: 0.05, label: "快速演示" };

export function quickRequested(): boolean {
  try {
    return globalThis.localStorage?.getItem("dlbook:budget") === "quick";
  } catch {
    return false;
  }
}

/** The budget for the backend tfjs is running on (pass `tf.getBackend()`). */
export async function budgetFor(backend: string): Promise<TrainingBudget> {
  if (quickRequested()) return QUICK_BUDGET;
  if (backend !== "webgpu" && backend !== "webgl") return trainingBudget(backend, backend === "cpu");
  const { detectCompute } = await import("./detect.js");
  return trainingBudget(backend, (await detectCompute())[backend].software);
}
