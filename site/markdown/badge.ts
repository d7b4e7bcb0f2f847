// Every page gets one hidden block that fills the header's compute badge
// (components/backend/badge.ts; it loads no tfjs: detection asks the browser directly) and keeps
// scrollable regions reachable by keyboard (components/ui/scroll-focus.ts), and adds the
// slides mode (`?slides`, components/ui/slides-view.ts).
import type MarkdownIt from "markdown-it";

export function backendBadgePlugin(md: MarkdownIt): void {
  md.core.ruler.push("backend_badge", (state) => {
    const block = new state.Token("fence", "code", 0);
    block.info = "js echo=false";
    block.content = 'import {mountBackendBadge} from "./components/backend/badge.js";\nmountBackendBadge(document.querySelector("[data-backend-badge]"));\nimport {keepScrollablesFocusable} from "./components/ui/scroll-focus.js";\nkeepScrollablesFocusable();\nimport {mountSlides} from "./components/ui/slides-view.js";\nmountSlides();';
    state.tokens.push(block);
  });
}
