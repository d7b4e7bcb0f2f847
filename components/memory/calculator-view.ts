// 5.2's calculator on the page: a preset menu, one text field per number with its message
// beside it, precision and dropout switches. Its `value` is what readMemoryForm() returns,
// and it fires "input" on every change, so a page reads it with Framework's view(). What the
// reader typed is never rewritten; only choosing a preset fills the fields.
import { MEMORY_PRESETS, type MemoryPreset } from "./presets.js";
import { MEMORY_FIELDS, readMemoryForm, type MemoryField, type MemoryForm, type MemoryInput } from "./inputs.js";
import { formatBytes, type MemoryReport } from "./transformer-memory.js";

export function memoryCalculator(initial = "LLaMA-7B", doc: Document = document): HTMLFormElement & { value: MemoryInput } {
  const form = doc.createElement("form") as HTMLFormElement & { value: MemoryInput };
  form.className = "memory-calculator";
  form.dataset.memoryCalculator = "";
  form.addEventListener("submit", (event) => event.preventDefault());
  const presetLabel = form.appendChild(doc.createElement("label"));
  presetLabel.append("预设模型 ");
  const select = presetLabel.appendChild(doc.createElement("select"));
  select.name = "preset";
  for (const preset of MEMORY_PRESETS) select.append(new Option(preset.name, preset.name, false, preset.name === initial));
  select.append(new Option("自定义（沿用上一个预设的结构）", ""));
  const note = form.appendChild(doc.createElement("p"));
  note.className = "memory-note";
  const fields = {} as Record<MemoryField, { input: HTMLInputElement; message: HTMLElement }>;
  const grid = form.appendChild(doc.createElement("div"));
  grid.className = "memory-fields";
  for (const [field, label] of Object.entries(MEMORY_FIELDS) as [MemoryField, string][]) {
    const row = grid.appendChild(doc.createElement("label"));
    row.append(`${label} `);
    const input = row.appendChild(doc.createElement("input"));
    Object.assign(input, { type: "text", inputMode: "numeric", size: 8, name: field });
    const message = row.appendChild(doc.createElement("span"));
    message.className = "memory-message";
    message.dataset.error = field;
    message.setAttribute("role", "alert");
    fields[field] = { input, message };
  }
  const precision = choice(form, "precision", "精度", [["mixed", "混合精度（FP16/BF16 + FP32 主权重）"], ["fp32", "全部 FP32"]], doc);
  const dropout = choice(form, "dropout", "Dropout", [["yes", "有（存一字节的掩码）"], ["no", "无"]], doc);
  const result = form.appendChild(doc.createElement("p"));
  result.className = "memory-message";
  result.dataset.error = "result";
  result.setAttribute("role", "alert");
  let architecture: MemoryPreset = MEMORY_PRESETS.find((p) => p.name === initial) ?? MEMORY_PRESETS[0];

  const update = () => {
    const text = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.input.value])) as MemoryForm;
    form.value = readMemoryForm(text, architecture.shape, precision.value as "fp32" | "mixed", dropout.value === "yes");
    const errors = form.value.ok ? {} : form.value.errors;
    for (const [field, { input, message }] of Object.entries(fields) as [MemoryField, (typeof fields)[MemoryField]][]) {
      message.textContent = errors[field] ?? "";
      input.setAttribute("aria-invalid", String(Boolean(errors[field])));
    }
    result.textContent = errors.result ?? "";
    note.textContent = `结构：${architecture.name}（${architecture.note}）`;
  };
  const load = (preset: MemoryPreset) => {
    architecture = preset;
    const { shape, setup } = preset;
    const values: Record<MemoryField, number> = { layers: shape.layers, dModel: shape.dModel, heads: shape.heads, vocab: shape.vocab, ffn: shape.ffn, sequence: setup.sequence, batch: setup.batch, microBatches: setup.microBatches, gpus: setup.gpus };
    for (const [field, value] of Object.entries(values)) fields[field as MemoryField].input.value = String(value);
    precision.value = setup.precision;
    dropout.value = setup.dropout ? "yes" : "no";
  };
  // Listeners below the form run before the "input" event reaches it, where view() reads the value.
  select.addEventListener("input", () => {
    const preset = MEMORY_PRESETS.find((p) => p.name === select.value);
    if (preset) load(preset);
    update();
  });
  grid.addEventListener("input", () => {
    select.value = "";
    update();
  });
  for (const group of [precision, dropout]) group.element.addEventListener("input", update);
  load(architecture);
  update();
  return form;
}

/** A radio group; `value` reads and sets the checked option. */
function choice(form: HTMLElement, name: string, legend: string, options: [string, string][], doc: Document) {
  const element = form.appendChild(doc.createElement("fieldset"));
  element.append(Object.assign(doc.createElement("legend"), { textContent: legend }));
  const radios = options.map(([value, text]) => {
    const label = element.appendChild(doc.createElement("label"));
    const radio = label.appendChild(Object.assign(doc.createElement("input"), { type: "radio", name, value }));
    label.append(` ${text} `);
    return radio;
  });
  return {
    element,
    get value() {
      return radios.find((r) => r.checked)?.value ?? options[0][0];
    },
    set value(v: string) {
      for (const r of radios) r.checked = r.value === v;
    }
  };
}

/** The report as table rows: what each part costs on one GPU. */
export function memoryRows(report: MemoryReport, gpus: number): { 项目: string; 字节: number; 大小: string }[] {
  const row = (项目: string, bytes: number) => ({ 项目, 字节: bytes, 大小: formatBytes(bytes) });
  return [
    row("权重", report.weights),
    row("梯度", report.gradients),
    row("优化器状态（Adam 的 m、v，混合精度时另加 FP32 主权重）", report.optimizer),
    row("模型状态合计（不切分）", report.modelStates),
    row("激活值（不重算）", report.activations),
    row("激活值（逐层重算）", report.activationsRecomputed),
    ...[1, 2, 3].map((stage) => row(`ZeRO-${stage}：每卡模型状态（N = ${gpus}）`, report.zero[stage]))
  ];
}
