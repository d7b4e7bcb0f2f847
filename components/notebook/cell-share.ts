// Share links from a cell's side: the link the Share button makes, and the choice a cell
// opened from a link offers (see share-link.ts for opening one, share.ts for the format).
import type { CellView } from "./cell-view.js";
import { shareUrl } from "./share.js";

/** Shows a link to `code` in the cell's notice, selected, and copies it when the browser lets us. */
export async function offerShareLink(view: CellView, cell: string, code: string, clipboard: Pick<Clipboard, "writeText"> | undefined): Promise<void> {
  const url = await shareUrl(view.doc.location.href, cell, code);
  const notice = view.notify("分享链接（打开后代码不会自动运行）：")!;
  const input = notice.appendChild(view.doc.createElement("input"));
  Object.assign(input, { value: url, readOnly: true, className: "book-cell-share" });
  input.dataset.shareLink = "";
  input.select();
  try {
    if (!clipboard) throw new Error("no clipboard");
    await clipboard.writeText(url);
    notice.firstChild!.textContent = "分享链接已复制（打开后代码不会自动运行）：";
  } catch {
    // no clipboard access (e.g. http on another host): the link is selected for copying
  }
}

/** Code from a share link is shown, not run: the reader runs it or goes back to the book's
 * code. Either way the link's hash leaves the address, so a reload shows the book again. */
export function askAboutSharedCode(view: CellView, choose: { run(): void; book(): void }): void {
  const notice = view.notify("这段代码来自分享链接，尚未运行。确认无误后再运行它：")!;
  notice.dataset.shared = "";
  const forgetLink = () => history.replaceState(null, "", view.doc.location.pathname + view.doc.location.search);
  view.choice(notice, "运行这段代码", "run-shared", () => {
    view.notify(null);
    forgetLink();
    choose.run();
  });
  view.choice(notice, "改用书中的代码", "book", () => {
    forgetLink();
    choose.book();
  });
}
