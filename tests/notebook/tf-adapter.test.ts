import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { TensorTooLargeError, formatBytes } from "../../components/notebook/errors.js";
import { SUPPORTED_TFJS, tfAdapter, type TfModule } from "../../components/notebook/tf-adapter.js";

describe("tfAdapter", () => {
  it("is built for the tfjs the book ships", () => {
    assert.equal(tf.version.tfjs, SUPPORTED_TFJS);
  });
  it("records the tensors made while exactly one run collects", async () => {
    await tf.ready();
    const adapter = tfAdapter(tf as unknown as TfModule);
    const one = adapter.collect("one");
    const a = tf.zeros([2]);
    const v = tf.variable(tf.ones([2]));
    const two = adapter.collect("two");
    const shared = tf.zeros([3]);
    adapter.stopCollecting(two);
    adapter.stopCollecting(one);
    const after = tf.zeros([1]);
    assert.ok(one.exclusive.has(a as never), "made alone: this run's");
    assert.ok(![...one.exclusive].includes(shared as never), "made while two ran: nobody's");
    assert.equal(two.shared, 1);
    assert.ok(![...one.exclusive].includes(after as never));
    assert.ok([...one.exclusive].some((t) => t.id === v.id), "variables too");
    const three = adapter.collect("three");
    const four = adapter.collect("four");
    const named = new Function("tf", `return tf.zeros([4]);\n//# sourceURL=book-cell:four`)(tf);
    adapter.stopCollecting(three);
    adapter.stopCollecting(four);
    assert.ok(four.exclusive.has(named), "made by cell four's code while two cells ran");
    assert.equal(three.exclusive.size, 0);
    tf.dispose([a, v, shared, after, named]);
  });
  it("refuses another tfjs version loudly", () => {
    const fake = { version: { "tfjs-core": "9.9.9" }, engine: () => ({ trackTensor() {} }), getBackend: () => "cpu", findBackend: () => null };
    assert.throws(() => tfAdapter(fake), /只支持 tfjs 4\.22\.0，这里是 9\.9\.9/);
  });
  it("turns a failed allocation into an error naming the shape and bytes", () => {
    const backend = { write: (_values: unknown, _shape: number[], _dtype: string): unknown => { throw new RangeError("offset is out of bounds"); } };
    const fake = { version: { "tfjs-core": SUPPORTED_TFJS }, engine: () => ({ trackTensor() {} }), getBackend: () => "wasm", findBackend: () => backend };
    tfAdapter(fake);
    assert.throws(() => backend.write(null, [60000, 60000], "float32"), (error: Error) => error instanceof TensorTooLargeError && /\[60000, 60000\].*14\.4 GB.*wasm/.test(error.message));
    assert.throws(() => backend.write(null, [10, 10], "float32"), /400 B/);
    assert.match(formatBytes(14_400_000_000), /^14\.4 GB（14,400,000,000 字节）$/);
  });
});

describe("tf as cells see it", () => {
  it("names the shape and bytes when a shaped op cannot get its memory, and is tf otherwise", async () => {
    const adapter = tfAdapter(tf as unknown as TfModule);
    const cellTf = adapter.forCells as typeof tf;
    assert.throws(() => cellTf.zeros([60000, 60000, 100]), (error: Error) => error instanceof TensorTooLargeError && /\[60000, 60000, 100\]/.test(error.message) && /1\.4 TB/.test(error.message));
    const t = cellTf.ones([2]);
    assert.deepEqual(Array.from(await t.data()), [1, 1]);
    assert.equal(cellTf.add, tf.add);
    t.dispose();
  });
});
