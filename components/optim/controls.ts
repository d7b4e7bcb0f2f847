// The experiment controls of 第4章: a row of labelled fields whose value (for Framework's
// view()) is an object of the parsed settings, or null while any field is invalid. A bad
// entry gets its Chinese message right beside the field and the reader's text is left as
// typed; the cells that read the value show nothing new until it is fixed.

export type Field =
  | { kind: "select"; key: string; label: string; options: [string, string][]; value: string }
  | { kind: "number"; key: string; label: string; value: number; step?: string; check(value: number): string | null }
  | { kind: "checkboxes"; key: string; label: string; options: [string, string][]; value: string[]; emptyMessage: string }
  /** A slider on a log scale from min to max (κ spans orders of magnitude); it cannot hold a bad value. */
  | { kind: "log-range"; key: string; label: string; min: number; max: number; value: number };

export type FormValue = Record<string, string | number | string[]>;

export interface ControlForm extends HTMLFormElement {
  value: FormValue | null;
}

export function controlForm(fields: Field[], name: string): ControlForm {
  const form = document.createElement("form") as ControlForm;
  form.dataset.controls = name;
  Object.assign(form.style, { display: "flex", flexWrap: "wrap", gap: "0.4rem 1.2rem", alignItems: "baseline", margin: "0.5rem 0" });
  form.addEventListener("submit", (event) => event.preventDefault());
  const readers = fields.map((field) => addField(form, field));
  const read = () => {
    const entries = readers.map((r) => r());
    form.value = entries.every((e) => e.ok) ? Object.fromEntries(entries.map((e) => [e.key, e.value])) : null;
  };
  read();
  form.addEventListener("change", () => {
    read();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  });
  // Typing in a number field updates its message at once; the value follows on "change".
  form.addEventListener("input", (event) => {
    if (event.target !== form) read();
  });
  return form;
}

type Reader = () => { key: string; ok: boolean; value: string | number | string[] };

function addField(form: HTMLFormElement, field: Field): Reader {
  const wrap = form.appendChild(document.createElement("span"));
  wrap.append(`${field.label} `);
  const message = document.createElement("span");
  message.dataset.fieldMessage = field.key;
  message.setAttribute("role", "alert");
  Object.assign(message.style, { color: "#dc322f", fontSize: "13px", marginLeft: "0.3rem" });
  const say = (text: string | null) => {
    message.textContent = text ?? "";
    message.hidden = !text;
  };
  if (field.kind === "select") {
    const select = wrap.appendChild(document.createElement("select"));
    select.name = field.key;
    select.ariaLabel = field.label;
    for (const [value, label] of field.options) select.append(new Option(label, value, false, value === field.value));
    wrap.append(message);
    say(null);
    return () => ({ key: field.key, ok: true, value: select.value });
  }
  if (field.kind === "number") {
    const input = wrap.appendChild(Object.assign(document.createElement("input"), { type: "text", inputMode: "decimal", value: String(field.value), name: field.key, size: 7, spellcheck: false }));
    input.ariaLabel = field.label;
    wrap.append(message);
    return () => {
      const text = input.value.trim();
      const value = text === "" ? NaN : Number(text);
      const problem = Number.isNaN(value) ? `“${input.value}”不是一个数` : field.check(value);
      say(problem);
      input.setAttribute("aria-invalid", String(Boolean(problem)));
      return { key: field.key, ok: !problem, value };
    };
  }
  if (field.kind === "log-range") return addLogRange(wrap, field);
  const boxes = field.options.map(([value, label]) => {
    const box = Object.assign(document.createElement("input"), { type: "checkbox", value, checked: field.value.includes(value), name: field.key });
    const item = wrap.appendChild(document.createElement("label"));
    item.append(box, ` ${label} `);
    return box;
  });
  wrap.append(message);
  return () => {
    const value = boxes.filter((b) => b.checked).map((b) => b.value);
    say(value.length ? null : field.emptyMessage);
    return { key: field.key, ok: value.length > 0, value };
  };
}

const SLIDER_STEPS = 200;

function addLogRange(wrap: HTMLElement, field: Extract<Field, { kind: "log-range" }>): Reader {
  const { min, max } = field;
  const toValue = (position: number) => Number((min * (max / min) ** (position / SLIDER_STEPS)).toPrecision(3));
  const position = Math.round((SLIDER_STEPS * Math.log(field.value / min)) / Math.log(max / min));
  const slider = wrap.appendChild(Object.assign(document.createElement("input"), { type: "range", min: "0", max: String(SLIDER_STEPS), step: "1", value: String(position), name: field.key }));
  slider.ariaLabel = field.label;
  const shown = wrap.appendChild(document.createElement("output"));
  shown.dataset.fieldValue = field.key;
  const show = () => (shown.textContent = String(toValue(Number(slider.value))));
  show();
  // While dragging only the number beside it changes; the cells rerun once, on release ("change").
  slider.addEventListener("input", (event) => {
    show();
    event.stopPropagation();
  });
  return () => ({ key: field.key, ok: true, value: toValue(Number(slider.value)) });
}

/** Checks shared by the chapter's fields, each returning a Chinese message or null. */
export const checks = {
  rate: (v: number) => (v > 0 && Number.isFinite(v) ? null : `学习率必须是正的有限数，收到 ${v}`),
  factor: (name: string) => (v: number) => (v >= 0 && v < 1 ? null : `${name} 必须在 [0, 1) 之内，收到 ${v}`),
  integer: (name: string, min: number, max: number) => (v: number) => (Number.isInteger(v) && v >= min && v <= max ? null : `${name}必须是 ${min} 到 ${max} 之间的整数，收到 ${v}`)
};
