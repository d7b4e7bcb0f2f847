// The one place where the notebook engine meets Observable Framework's client. Framework
// 1.13's client exports only `define(cell)`; rerunning an edited cell also needs `undefine`
// and the runtime's main module. The book's patch (patches/@observablehq+framework+*.patch,
// applied by scripts/setup.ts through patch-package) exports both, unchanged, from the
// client's own module. What a reader's cell may name (knownNames) is read from the runtime's
// scopes: @observablehq/runtime has no public way to list them, so that read lives here too,
// checked when the page starts rather than failing later inside a cell.
import type { FrameworkClient } from "./notebook.js";

/** What `observablehq:client` exports once the book's patch is applied. */
export interface PatchedClient {
  define: FrameworkClient["define"];
  undefine?: (id: string) => void;
  main?: unknown;
}

interface RuntimeModule {
  _scope: Map<string, unknown>;
  _runtime: { _builtin: { _scope: Map<string, unknown> } };
}

export class FrameworkMismatchError extends Error {
  constructor(what: string) {
    super(`本书的笔记本引擎无法连接 Observable Framework 的运行时（${what}）。请在仓库里运行 npm run setup（它会应用 patches/ 中的补丁），并确认安装的 Framework 版本与 patches/ 中补丁的版本一致。`);
    this.name = "FrameworkMismatchError";
  }
}

export function connectFramework({ define, undefine, main }: PatchedClient): FrameworkClient {
  if (typeof undefine !== "function") throw new FrameworkMismatchError("客户端没有导出 undefine");
  const module = main as Partial<RuntimeModule> | undefined;
  if (!(module?._scope instanceof Map) || !(module._runtime?._builtin?._scope instanceof Map)) throw new FrameworkMismatchError("运行时的作用域结构与已测试的版本不同");
  const { _scope: scope, _runtime: runtime } = module as RuntimeModule;
  // Framework's undefine throws for an id it never defined; the engine undefines before
  // every (re)definition, the first included.
  const defined = new Set<string>();
  return {
    define(cell) {
      define(cell);
      defined.add(cell.id);
    },
    undefine(id) {
      if (defined.delete(id)) undefine(id);
    },
    knownNames: () => new Set([...scope.keys(), ...runtime._builtin._scope.keys()])
  };
}
