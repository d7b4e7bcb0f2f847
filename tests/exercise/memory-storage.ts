// A Storage for unit tests, with an optional quota (bytes of keys + values) that throws a
// QuotaExceededError like a browser's localStorage when full.
export function memoryStorage({ quota = Infinity } = {}): Storage {
  const data = new Map<string, string>();
  const size = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
    getItem: (key) => data.get(key) ?? null,
    setItem(key, value) {
      const before = data.get(key);
      data.set(key, String(value));
      if (size() > quota) {
        if (before === undefined) data.delete(key);
        else data.set(key, before);
        throw Object.assign(new Error("quota exceeded"), { name: "QuotaExceededError" });
      }
    },
    removeItem: (key) => void data.delete(key),
    clear: () => data.clear()
  };
}
