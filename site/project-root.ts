// The project's root folder, found from the working directory upwards: data loaders run
// with a working directory Framework chooses.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export function projectRoot(from = process.cwd()): string {
  let root = from;
  while (!existsSync(join(root, "observablehq.config.ts")) && dirname(root) !== root) root = dirname(root);
  return root;
}
