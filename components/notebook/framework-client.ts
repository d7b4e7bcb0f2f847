// Framework 1.13's built client exports only `define(cell)`; rerunning an edited cell
// also needs `undefine` and the runtime's main module (to know which names exist). Both
// live in a private Map (cellsById) that `define` writes first thing. We reach it once,
// by calling `define` with a fresh id while Map.prototype.set is briefly patched to hand us
// the map and abort before anything changes. Tied to the pinned Framework version; tests cover it end to end.
import type { FrameworkClient } from "./start.js";

type Define = FrameworkClient["define"];
interface RuntimeVariable {
  delete(): void;
  _module: FrameworkClient["main"];
}
interface CellEntry {
  variables: RuntimeVariable[];
}

const PROBE = Symbol("probe");

export function connectFramework(define: Define, doc: Document = document): FrameworkClient {
  const cells = captureCellMap(define);
  const main = () => {
    for (const entry of cells.values()) if (entry.variables.length) return entry.variables[0]._module;
    throw new Error("Framework 运行时尚未就绪");
  };
  return {
    define,
    undefine(id) {
      const entry = cells.get(id);
      if (!entry) return;
      removeOutput(doc, id);
      entry.variables.forEach((variable) => variable.delete());
      cells.delete(id);
    },
    get main() {
      return main();
    }
  };
}

function captureCellMap(define: Define): Map<string, CellEntry> {
  const set = Map.prototype.set;
  const id = "probe-" + Math.random().toString(36).slice(2);
  let captured: Map<string, CellEntry> | undefined;
  Map.prototype.set = function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
    if (key === id) {
      captured = this as Map<string, CellEntry>;
      throw PROBE;
    }
    return set.call(this, key, value);
  };
  try {
    define({ id, inputs: [], outputs: [], body: () => undefined });
  } catch (error) {
    if (error !== PROBE) throw error;
  } finally {
    Map.prototype.set = set;
  }
  if (!captured) throw new Error("无法连接 Framework 运行时（版本不兼容？）");
  return captured;
}

/** Removes what a cell displayed (Framework keeps those nodes on its root comment). */
function removeOutput(doc: Document, id: string): void {
  const iterator = doc.createNodeIterator(doc.body, NodeFilter.SHOW_COMMENT);
  for (let node = iterator.nextNode(); node; node = iterator.nextNode()) {
    if ((node as Comment).data !== `:${id}:`) continue;
    const root = node as Comment & { _nodes?: Node[] };
    root._nodes?.forEach((child) => child.parentNode?.removeChild(child));
    if (root._nodes) root._nodes.length = 0;
  }
}
