import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { table } from "../../components/charts/table.js";

// A minimal document: enough of the DOM for table() (tables are built with createElement).
class FakeNode {
  children: FakeNode[] = [];
  dataset: Record<string, string> = {};
  textContent = "";
  constructor(readonly tag: string) {}
  appendChild(child: FakeNode) {
    this.children.push(child);
    return child;
  }
  createCaption() {
    return this.appendChild(new FakeNode("caption"));
  }
  createTHead() {
    return this.appendChild(new FakeNode("thead"));
  }
  createTBody() {
    return this.appendChild(new FakeNode("tbody"));
  }
  insertRow() {
    return this.appendChild(new FakeNode("tr"));
  }
  insertCell() {
    return this.appendChild(new FakeNode("td"));
  }
}
const doc = { createElement: (tag: string) => new FakeNode(tag) } as unknown as Document;

describe("table", () => {
  it("lays out rows under the union of their keys, formatting numbers", () => {
    const t = table([{ 名称: "dW", 差: 1.234e-7 }, { 名称: "db", 差: 0.5, 备注: "ok" }], { caption: "后端", output: "grad" }, doc) as unknown as FakeNode;
    assert.equal(t.dataset.output, "grad");
    const [caption, head, body] = t.children;
    assert.equal(caption.textContent, "后端");
    assert.deepEqual(head.children[0].children.map((c) => c.textContent), ["名称", "差", "备注"]);
    assert.deepEqual(body.children.map((r) => r.children.map((c) => c.textContent)), [["dW", "1.23e-7", ""], ["db", "0.5000", "ok"]]);
  });
});
