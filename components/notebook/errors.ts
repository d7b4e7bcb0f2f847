// Errors a reader can act on: a thrown non-Error value says what it was (and, thrown in a
// cell, on which line: see `__thrown__` in compile.ts); a tensor too large for the backend
// says how many bytes it needed, instead of "offset is out of bounds".

export class ThrownValueError extends Error {
  constructor(readonly value: unknown) {
    super(`代码抛出的不是 Error 对象，而是 ${preview(value)}。请写 throw new Error("原因")，这样才有说明和出错位置`);
    this.name = "ThrownValue";
  }
}

export class TensorTooLargeError extends RangeError {
  constructor(
    readonly shape: readonly number[],
    readonly dtype: string,
    readonly backend: string,
    cause: unknown
  ) {
    super(
      `张量太大：形状 [${shape.join(", ")}] 的 ${dtype} 张量需要 ${formatBytes(tensorBytes(shape, dtype))}，超出了 ${backend} 后端能分配的内存` +
        `${backend === "wasm" ? "（WebAssembly 最多 4 GB，实际可用的往往更少）" : ""}。请减小形状或批大小。（原始错误：${(cause as Error)?.message ?? String(cause)}）`
    );
    this.name = "TensorTooLarge";
  }
}

/** `throw x` in a cell throws describeThrown(x): Errors pass through, anything else is
 * wrapped here, so its stack holds the cell's line. */
export function describeThrown(value: unknown): unknown {
  return value instanceof Error ? value : new ThrownValueError(value);
}

const MEMORY = /offset is out of bounds|Array buffer allocation failed|Invalid typed array length|out of memory|Cannot allocate|allocation failed/i;

/** What reaches the cell's output: Errors with a message a reader can act on. */
export function explainError(error: unknown): unknown {
  if (error instanceof TensorTooLargeError) return error;
  if (!(error instanceof Error)) {
    const wrapped = new ThrownValueError(error);
    wrapped.message += "（它来自本单元调用的代码，不是本单元自己的 throw）";
    return wrapped;
  }
  if (error instanceof RangeError && MEMORY.test(error.message)) {
    try {
      error.message = `内存不足：某个张量或数组太大，浏览器无法为它分配内存（${error.message}）。请减小形状或批大小。`;
    } catch {
      // frozen
    }
  }
  return error;
}

export function tensorBytes(shape: readonly number[], dtype: string): number {
  const size = shape.reduce((a, b) => a * b, 1);
  return size * (dtype === "complex64" ? 8 : dtype === "bool" ? 1 : 4);
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) (value /= 1000), unit++;
  return `${unit ? value.toFixed(1) : value} ${units[unit]}（${bytes.toLocaleString("en-US")} 字节）`;
}

function preview(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return `字符串 ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + "…" : value)}`;
  if (typeof value !== "object") return `${typeof value === "number" ? "数字" : typeof value} ${String(value)}`;
  try {
    const json = JSON.stringify(value);
    return `对象 ${json.length > 80 ? json.slice(0, 80) + "…" : json}`;
  } catch {
    return `对象 ${Object.prototype.toString.call(value)}`;
  }
}
