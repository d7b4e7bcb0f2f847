import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { searchProgress } from "../../components/nas/search-progress.js";
import { panelFrame } from "../../components/ui/panel-frame.js";
import { asDocument, fakeDocument, FakeElement } from "../fixtures/fake-dom.js";

const fake = (element: unknown) => element as FakeElement;

describe("the panel frame (training panel, search progress)", () => {
  it("has a title, 停止 that aborts the work, a progress bar and a status line, with the tests' hooks", () => {
    const frame = panelFrame({ title: "训练进度", stopLabel: "停止训练（保留已训练的模型）" }, asDocument(fakeDocument()));
    const element = fake(frame.element);
    assert.equal(element.className, "training-panel");
    assert.deepEqual(element.children.map((child) => child.tagName), ["div", "progress", "div"]);
    const [title, stop] = fake(frame.head).children;
    assert.equal(title.textContent, "训练进度");
    assert.equal(stop.dataset.action, "stop");
    assert.equal(stop.textContent, "停止");
    assert.equal(stop.attributes.get("aria-label"), "停止训练（保留已训练的模型）");
    assert.equal(fake(frame.bar).dataset.progress, "");
    assert.equal(fake(frame.status).className, "training-status");
    assert.equal(frame.controller.signal.aborted, false);
    stop.click();
    assert.equal(frame.controller.signal.aborted, true);
  });

  it("a start button hides 停止 until pressed, then hands focus to 停止", async () => {
    const doc = fakeDocument();
    const frame = panelFrame({ title: "t", stopLabel: "s" }, asDocument(doc));
    const started: string[] = [];
    const { button, pressed } = frame.startButton("开始训练", () => started.push("start"));
    const head = fake(frame.head);
    assert.deepEqual(head.children.map((child) => child.dataset.action ?? child.textContent), ["t", "train", "stop"]);
    assert.equal(frame.stop.hidden, true);
    fake(button).focus();
    fake(button).click();
    await pressed;
    assert.deepEqual(started, ["start"]);
    assert.deepEqual(head.children.map((child) => child.dataset.action ?? child.textContent), ["t", "stop"]);
    assert.equal(frame.stop.hidden, false);
    assert.equal(doc.activeElement, fake(frame.stop));
  });

  it("the search's progress says what it does in Chinese, live for screen readers, and tells stopped from done", async () => {
    const search = searchProgress({}, asDocument(fakeDocument()));
    const element = fake(search.element);
    const [head, , status] = element.children;
    assert.equal(status.attributes.get("aria-live"), "polite");
    assert.equal(status.textContent, "按“开始搜索”开始（期间页面可以照常使用）。");
    head.children.find((child) => child.dataset.action === "train")!.click();
    await search.ready;
    assert.equal(status.textContent, "准备中…");
    search.update(0.5, "试验 3/6");
    assert.equal((element.children[1] as unknown as { value: number }).value, 0.5);
    head.children.find((child) => child.dataset.action === "stop")!.click();
    search.finish("最好的架构：…");
    assert.equal(element.dataset.state, "stopped");
    assert.equal(status.textContent, "已停止。最好的架构：…");
  });
});
