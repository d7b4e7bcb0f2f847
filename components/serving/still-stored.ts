// A version the server is answering with may be deleted from the model store meanwhile
// (in another tab, on the 模型库 page). The server keeps its loaded copy; the page says so.
import { MissingVersionError } from "../models/errors.js";
import { ModelStore } from "../models/registry.js";

/** null while the version is still stored; else a Chinese sentence for the page. */
export async function deletedVersionNote(name: string, version: number, label: string): Promise<string | null> {
  let store: ModelStore;
  try {
    store = await ModelStore.open();
  } catch {
    return null; // no store in this browser: nothing can have been deleted from it
  }
  try {
    await store.get(name, version);
    return null;
  } catch (error) {
    if (!(error instanceof MissingVersionError)) throw error;
    return `注意：${label}（${name} 版本 ${version}）已从模型库中删除。服务器仍用加载时复制进内存的那一份回答请求，结果不受影响；但页面关闭后就无法再加载它。要停止使用它，请回滚或换一个版本；要保留它，请在模型库页面重新导入导出的文件。`;
  } finally {
    store.close();
  }
}
