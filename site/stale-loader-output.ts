// Framework's build serves a data loader's cached output even when the loader is newer
// ("[using stale]"), so after a pull that changes a loader (e.g. a new mails format) a checkout
// would build the old file. Before every build we drop outputs older than their loader,
// with Framework's own freshness rule (loader mtime vs. output mtime).
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const LOADER_EXTENSIONS = [".ts", ".js", ".mjs", ".py", ".sh"];

/** Removes cached files under `cacheData` whose loader in `loaders` is newer; returns their names. */
export function dropStaleLoaderOutputs(cacheData: string, loaders: string): string[] {
  if (!existsSync(cacheData)) return [];
  const dropped: string[] = [];
  for (const entry of readdirSync(cacheData, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const loader = LOADER_EXTENSIONS.map((ext) => join(loaders, entry.name + ext)).find((path) => existsSync(path));
    if (!loader) continue;
    const output = join(cacheData, entry.name);
    if (statSync(output).mtimeMs < statSync(loader).mtimeMs) {
      rmSync(output);
      dropped.push(entry.name);
    }
  }
  return dropped;
}
