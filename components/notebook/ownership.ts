// Who may dispose what. A cell disposes only what its own run made; anything reachable
// from its inputs or from another cell's outputs is borrowed (`const m = cnnStage.model`
// must not destroy the model that another cell trained).

export interface Disposable {
  dispose(): void;
}

export function isDisposable(value: unknown): value is Disposable {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { dispose?: unknown }).dispose === "function" &&
    Object.prototype.toString.call(value) !== "[object Module]" // not `import * as tf`
  );
}

/** Everything reachable from `roots` through properties, arrays, Maps and Sets, up to a
 * depth and a count (a model's graph is large, but its weights sit a few levels down). */
export function reachable(roots: Iterable<unknown>, { depth = 6, limit = 50_000 } = {}): Set<object> {
  const seen = new Set<object>();
  let frontier: object[] = [];
  for (const root of roots) if (isObject(root) && !seen.has(root)) seen.add(root), frontier.push(root);
  for (let level = 0; level < depth && frontier.length && seen.size < limit; level++) {
    const next: object[] = [];
    for (const node of frontier) {
      for (const child of children(node)) {
        if (!isObject(child) || seen.has(child)) continue;
        seen.add(child);
        next.push(child);
        if (seen.size >= limit) return seen;
      }
    }
    frontier = next;
  }
  return seen;
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

function* children(node: object): Iterable<unknown> {
  if (node instanceof Map) {
    yield* node.keys();
    yield* node.values();
  } else if (node instanceof Set) yield* node;
  if (ArrayBuffer.isView(node) || node instanceof ArrayBuffer || isDomNode(node) || typeof node === "function") return;
  if (Array.isArray(node)) {
    yield* node;
    return;
  }
  for (const key of Object.keys(node)) {
    try {
      yield (node as Record<string, unknown>)[key];
    } catch {
      // a getter that throws
    }
  }
}

function isDomNode(node: object): boolean {
  return typeof Node !== "undefined" && node instanceof Node;
}

/** The disposable outputs a run owns: not reachable from what it borrowed. */
export function ownedOutputs(outputs: Record<string, unknown>, borrowedRoots: Iterable<unknown>): Disposable[] {
  const candidates = Object.values(outputs).filter(isDisposable);
  if (!candidates.length) return [];
  const borrowed = reachable(borrowedRoots);
  return candidates.filter((value) => !borrowed.has(value));
}
