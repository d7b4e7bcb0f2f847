// whereIsMine (components/finetune/use-mine.ts): a clear Chinese sentence for each case, and
// the store is only listed and closed, never written.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { whereIsMine } from "../../components/finetune/use-mine.js";
import { StoreUnavailableError } from "../../components/models/errors.js";
import type { ModelStore } from "../../components/models/registry.js";

const fakeStore = (names: string[], log: string[], kinds = ["layers", "layers"]) =>
  (async () => ({
    list: async () => (log.push("list"), names.map((name) => ({ name, versions: kinds.map((kind) => ({ kind })), bytes: 1 }))),
    close: () => void log.push("close")
  })) as unknown as () => Promise<ModelStore>;

describe("whereIsMine", () => {
  it("says the reader has no saved 3.2 model, or that there is one to rerun with", async () => {
    const log: string[] = [];
    assert.match(await whereIsMine(fakeStore(["other"], log)), /模型库里还没有 mnist-cnn：请先在 3\.2 节训练/);
    assert.match(await whereIsMine(fakeStore(["mnist-cnn"], log)), /有你的 mnist-cnn（2 个版本）：重新运行本单元/);
    assert.deepEqual(log, ["list", "close", "list", "close"]);
  });
  it("counts only Keras versions: a weights bundle under the CNN's name is not a CNN", async () => {
    assert.match(await whereIsMine(fakeStore(["mnist-cnn"], [], ["layers", "weights"])), /（1 个版本）/);
    assert.match(await whereIsMine(fakeStore(["mnist-cnn"], [], ["weights"])), /模型库里还没有 mnist-cnn/);
  });
  it("explains a browser without IndexedDB", async () => {
    const unavailable = async () => {
      throw new StoreUnavailableError("no idb");
    };
    assert.match(await whereIsMine(unavailable as unknown as () => Promise<ModelStore>), /不让本站使用模型库/);
  });
});
