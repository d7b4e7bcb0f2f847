import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { connectFramework, FrameworkMismatchError } from "../../components/notebook/framework-client.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function fakeRuntime() {
  const calls: string[] = [];
  const main = { _scope: new Map([["data", 1]]), _runtime: { _builtin: { _scope: new Map([["FileAttachment", 1]]) } } };
  return { calls, client: { define: (cell: { id: string }) => calls.push(`define ${cell.id}`), undefine: (id: string) => calls.push(`undefine ${id}`), main } };
}

describe("the Framework client adapter", () => {
  it("undefines only what it defined, and lists the runtime's names", () => {
    const { calls, client } = fakeRuntime();
    const framework = connectFramework(client);
    framework.undefine("a"); // before the first definition: nothing to undo
    framework.define({ id: "a", inputs: [], outputs: ["x"], body: () => 1 });
    framework.undefine("a");
    framework.undefine("a");
    assert.deepEqual(calls, ["define a", "undefine a"]);
    assert.deepEqual([...framework.knownNames()].sort(), ["FileAttachment", "data"]);
  });

  it("fails loudly, in Chinese, when the client is not patched or the runtime changed", () => {
    const { client } = fakeRuntime();
    assert.throws(() => connectFramework({ define: client.define }), (error: Error) => error instanceof FrameworkMismatchError && /undefine/.test(error.message) && /npm run setup/.test(error.message));
    assert.throws(() => connectFramework({ ...client, main: { _scope: {} } }), FrameworkMismatchError);
  });

  it("the installed Framework client exports undefine and main (the patch is applied and fits)", () => {
    const index = readFileSync(join(root, "node_modules/@observablehq/framework/dist/client/index.js"), "utf8");
    assert.match(index, /export\s*\{[^}]*\bundefine\b[^}]*\bmain\b[^}]*\}/);
    const version = JSON.parse(readFileSync(join(root, "node_modules/@observablehq/framework/package.json"), "utf8")).version;
    assert.deepEqual(readdirSync(join(root, "patches")).filter((name) => name.startsWith("@observablehq+framework+")), [`@observablehq+framework+${version}.patch`]);
  });
});

describe("private fields and prototype patches stay in the adapters", () => {
  // The adapters: Framework's client (this file's subject), tfjs internals (tf-adapter.ts).
  const ADAPTERS = new Set(["components/notebook/framework-client.ts", "components/notebook/tf-adapter.ts"]);
  function* sources(dir: string): Generator<string> {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) yield* sources(path);
      else if (/\.ts$/.test(entry.name)) yield path;
    }
  }
  // resources.ts wraps the browser's own addEventListener (not Framework's or tfjs's code) so
  // that a rerun removes the listeners a cell added.
  const BROWSER_WRAPPERS = new Set(["components/notebook/resources.ts"]);
  it("no module outside them assigns to a prototype", () => {
    const offenders = [...sources("components"), ...sources("site")].filter((path) => !ADAPTERS.has(path) && !BROWSER_WRAPPERS.has(path) && /\.prototype\.\w+\s*=[^=]/.test(readFileSync(join(root, path), "utf8")));
    assert.deepEqual(offenders, []);
  });
  it("no notebook module outside them reads the runtime's private fields", () => {
    const offenders = [...sources("components/notebook")].filter((path) => !ADAPTERS.has(path) && /\._(scope|runtime|builtin|module|nodes)\b/.test(readFileSync(join(root, path), "utf8")));
    assert.deepEqual(offenders, []);
  });
});
