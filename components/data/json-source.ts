// The book's JSON data files arrive as a FileAttachment or Response (pages), as text (Node
// tests read a loader's output) or already parsed. One reader for all, so every loader
// reports a broken file the same way: as its own error type, with the parser's message.
export type JsonSource = { json(): Promise<unknown> } | string | object;

export async function readJson(source: JsonSource, fail: (detail: string) => Error): Promise<unknown> {
  try {
    if (typeof source === "string") return JSON.parse(source);
    if ("json" in source && typeof source.json === "function") return await source.json();
    return source;
  } catch (error) {
    throw fail(`不是合法的 JSON（${(error as Error).message}）`);
  }
}
