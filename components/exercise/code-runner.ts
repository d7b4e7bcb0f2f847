// Runs a code exercise: the reader's function (TypeScript or JavaScript, compiled with the
// notebook's compiler so loops carry the notebook's loop guard) against the reference on
// hidden cases drawn from the student's seed. The first failing case is reported with why:
// the code does not compile, the function is missing, it threw, it looped, it ran too long,
// it returned the wrong shape, NaN, or wrong values (with the largest error).
import { annotateError, makeBody } from "../notebook/cell-body.js";
import { createLoopGuard, LoopGuardError } from "../notebook/guard.js";
import { compareArrays } from "./compare.js";
import type { CodeExercise, NumArray, Params } from "./types.js";

export type FailureReason = "compile" | "missing" | "threw" | "loop" | "timeout" | "shape" | "nan" | "value";

export interface CodeRun {
  ok: boolean;
  message: string;
  reason?: FailureReason;
  /** 1-based number of the failing case. */
  failedCase?: number;
  passed: number;
  total: number;
  /** Largest element error over the cases that ran to the comparison. */
  maxError?: number;
}

export interface RunOptions {
  /** The loop guard's limit: a loop that holds the thread this long is stopped. */
  guardMs?: number;
  /** An async function that has not settled after this long is abandoned. */
  timeoutMs?: number;
  /** Resolves `import` statements in the reader's code (the page's preloaded modules). */
  importModule?: (specifier: string) => Promise<unknown>;
}

class Timeout extends Error {}

export async function runCodeExercise<P extends Params>(code: string, exercise: CodeExercise<P>, params: P, cases: NumArray[][], { guardMs = 2000, timeoutMs = 5000, importModule }: RunOptions = {}): Promise<CodeRun> {
  const total = cases.length;
  const { analyzeCell } = await import("../notebook/compile.js"); // loaded on first use, as in the notebook
  let analyzed;
  try {
    analyzed = analyzeCell(code, "ts");
  } catch (error) {
    return { ok: false, reason: "compile", passed: 0, total, message: `代码无法编译：${(error as Error).message}` };
  }
  const loop = createLoopGuard(guardMs);
  try {
    const body = makeBody(analyzed, [], {
      importModule: importModule ?? ((specifier) => Promise.reject(new Error(`练习里不能导入 "${specifier}"`))),
      console,
      beginRun: () => (loop.reset(), { guard: loop.checker() })
    });
    let outputs: Record<string, unknown>;
    try {
      outputs = (await withTimeout(body(), timeoutMs)) as Record<string, unknown>;
    } catch (error) {
      return { ...failure(error, timeoutMs, "运行你的代码时"), passed: 0, total };
    }
    const fn = outputs[exercise.functionName];
    if (typeof fn !== "function") {
      return { ok: false, reason: "missing", passed: 0, total, message: `代码里没有名为 ${exercise.functionName} 的函数：请保留 function ${exercise.functionName}(${exercise.argNames.join(", ")}) { … } 这一行，在函数体里写你的实现。` };
    }
    let maxError = 0;
    for (let i = 0; i < total; ++i) {
      const args = cases[i];
      const expected = await exercise.reference(structuredClone(args), params);
      const shown = `第 ${i + 1}/${total} 组测试（${describeArgs(exercise.argNames, args)}）`;
      let given: unknown;
      try {
        loop.reset();
        given = await withTimeout(Promise.resolve((fn as (...a: unknown[]) => unknown)(...structuredClone(args))), timeoutMs);
        given = await toPlainArray(given);
      } catch (error) {
        return { ...failure(error, timeoutMs, shown), failedCase: i + 1, passed: i, total, maxError };
      }
      const comparison = compareArrays(given, expected, exercise.tolerance ?? 1e-4);
      if (!comparison.ok) return { ok: false, reason: comparison.reason, message: `${shown}：${comparison.message}`, failedCase: i + 1, passed: i, total, maxError: comparison.maxError ?? maxError };
      maxError = Math.max(maxError, comparison.maxError);
    }
    return { ok: true, passed: total, total, maxError, message: `全部 ${total} 组隐藏测试通过（最大误差 ${maxError.toExponential(1)}）。` };
  } finally {
    loop.stop();
  }
}

function failure(error: unknown, timeoutMs: number, where: string): Omit<CodeRun, "passed" | "total"> {
  if (error instanceof LoopGuardError) return { ok: false, reason: "loop", message: `${where}：循环运行太久没有结束（可能是死循环），已被中断。检查循环的结束条件。` };
  if (error instanceof Timeout) return { ok: false, reason: "timeout", message: `${where}：函数运行超过 ${timeoutMs / 1000} 秒仍未返回，已放弃等待。` };
  const annotated = annotateError(error);
  const text = annotated instanceof Error ? `${annotated.name}: ${annotated.message}` : String(annotated);
  return { ok: false, reason: "threw", message: `${where}：代码抛出了异常 ${text}` };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout()), ms)))]).finally(() => clearTimeout(timer));
}

/** A tensor (anything with array() and dispose()) becomes nested arrays; it is disposed,
 * since the reader's function created it for us. */
async function toPlainArray(value: unknown): Promise<unknown> {
  const tensor = value as { array?: () => Promise<unknown>; dispose?: () => void };
  if (tensor && typeof tensor === "object" && typeof tensor.array === "function" && typeof tensor.dispose === "function") {
    try {
      return await tensor.array();
    } finally {
      tensor.dispose();
    }
  }
  return value;
}

export function describeArgs(names: string[], args: NumArray[], limit = 160): string {
  const text = names.map((name, i) => `${name} = ${JSON.stringify(args[i])}`).join("，");
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
