// Static code highlighting with shiki at build time, light and dark themes at once:
// the light colours are inline, the dark ones are CSS variables switched on in style.css.
import { createHighlighter } from "shiki";

export const CODE_THEMES = { light: "github-light", dark: "github-dark" } as const;
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
