// Accessibility fixes to the page shell Observable Framework 1.13 renders (render.js), applied
// to every built page: the shell has no `lang`, forbids zooming on phones, labels the sidebar
// toggle only by an English `title`, and puts a <label> directly inside the sidebar's <ol>.
// Each rewrite must find its target: a Framework release that changes the shell fails the
// build loudly instead of silently shipping pages without the fix.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TESTED_FRAMEWORK = "1.13.4";

interface Fix {
  name: string;
  find: string | RegExp;
  replace: string;
  /** Only pages containing this (pages rendered with a sidebar). */
  when?: string;
}

const FIXES: Fix[] = [
  { name: "lang", find: "<html>", replace: '<html lang="zh-CN">' },
  { name: "zoomable viewport", find: /(<meta name="viewport" content="width=device-width, initial-scale=1), maximum-scale=1(">)/, replace: "$1$2" },
  {
    name: "sidebar toggle label",
    find: '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">',
    replace: '<input id="observablehq-sidebar-toggle" type="checkbox" aria-label="显示或隐藏目录" title="显示或隐藏目录">',
    when: 'id="observablehq-sidebar"'
  },
  {
    name: "sidebar list children",
    find: /(<nav id="observablehq-sidebar">\s*)<ol>(\s*)(<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>)/,
    replace: "$1$3$2<ol>",
    when: 'id="observablehq-sidebar"'
  }
];

/** The page with every fix applied; throws naming the fix whose target is missing. */
export function fixPageHtml(html: string, file = "page"): string {
  let out = html;
  for (const fix of FIXES) {
    if (fix.when && !out.includes(fix.when)) continue;
    const next = out.replace(fix.find, fix.replace);
    if (next === out) throw new Error(`site/html-fixes.ts: ${file} 中找不到“${fix.name}”要修改的 Framework 页面结构（已测试的版本 ${TESTED_FRAMEWORK}）`);
    out = next;
  }
  return out;
}

/** Applies fixPageHtml to every .html page Framework wrote into `folder`; returns the count. */
export function fixBuiltPages(folder: string): number {
  let count = 0;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const path = join(entry.parentPath, entry.name);
    const html = readFileSync(path, "utf8");
    if (!html.includes('<meta name="generator" content="Observable Framework')) continue; // not a page Framework rendered
    writeFileSync(path, fixPageHtml(html, path));
    count++;
  }
  return count;
}
