// Gives every heading an id that keeps its Chinese words (see slug.ts), honouring an
// explicit `{#id}` at the end of the heading. Runs after Framework's markdown-it-anchor.
import type MarkdownIt from "markdown-it";
import { slugify, splitHeadingId } from "./slug.js";

export function headingIdsPlugin(md: MarkdownIt): void {
  md.core.ruler.push("heading_ids", (state) => {
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; ++i) {
      if (tokens[i].type !== "heading_open") continue;
      const inline = tokens[i + 1];
      const [title, explicit] = splitHeadingId(inline.content);
      if (explicit) {
        inline.content = title;
        const last = inline.children?.at(-1);
        if (last?.type === "text") last.content = splitHeadingId(last.content)[0];
      }
      let id = explicit ?? (slugify(title) || "section");
      const n = seen.get(id) ?? 0;
      seen.set(id, n + 1);
      if (n) id += `-${n + 1}`;
      tokens[i].attrSet("id", id);
    }
  });
}
