// The cell editor: CodeMirror 6 with TypeScript highlighting and bracket matching (from
// basicSetup). Loaded only when a reader starts editing, so reading a page costs nothing.
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Compartment, Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { javascript } from "@codemirror/lang-javascript";
import { tags as t } from "@lezer/highlight";
import { basicSetup, EditorView } from "codemirror";

export interface CellEditor {
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  typescript: boolean;
  onRun(): void;
  onChange(code: string): void;
  onEscape(): void;
}

/** Code colours as CSS variables (src/style.css sets them for the light and the dark
 * scheme), so the editor follows the page's colour scheme, even when it changes while
 * editing. It replaces basicSetup's fallback style, whose light colours (#708, #00f, #a11)
 * are unreadable on the dark theme's background. */
export const codeHighlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: "var(--book-code-keyword)" },
  { tag: [t.string, t.special(t.string), t.regexp, t.escape], color: "var(--book-code-string)" },
  { tag: [t.number, t.bool, t.null, t.atom, t.constant(t.name), t.standard(t.name)], color: "var(--book-code-constant)" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))], color: "var(--book-code-function)" },
  { tag: [t.typeName, t.className, t.namespace, t.self], color: "var(--book-code-type)" },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: "var(--book-code-comment)", fontStyle: "italic" },
  { tag: t.invalid, color: "var(--book-code-invalid)" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" }
]);

// The page's theme through Framework's CSS variables; `dark` picks CodeMirror's dark base
// styles (selection, search panel, tooltips).
const pageTheme = (dark: boolean) =>
  EditorView.theme(
    {
      "&": { backgroundColor: "var(--theme-background-alt)", color: "var(--book-code-text)" },
      ".cm-gutters": { backgroundColor: "var(--theme-background-alt)", color: "var(--theme-foreground-muted)", border: "none" },
      ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--theme-foreground-faintest)" },
      "&.cm-focused .cm-cursor": { borderLeftColor: "var(--theme-foreground)" }
    },
    { dark }
  );

export function createEditor(parent: HTMLElement, code: string, { typescript, onRun, onChange, onEscape }: EditorOptions): CellEditor {
  const run = () => (onRun(), true);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  const theme = new Compartment();
  const view = new EditorView({
    doc: code,
    parent,
    extensions: [
      basicSetup,
      javascript({ typescript }),
      syntaxHighlighting(codeHighlightStyle),
      Prec.highest(keymap.of([{ key: "Shift-Enter", run }, { key: "Mod-Enter", run }])),
      keymap.of([{ key: "Escape", run: () => (onEscape(), true) }]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ "aria-label": "代码编辑器：Shift+Enter 运行，Esc 退出" }),
      theme.of(pageTheme(scheme.matches))
    ]
  });
  const followScheme = () => view.dispatch({ effects: theme.reconfigure(pageTheme(scheme.matches)) });
  scheme.addEventListener("change", followScheme);
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    destroy: () => {
      scheme.removeEventListener("change", followScheme);
      view.destroy();
    }
  };
}
