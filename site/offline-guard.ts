// The book makes no request outside itself. Every browser context the tests, the benchmark
// and the PDF printer open goes through this one guard: requests to the local server, data:
// and blob: URLs pass; anything else is aborted and recorded, so a test can fail on it.
import type { BrowserContext } from "playwright-core";

/** Blocks requests that leave the machine; returns the list the blocked URLs are added to. */
export async function blockOutsideRequests(context: BrowserContext): Promise<string[]> {
  const external: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
    external.push(url.href);
    return route.abort("blockedbyclient");
  });
  return external;
}
