// Compares what a reader's function returned with the reference: shape first, then values,
// naming the worst element, so the message says what is wrong (not only "wrong").
import { formatNumber } from "./check.js";
import type { NumArray } from "./types.js";

/** The shape of nested arrays of numbers, or a description of why it is not one. */
export function shapeOf(value: unknown): number[] | string {
  if (typeof value === "number") return [];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return shapeOf(Array.from(value as unknown as ArrayLike<number>));
  if (!Array.isArray(value)) return value === undefined ? "undefined（函数没有 return？）" : `${typeof value === "object" ? (value === null ? "null" : "对象") : typeof value}`;
  if (!value.length) return [0];
  const inner = value.map(shapeOf);
  const first = inner[0];
  if (typeof first === "string") return `含有 ${first} 的数组`;
  for (const s of inner) {
    if (typeof s === "string") return `含有 ${s} 的数组`;
    if (s.join() !== first.join()) return "各行长度不一的数组";
  }
  return [value.length, ...first];
}

export function formatShape(shape: number[] | string): string {
  return typeof shape === "string" ? shape : shape.length ? `[${shape.join(", ")}]` : "一个数（标量）";
}

function flatten(value: NumArray): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function indexOf(flat: number, shape: number[]): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; --d) {
    index.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${index.join(", ")}]`;
}

export type Comparison = { ok: true; maxError: number } | { ok: false; reason: "shape" | "nan" | "value"; message: string; maxError?: number };

export function compareArrays(given: unknown, expected: NumArray, tolerance: number): Comparison {
  const want = shapeOf(expected) as number[];
  const got = shapeOf(given);
  if (typeof got === "string" || got.join() !== want.join()) return { ok: false, reason: "shape", message: `形状不对：应返回形状 ${formatShape(want)}，实际返回 ${formatShape(got)}。` };
  const a = flatten(given as NumArray);
  const b = flatten(expected);
  let worst = -1;
  let maxError = 0;
  for (let i = 0; i < a.length; ++i) {
    if (!Number.isFinite(a[i])) return { ok: false, reason: "nan", message: `位置 ${indexOf(i, want)} 的值是 ${a[i]}：很可能是数值溢出（例如 exp 了一个很大的数）或除以 0。` };
    const error = Math.abs(a[i] - b[i]);
    if (error > maxError) [maxError, worst] = [error, i];
  }
  if (maxError <= tolerance) return { ok: true, maxError };
  return {
    ok: false,
    reason: "value",
    maxError,
    message: `数值不对：最大误差 ${formatNumber(maxError)}（允许 ${formatNumber(tolerance)}），在位置 ${indexOf(worst, want)}：应为 ${formatNumber(b[worst])}，得到 ${formatNumber(a[worst])}。`
  };
}
