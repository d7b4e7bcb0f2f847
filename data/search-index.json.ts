// Data loader (run by Framework at build time): the search documents of every page.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../site/project-root.js";
import { extractSections } from "../site/search-docs.js";
import { tocPages } from "../site/toc.js";

const root = projectRoot();

const docs = tocPages().flatMap(({ path, name }) => {
  const file = join(root, "src", `${path.slice(1)}.md`);
  return extractSections(readFileSync(file, "utf8"), `${path.slice(1)}.html`, name);
});
process.stdout.write(JSON.stringify(docs));
