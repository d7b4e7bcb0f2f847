// An input for a 3×3 kernel: a preset menu and nine number boxes. Its `value` is
// {kernel} or {error} (a message naming the bad entry), and it fires "input" on every
// change, so a page reads it with Framework's view().
import { parseKernel } from "../nn/kernels.js";

export type KernelValue = { kernel: number[][] } | { error: string };

export function kernelEditor(presets: Record<string, number[][]>, initial = Object.keys(presets)[0], doc: Document = document): HTMLElement & { value: KernelValue } {
  const form = doc.createElement("form") as unknown as HTMLElement & { value: KernelValue };
  form.className = "kernel-editor";
  form.dataset.kernelEditor = "";
  form.addEventListener("submit", (event) => event.preventDefault());
  const select = form.appendChild(doc.createElement("select"));
  select.setAttribute("aria-label", "预设卷积核");
  for (const name of Object.keys(presets)) select.append(new Option(name, name, false, name === initial));
  select.append(new Option("自定义", ""));
  const grid = form.appendChild(doc.createElement("div"));
  grid.className = "kernel-grid";
  const boxes = Array.from({ length: 3 }, (_, r) =>
    Array.from({ length: 3 }, (_, c) => {
      const box = grid.appendChild(doc.createElement("input"));
      Object.assign(box, { type: "text", inputMode: "decimal", size: 5 });
      box.setAttribute("aria-label", `卷积核第 ${r + 1} 行第 ${c + 1} 列`);
      return box;
    })
  );
  const message = form.appendChild(doc.createElement("div"));
  message.className = "kernel-message";
  message.setAttribute("role", "alert");
  const update = () => {
    form.value = parseKernel(boxes.map((row) => row.map((box) => box.value)));
    message.textContent = "error" in form.value ? form.value.error : "";
  };
  const load = (kernel: number[][]) => kernel.forEach((row, r) => row.forEach((v, c) => (boxes[r][c].value = String(+v.toFixed(4)))));
  // Listeners on the select and the grid run before the "input" event reaches the form,
  // where view() reads the value.
  select.addEventListener("input", () => {
    if (select.value) load(presets[select.value]);
    update();
  });
  grid.addEventListener("input", () => {
    select.value = "";
    update();
  });
  load(presets[initial]);
  update();
  return form;
}
