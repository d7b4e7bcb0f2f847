// Observable Framework configuration. The site must work offline and under any sub-path:
// no CDN imports, no Google Fonts, relative links (preserveExtension → "page.html").
import { katexAssetPath } from "./site/package-assets.js";
import { configureMarkdown } from "./site/markdown/index.js";
import { toc } from "./site/toc.js";

export default {
  title: "动手学深度学习与大模型（交互版）",
  root: "src",
  pages: toc.filter((entry) => !("path" in entry) || entry.path !== "/index"), // the home page leads the sidebar by itself
  pager: true,
  toc: { show: true, label: "本页目录" },
  search: false, // replaced by src/search.md: Framework's index cannot split Chinese
  preserveExtension: true, // links end in .html: no URL rewriting needed on a static host
  theme: ["air", "near-midnight"],
  style: "style.css",
  globalStylesheets: [],
  head: `<link rel="stylesheet external" href="${katexAssetPath}/katex.min.css">
<link rel="icon" href="data:,">`,
  header: `<div class="book-header">
  <a class="book-title" href="/index">动手学深度学习与大模型</a>
  <form class="book-search" action="search.html" method="get" role="search">
    <input type="search" name="q" placeholder="搜索全书，如：卷积、注意力" aria-label="搜索全书" data-search-box>
  </form>
  <span class="backend-badge" data-backend-badge aria-live="polite"></span>
</div>`,
  footer: "本书完全在浏览器中运行，不向外部服务器发出任何请求。",
  markdownIt: configureMarkdown
};
