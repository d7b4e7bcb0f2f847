// Data loader (run by Framework at build time): the search documents of every page.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { extractSections } from "../site/search-docs.js";
import { tocPages } from "../site/toc.js";

let root = process.cwd();
while (!existsSync(join(root, "observablehq.config.ts")) && dirname(root) !== root) root = dirname(root);

const docs = tocPages().flatMap(({ path, name }) => {
  const file = join(root, "src", `${path.slice(1)}.md`);
  return extractSections(readFileSync(file, "utf8"), `${path.slice(1)}.html`, name);
});
process.stdout.write(JSON.stringify(docs));
