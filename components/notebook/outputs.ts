// How a cell shows what it produces, beyond Framework's inspector: tensors as shape, dtype
// and a preview of their values (read with `await t.data()`, which is safe on WebGPU), and
// console.log lines under the cell that printed them.

interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  isDisposed?: boolean;
  data(): Promise<ArrayLike<number | string>>;
}

/** Duck-typed, so the engine never has to load tfjs itself. */
export function isTensor(value: unknown): value is TensorLike {
  const v = value as TensorLike | null;
  return !!v && typeof v === "object" && Array.isArray(v.shape) && typeof v.dtype === "string" && typeof v.data === "function";
}

/** "Tensor float32 [2, 3]" and, once read, the first values (nested by the last axis). */
export function tensorView(tensor: TensorLike, doc: Document = document, limit = 24): HTMLElement {
  const view = doc.createElement("div");
  view.className = "tensor-view";
  view.dataset.tensor = tensor.shape.join("x") || "scalar";
  const head = view.appendChild(doc.createElement("div"));
  head.className = "tensor-head";
  head.textContent = `Tensor ${tensor.dtype} [${tensor.shape.join(", ")}]`;
  const body = view.appendChild(doc.createElement("pre"));
  body.className = "tensor-values";
  body.textContent = "读取中…";
  tensor.data().then(
    (values) => (body.textContent = formatValues(Array.from(values), tensor.shape, limit)),
    (error: Error) => (body.textContent = `无法读取数值：${error.message}`)
  );
  return view;
}

export function formatValues(values: (number | string)[], shape: number[], limit = 24): string {
  const format = (v: number | string) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : JSON.stringify(v));
  const shown = values.slice(0, limit).map(format);
  const width = shape.length >= 2 ? shape[shape.length - 1] : shown.length || 1;
  const rows: string[] = [];
  for (let i = 0; i < shown.length; i += width) rows.push(shown.slice(i, i + width).join(", "));
  return rows.join("\n") + (values.length > limit ? `\n…（共 ${values.length} 个数）` : "");
}

export type CellConsole = Pick<Console, "log" | "info" | "warn" | "error" | "debug"> & { clear(): void };

/** A console whose lines appear in `container` and also reach the real console. */
export function cellConsole(container: HTMLElement, real: Console = console): CellConsole {
  const write = (level: "log" | "info" | "warn" | "error" | "debug") => (...args: unknown[]) => {
    real[level](...args);
    const line = container.ownerDocument.createElement("div");
    line.className = `console-line console-${level}`;
    line.textContent = args.map((arg) => (typeof arg === "string" ? arg : safeString(arg))).join(" ");
    container.append(line);
    container.hidden = false;
  };
  return { log: write("log"), info: write("info"), warn: write("warn"), error: write("error"), debug: write("debug"), clear: () => (container.replaceChildren(), (container.hidden = true)) };
}

function safeString(value: unknown): string {
  if (isTensor(value)) return `Tensor ${value.dtype} [${value.shape.join(", ")}]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
