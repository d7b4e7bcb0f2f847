// Framework's dev server on 127.0.0.1 (127.0.0.1 is a secure context: WebGPU works there).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startFramework } from "../site/framework.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { port: { type: "string", default: "3000" } } });
const child = startFramework(["preview", "--host", "127.0.0.1", "--port", values.port!, "--no-open"], root);
child.on("exit", (code) => process.exit(code ?? 0));
