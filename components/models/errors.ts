// The model store's errors, each with a message the page shows as it is (Chinese, saying
// what is wrong and what the reader can do). Pages tell them apart with instanceof.

/** An imported or shipped model file that cannot be used: truncated, corrupted, another
 * format, or weights that do not fit the model's layers. The store is left as it was. */
export class ModelFileError extends Error {
  constructor(detail: string) {
    super(`模型文件无法导入：${detail}。模型库没有任何改动。`);
    this.name = "ModelFileError";
  }
}

/** The browser gives this page no IndexedDB (private mode, storage blocked by settings). */
export class StoreUnavailableError extends Error {
  constructor(detail = "") {
    super(`这个浏览器现在不让本站使用 IndexedDB（常见原因：隐私/无痕模式，或浏览器设置禁止了网站存储）${detail ? `：${detail}` : ""}。模型库因此无法保存或读取模型；本页训练好的模型仍可使用。`);
    this.name = "StoreUnavailableError";
  }
}

/** A save or import did not fit in the browser's storage quota. Nothing was written. */
export class QuotaError extends Error {
  constructor(
    readonly neededBytes: number,
    readonly usage?: { usage: number; quota: number }
  ) {
    const have = usage ? `本站已用 ${formatBytes(usage.usage)}，配额 ${formatBytes(usage.quota)}（还剩约 ${formatBytes(Math.max(0, usage.quota - usage.usage))}）` : "浏览器没有报告配额";
    super(`存储空间不足：这个版本需要约 ${formatBytes(neededBytes)}，${have}。没有写入任何数据；删除不用的版本（或浏览器里其他网站的数据）后再试。`);
    this.name = "QuotaError";
  }
}

/** A version or model that is not (or no longer) in the store. */
export class MissingVersionError extends Error {
  constructor(name: string, version?: number) {
    super(version === undefined ? `模型库里没有名为“${name}”的模型` : `模型库里没有“${name}”的版本 ${version}（可能已被删除）`);
    this.name = "MissingVersionError";
  }
}

/** 900 KB / 1.2 MB, as the store's views print sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
