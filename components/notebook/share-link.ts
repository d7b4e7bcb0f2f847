// Opening a share link (#share=cell.payload): the code goes into that cell, which waits for
// the reader to run it; the page scrolls to it; cells that read it say why they wait. A
// link that cannot be used (bad characters, a cell this page does not have, a payload
// that does not decode) says so at the top of the page instead of being ignored.
import { decodeCode, parseShareHash } from "./share.js";

export interface ShareTarget {
  readonly id: string;
  showShared(code: string): void;
  showNotice(message: string): void;
  scrollIntoView(): void;
}

export async function openShareLink<T extends ShareTarget>(doc: Document, cells: readonly T[]): Promise<T | null> {
  const shared = parseShareHash(doc.location.hash);
  if (!shared) return null;
  if ("error" in shared) {
    pageNotice(doc, `这个分享链接无法使用：${shared.error}。页面显示的是书中的代码。`);
    return null;
  }
  const cell = cells.find((c) => c.id === shared.cell);
  if (!cell) {
    pageNotice(doc, `这个分享链接指向代码单元「${shared.cell}」，但本页没有这个单元（也许书已经更新，或链接属于另一页）。页面显示的是书中的代码。`);
    return null;
  }
  try {
    cell.showShared(await decodeCode(shared.payload));
  } catch {
    cell.showNotice("这个分享链接已损坏，无法读出其中的代码；下面是书中的代码。");
    return null;
  } finally {
    cell.scrollIntoView();
  }
  return cell;
}

/** A message at the top of the page's content; `hook` names its data- attribute for tests. */
export function pageNotice(doc: Document, message: string, hook = "shareNotice"): HTMLElement {
  const notice = doc.createElement("div");
  notice.className = "book-page-notice";
  notice.dataset[hook] = "";
  notice.setAttribute("role", "alert");
  notice.textContent = message;
  const main = doc.querySelector("#observablehq-main, main") ?? doc.body;
  main.prepend(notice);
  return notice;
}

/** The cells that read `held`'s outputs, directly or through other cells, with the names
 * through which each waits. */
export function waitingOn(held: string, cells: ReadonlyMap<string, { inputs: readonly string[]; outputs: readonly string[] }>): Map<string, string[]> {
  const waiting = new Map<string, string[]>();
  const blocked = new Set([held]);
  let grew = true;
  while (grew) {
    grew = false;
    const names = new Set([...blocked].flatMap((id) => cells.get(id)?.outputs ?? []));
    for (const [id, cell] of cells) {
      if (blocked.has(id)) continue;
      const through = cell.inputs.filter((name) => names.has(name));
      if (!through.length) continue;
      blocked.add(id);
      waiting.set(id, through);
      grew = true;
    }
  }
  return waiting;
}
