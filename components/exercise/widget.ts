// One checked exercise in the page (<section data-exercise>, rendered at build time by
// site/markdown/exercises.ts): fills in the student's parameters, builds the answer area,
// checks answers with a specific message, reveals hints one by one, notes when the
// solution is opened, and records every check in the progress store.
import { answerInput, type AnswerInput } from "./answer-inputs.js";
import { formatNumber } from "./check.js";
import { checkAnswer, variantOf } from "./check-answer.js";
import { recordAttempt, recordEvent } from "./progress.js";
import type { ProgressStore } from "./store.js";
import { storageErrorMessage } from "./student.js";
import type { Exercise, Params, Verdict } from "./types.js";

const KIND_NAMES = { numeric: "数值题", choice: "选择题", expression: "式子题", code: "代码题" } as const;
const DRAFT_PREFIX = "dlbook:exercise-code:";

export interface WidgetOptions {
  page: string;
  store: ProgressStore;
  importModule?: (specifier: string) => Promise<unknown>;
}

export class ExerciseWidget {
  readonly id: string;
  private params: Params = {};
  private input: AnswerInput | null = null;
  private checking = false;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly section: HTMLElement,
    private readonly exercise: Exercise,
    private readonly options: WidgetOptions
  ) {
    this.id = section.dataset.exercise!;
    section.dataset.exerciseKind = exercise.kind;
    const label = section.querySelector(".exercise-label");
    if (label) label.textContent += ` · ${KIND_NAMES[exercise.kind]}`;
    this.hintButton()?.addEventListener("click", () => this.nextHint());
    section.querySelector("details[data-solution]")?.addEventListener("toggle", (event) => {
      if ((event.target as HTMLDetailsElement).open) this.note({ solutionShown: true });
    });
    options.store.subscribe(() => this.showStatus());
  }

  /** (Re)builds the variant of the current student: parameters, answer area, status. */
  render(): void {
    this.params = variantOf(this.exercise, this.options.store.seed, this.id);
    for (const span of this.section.querySelectorAll<HTMLElement>("[data-param]")) span.textContent = formatParam(this.params[span.dataset.param!]);
    void this.fillAnswer();
    const doc = this.section.ownerDocument;
    this.input = answerInput(doc, this.id, this.exercise, this.params, this.loadDraft(), (code) => this.saveDraft(code));
    const area = this.section.querySelector<HTMLElement>("[data-exercise-answer]")!;
    const check = doc.createElement("button");
    Object.assign(check, { type: "button", textContent: this.exercise.kind === "code" ? "运行隐藏测试" : "检查答案" });
    check.dataset.action = "check";
    check.addEventListener("click", () => void this.check());
    area.replaceChildren(this.input.element, check);
    this.input.focusTarget.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (this.exercise.kind !== "code" || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.check();
      }
    });
    this.input.element.addEventListener("focusin", () => this.note({ startedAt: Date.now() }), { once: true });
    this.message(null);
    this.showStatus();
  }

  async check(): Promise<void> {
    if (!this.input || this.checking) return;
    this.checking = true;
    const answer = this.input.read();
    this.section.dataset.checking = "";
    if (this.exercise.kind === "code") this.message({ ok: false, message: "正在运行隐藏测试……" }, "running");
    let verdict: Verdict;
    try {
      verdict = await this.verdict(answer);
    } catch (error) {
      verdict = { ok: false, message: `检查时出错：${(error as Error).message ?? error}` };
    } finally {
      this.checking = false;
      delete this.section.dataset.checking;
    }
    const error = this.options.store.update((p) => recordAttempt(p, { id: this.id, page: this.options.page, ok: verdict.ok, answer, now: Date.now() }));
    this.message(verdict, verdict.ok ? "ok" : "wrong", error);
  }

  private async verdict(answer: string): Promise<Verdict> {
    const verdict = await checkAnswer(this.exercise, this.id, this.options.store.seed, answer, { importModule: this.options.importModule });
    if (this.exercise.kind === "code") this.section.dataset.failure = verdict.reason ?? "";
    return verdict;
  }

  private async fillAnswer(): Promise<void> {
    const spans = this.section.querySelectorAll<HTMLElement>("[data-answer]");
    if (!spans.length) return;
    const { exercise, params } = this;
    const text =
      exercise.kind === "numeric" ? formatNumber(await exercise.answer(params)) : exercise.kind === "choice" ? exercise.options(params)[exercise.correct(params)] : "";
    spans.forEach((span) => (span.textContent = text));
  }

  private nextHint(): void {
    const hidden = this.section.querySelector<HTMLElement>("[data-hint][hidden]");
    if (!hidden) return;
    hidden.hidden = false;
    const shown = Number(hidden.dataset.hint);
    const button = this.hintButton()!;
    const total = this.section.querySelectorAll("[data-hint]").length;
    if (shown >= total) button.hidden = true;
    else button.textContent = `再给一条提示（还有 ${total - shown} 条）`;
    this.note({ hintsShown: shown });
  }

  private note(change: Parameters<typeof recordEvent>[3]): void {
    const error = this.options.store.update((p) => recordEvent(p, this.id, this.options.page, change, Date.now()));
    if (error) this.message(null, undefined, error);
  }

  private showStatus(): void {
    const status = this.section.querySelector<HTMLElement>("[data-exercise-status]");
    const record = this.options.store.progress.exercises[this.id];
    const state = record?.status === "solved" ? "solved" : record?.attempts ? "attempted" : "new";
    this.section.dataset.status = state;
    if (status) status.textContent = state === "solved" ? `✓ 已完成（检查 ${record!.attempts} 次）` : state === "attempted" ? `尚未答对（已检查 ${record!.attempts} 次）` : "";
  }

  /** Shows a verdict (or hides the message with null) and, separately, a storage problem. */
  private message(verdict: Verdict | null, state?: string, storageError?: string | null): void {
    const box = this.section.querySelector<HTMLElement>("[data-exercise-message]")!;
    if (verdict) {
      box.hidden = false;
      box.textContent = verdict.message;
      box.dataset.verdict = state ?? (verdict.ok ? "ok" : "wrong");
    } else if (!storageError) {
      box.hidden = true;
      box.textContent = "";
      delete box.dataset.verdict;
    }
    let warning = this.section.querySelector<HTMLElement>("[data-storage-message]");
    if (storageError) {
      if (!warning) {
        warning = box.insertAdjacentElement("afterend", this.section.ownerDocument.createElement("p")) as HTMLElement;
        warning.className = "exercise-storage-message";
        warning.dataset.storageMessage = "";
        warning.setAttribute("role", "alert");
      }
      warning.textContent = storageError;
    } else warning?.remove();
  }

  private hintButton(): HTMLButtonElement | null {
    return this.section.querySelector<HTMLButtonElement>('[data-action="hint"]');
  }

  private loadDraft(): string | null {
    try {
      return this.options.store.storage?.getItem(DRAFT_PREFIX + this.id) ?? null;
    } catch {
      return null;
    }
  }

  /** Drafts are saved as the reader types, so a reload loses nothing. */
  private saveDraft(code: string): void {
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => {
      try {
        this.options.store.storage?.setItem(DRAFT_PREFIX + this.id, code);
      } catch (error) {
        this.message(null, undefined, `${storageErrorMessage(error)}（你的代码仍在编辑框里，请自行复制保存。）`);
      }
    }, 300);
  }
}

export function formatParam(value: Params[string] | undefined): string {
  if (value === undefined) return "?";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value).replace(/,/g, ", ");
}
