// The calculator's form: NaN, empty, negative, fractional, unsafe and overflowing values each
// get a Chinese message for their field and nothing is computed; a valid form gives the report.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readMemoryForm, readPositiveInteger, type MemoryForm } from "../../components/memory/inputs.js";
import { MEMORY_PRESETS } from "../../components/memory/presets.js";

const llama = MEMORY_PRESETS.find((p) => p.name === "LLaMA-7B")!;
const form: MemoryForm = { layers: "32", dModel: "4096", heads: "32", vocab: "32000", ffn: "11008", sequence: "2048", batch: "4", microBatches: "4", gpus: "8" };
const read = (changes: Partial<MemoryForm>) => readMemoryForm({ ...form, ...changes }, llama.shape, "mixed", false);

describe("readPositiveInteger", () => {
  it("explains each kind of bad value in Chinese", () => {
    assert.match(String(readPositiveInteger("", "层数")), /是空的/);
    assert.match(String(readPositiveInteger("abc", "层数")), /不是数字/);
    assert.match(String(readPositiveInteger("NaN", "层数")), /不是数字/);
    assert.match(String(readPositiveInteger("-3", "层数")), /必须大于 0/);
    assert.match(String(readPositiveInteger("0", "层数")), /必须大于 0/);
    assert.match(String(readPositiveInteger("2.5", "层数")), /必须是整数/);
    assert.match(String(readPositiveInteger("1e400", "层数")), /超出了双精度/);
    assert.match(String(readPositiveInteger("1e17", "层数")), /2⁵³/);
    assert.equal(readPositiveInteger(" 12 ", "层数"), 12);
  });
});

describe("readMemoryForm", () => {
  it("gives LLaMA-7B's 6.74 billion parameters and 108 GB of model states", () => {
    const input = read({});
    assert.ok(input.ok);
    assert.equal(input.report.parameters, 6_738_415_616);
    assert.equal(input.report.modelStates, 16 * 6_738_415_616);
  });

  it("puts each message on its own field and computes nothing", () => {
    const input = read({ layers: "x", heads: "5", batch: "-1" });
    assert.equal(input.ok, false);
    if (input.ok) return;
    assert.match(input.errors.layers!, /层数.*不是数字/);
    assert.match(input.errors.heads!, /不能被头数 5 整除/);
    assert.match(input.errors.batch!, /必须大于 0/);
    assert.match(read({ microBatches: "3" }).ok ? "" : (read({ microBatches: "3" }) as { errors: { microBatches: string } }).errors.microBatches, /不能被微批个数 3 整除/);
  });

  it("refuses a configuration whose bytes overflow double precision", () => {
    const huge = read({ layers: "9000000000000000", dModel: "9000000000000000", heads: "1", ffn: "9000000000000000", vocab: "9000000000000000" });
    assert.equal(huge.ok, false);
    if (!huge.ok) assert.match(Object.values(huge.errors).join(" "), /超出了双精度|2⁵³/);
    const overflow = read({ layers: "9000000000000000", dModel: "9000000000000000", heads: "1", sequence: "9000000000000000", batch: "9000000000000000" });
    assert.equal(overflow.ok, false);
  });
});
