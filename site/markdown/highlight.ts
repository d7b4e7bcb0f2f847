// Static code highlighting with shiki at build time, light and dark themes at once:
// the light colours are inline, the dark ones are CSS variables switched on in style.css.
import { createHighlighter } from "shiki";

// The "-default" GitHub themes: the older github-light/-dark colour parameters and comments below
// the 4.5:1 contrast a reader with low vision needs (axe-core, tests/e2e/a11y.spec.ts).
export const CODE_THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;
const LANGUAGES = ["typescript", "javascript", "python", "bash", "json", "html", "css"] as const;
const ALIASES: Record<string, string> = { ts: "typescript", js: "javascript", py: "python", sh: "bash", shell: "bash", pytorch: "python" };

export type Highlight = (code: string, lang: string) => string;

export async function createCodeHighlighter(): Promise<Highlight> {
  const highlighter = await createHighlighter({ themes: Object.values(CODE_THEMES), langs: [...LANGUAGES] });
  const loaded = new Set<string>(highlighter.getLoadedLanguages());
  return (code, lang) => {
    const name = ALIASES[lang] ?? lang;
    return highlighter.codeToHtml(code, {
      lang: loaded.has(name) ? name : "text",
      themes: CODE_THEMES,
      defaultColor: "light"
    });
  };
}
