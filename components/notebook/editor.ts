// The cell editor: CodeMirror 6 with TypeScript highlighting and bracket matching (from
// basicSetup). Loaded only when a reader starts editing, so reading a page costs nothing.
import { Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { javascript } from "@codemirror/lang-javascript";
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

export function createEditor(parent: HTMLElement, code: string, { typescript, onRun, onChange, onEscape }: EditorOptions): CellEditor {
  const run = () => (onRun(), true);
  const view = new EditorView({
    doc: code,
    parent,
    extensions: [
      basicSetup,
      javascript({ typescript }),
      Prec.highest(keymap.of([{ key: "Shift-Enter", run }, { key: "Mod-Enter", run }])),
      keymap.of([{ key: "Escape", run: () => (onEscape(), true) }]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ "aria-label": "代码编辑器：Shift+Enter 运行，Esc 退出" }),
      // Follow the page's light or dark theme (Framework's CSS variables).
      EditorView.theme(
        {
          "&": { backgroundColor: "var(--theme-background-alt)", color: "var(--theme-foreground)" },
          ".cm-gutters": { backgroundColor: "var(--theme-background-alt)", color: "var(--theme-foreground-muted)", border: "none" },
          ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--theme-foreground-faintest)" },
          "&.cm-focused .cm-cursor": { borderLeftColor: "var(--theme-foreground)" }
        },
        { dark: matchMedia("(prefers-color-scheme: dark)").matches }
      )
    ]
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
    destroy: () => view.destroy()
  };
}
