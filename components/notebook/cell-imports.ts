// What a cell may import: the modules the page already loads (its modulepreload links),
// and @book/tf on any page. Anything else (a URL of another site, a module the page does
// not ship) is refused before any request is made.
import { CellRuns, type RunContext } from "./cell-runs.js";
import type { TfAdapter, TfModule } from "./tf-adapter.js";

export async function importForCell(doc: Document, context: RunContext, specifier: string): Promise<unknown> {
  const url = resolveImport(doc, specifier);
  if (specifier === "@book/tf") {
    const tf = await (url ? import(/* @vite-ignore */ url) : import("@book/tf"));
    return (await attachTf(context, tf)).forCells;
  }
  // d3 stays importable by readers' cells though the book's pages load only the parts they
  // draw with (components/charts/d3.ts): the whole of d3 is its own chunk, fetched from the
  // site when a cell first asks for it.
  if (specifier === "d3") return url ? import(/* @vite-ignore */ url) : import("d3");
  if (!url) throw new Error(`无法导入 "${specifier}"：代码单元只能导入本页已经加载的模块（本书的组件和 @book/tf），不能从网络导入`);
  return import(/* @vite-ignore */ url);
}

/** The first time tfjs is loaded, the engine starts tracking which run made which tensor. */
async function attachTf(context: RunContext, tf: TfModule): Promise<TfAdapter> {
  if (!context.tf) {
    const { tfAdapter } = await import("./tf-adapter.js");
    context.tf ??= tfAdapter(tf);
    CellRuns.collectFromNow(context);
  }
  context.tf.guardBackend();
  return context.tf;
}

/** An import in a cell may use what the page already loads (its modulepreload links). */
export function resolveImport(doc: Document, specifier: string): string | null {
  const hrefs = [...doc.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.href);
  let needle: string;
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    needle = `/_import/${specifier.replace(/^(\.\.?\/)+/, "").replace(/\.(js|ts)$/, "")}.`;
  } else if (/^[@\w]/.test(specifier) && !specifier.includes(":")) {
    needle = `/_node/${specifier}@`;
  } else {
    return null;
  }
  return hrefs.find((href) => href.includes(needle)) ?? null;
}
