// The answer area of each kind: a field for numbers and formulas, radio buttons for a
// choice, a code area for code exercises. Each returns what the widget needs: the element,
// the reader's answer as text, and a way to put an answer back.
import type { ChoiceExercise, Exercise, Params } from "./types.js";

export interface AnswerInput {
  element: HTMLElement;
  read(): string;
  /** Code exercises keep drafts; others start empty. */
  focusTarget: HTMLElement;
}

export function answerInput(doc: Document, id: string, exercise: Exercise, params: Params, draft: string | null, onDraft: (code: string) => void): AnswerInput {
  if (exercise.kind === "choice") return choiceInput(doc, id, exercise, params);
  if (exercise.kind === "code") return codeInput(doc, exercise.starter(params), draft, onDraft);
  const element = doc.createElement("label");
  element.className = "exercise-field";
  element.append(exercise.kind === "numeric" ? "你的答案：" : "你的式子：");
  const input = element.appendChild(doc.createElement("input"));
  Object.assign(input, { type: "text", autocomplete: "off", spellcheck: false });
  input.dataset.answerInput = "";
  input.placeholder = exercise.kind === "numeric" ? "如 0.25、1/4、2^-3" : (exercise.placeholder ?? `用 ${exercise.variables.join("、")} 写出式子`);
  return { element, read: () => input.value, focusTarget: input };
}

function choiceInput(doc: Document, id: string, exercise: ChoiceExercise, params: Params): AnswerInput {
  const element = doc.createElement("fieldset");
  element.className = "exercise-choices";
  exercise.options(params).forEach((text, i) => {
    const label = element.appendChild(doc.createElement("label"));
    const radio = label.appendChild(doc.createElement("input"));
    Object.assign(radio, { type: "radio", name: `exercise-${id}`, value: String(i) });
    radio.dataset.choice = String(i);
    label.append(` ${String.fromCharCode(65 + i)}. ${text}`);
  });
  const read = () => element.querySelector<HTMLInputElement>("input:checked")?.value ?? "";
  return { element, read, focusTarget: element };
}

function codeInput(doc: Document, starter: string, draft: string | null, onDraft: (code: string) => void): AnswerInput {
  const element = doc.createElement("div");
  element.className = "exercise-code";
  const area = element.appendChild(doc.createElement("textarea"));
  area.dataset.code = "";
  Object.assign(area, { spellcheck: false, value: draft ?? starter, rows: Math.max(8, (draft ?? starter).split("\n").length + 2) });
  area.setAttribute("aria-label", "在这里写你的函数（TypeScript 或 JavaScript），Ctrl+Enter 运行测试");
  area.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" || event.shiftKey) return;
    event.preventDefault(); // Tab indents instead of leaving the editor
    area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
    onDraft(area.value);
  });
  area.addEventListener("input", () => onDraft(area.value));
  const reset = element.appendChild(doc.createElement("button"));
  Object.assign(reset, { type: "button", textContent: "恢复初始代码" });
  reset.dataset.action = "reset-code";
  reset.addEventListener("click", () => {
    if (area.value !== starter && !doc.defaultView?.confirm("恢复初始代码会丢掉你在这里写的代码，确定吗？")) return;
    area.value = starter;
    onDraft(starter);
  });
  return { element, read: () => area.value, focusTarget: area };
}
