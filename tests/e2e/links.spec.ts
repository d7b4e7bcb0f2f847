// Crawls dist/ without a browser: every local link and asset in every HTML and CSS file
// resolves to a file, nothing is absolute (the site must work under any sub-path), and no
// resource is loaded from another host.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import { root, test } from "./browser.js";

const dist = join(root, "dist");

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

function references(file: string): { url: string; resource: boolean }[] {
  const text = readFileSync(file, "utf8");
  if (extname(file) === ".css") return [...text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => ({ url: m[1], resource: true }));
  const refs: { url: string; resource: boolean }[] = [];
  for (const m of text.matchAll(/<(a|link|script|img|source)\b[^>]*?\s(href|src)="([^"]*)"/g)) refs.push({ url: m[3], resource: m[1] !== "a" });
  return refs;
}

function ids(file: string): Set<string> {
  return new Set([...readFileSync(file, "utf8").matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
}

test.describe("dist/ links and assets", () => {
  const all = [...files(dist)].filter((f) => [".html", ".css"].includes(extname(f)));
  test("has pages to crawl", () => assert.ok(all.filter((f) => f.endsWith(".html")).length >= 16));
  for (const file of all) {
    test(`${relative(dist, file)}: every local reference resolves`, () => {
      const problems: string[] = [];
      for (const { url, resource } of references(file)) {
        if (/^(data|blob|mailto):/.test(url)) continue;
        if (/^[a-z]+:\/\//i.test(url) || url.startsWith("//")) {
          if (resource) problems.push(`external resource ${url}`);
          continue; // a plain outbound link is not a request
        }
        if (url.startsWith("/")) {
          problems.push(`absolute path breaks sub-path hosting: ${url}`);
          continue;
        }
        const [path, hash] = decodeURI(url).split("#");
        let target = path ? join(dirname(file), path.split("?")[0]) : file;
        if (existsSync(target) && statSync(target).isDirectory()) target = join(target, "index.html");
        if (!existsSync(target)) problems.push(`missing ${url}`);
        else if (hash && target.endsWith(".html") && !ids(target).has(hash)) problems.push(`missing anchor ${url}`);
      }
      assert.deepEqual(problems, []);
    });
  }
});
