// components/ is the book's library: its folders must form layers (data → nn → train → views),
// never a cycle. A cycle between folders means neither can be understood (or reused by a later
// chapter) without the other; this test names the imports that close each cycle.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const components = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "components");

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** folder → folder → one file that makes the import (for the message). */
export function folderImports(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sources(components)) {
    const from = relative(components, file).split(sep)[0];
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from\s+|import\(\s*)"(\.{1,2}\/[^"]+)"/g)) {
      const target = relative(components, normalize(join(dirname(file), match[1])));
      if (target.startsWith("..")) continue;
      const to = target.split(sep)[0];
      if (to === from || !target.includes(sep) || !from || relative(components, file) === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, relative(components, file));
    }
  }
  return edges;
}

/** Strongly connected groups of more than one folder (Tarjan). */
export function cycles(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups;
}

describe("components/ folders", () => {
  it("finds a cycle when there is one (the check can fail)", () => {
    const edges = new Map([
      ["a", new Map([["b", "a/x.ts"]])],
      ["b", new Map([["c", "b/y.ts"]])],
      ["c", new Map([["a", "c/z.ts"]])],
      ["d", new Map([["a", "d/w.ts"]])]
    ]);
    assert.deepEqual(cycles(edges), [["a", "b", "c"]]);
  });

  it("import each other in one direction only: no cycle between folders", () => {
    const edges = folderImports();
    const found = cycles(edges).map((group) =>
      group.flatMap((from) => group.filter((to) => edges.get(from)?.has(to)).map((to) => `${from} → ${to} (${edges.get(from)!.get(to)})`)).join("; ")
    );
    assert.deepEqual(found, []);
  });
});
