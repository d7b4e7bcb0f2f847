// The server's request queue (第7章 7.2): first in, first out, with a bound. A bound is
// what keeps an overloaded server honest: past it a request is refused at once with a
// message, instead of waiting longer and longer until every caller has given up.

export class QueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`服务器繁忙：队列里已有 ${limit} 个请求在等待，这个请求被拒绝（降低请求速率，或调大批大小让服务器跑得更快）`);
    this.name = "QueueFullError";
  }
}

export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`队列上限必须是正整数，收到 ${limit}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** The oldest waiting item, without removing it. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  push(item: T): void {
    if (this.size >= this.limit) throw new QueueFullError(this.limit);
    this.items.push(item);
  }

  /** Removes and returns up to `n` items, oldest first. */
  take(n: number): T[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    // Compact now and then so a long-running queue does not keep every item it ever held.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}
