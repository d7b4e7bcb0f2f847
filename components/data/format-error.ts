// A data file the book ships is broken (truncated download, wrong version, bad values):
// one error shape for every loader, naming the data set and what is wrong, so a page shows
// a clear message instead of training on NaNs. Each loader subclasses it for instanceof checks.
export class DataFormatError extends Error {
  constructor(dataset: string, detail: string) {
    super(`${dataset}数据文件无法读取：${detail}`);
    this.name = new.target.name;
  }
}
