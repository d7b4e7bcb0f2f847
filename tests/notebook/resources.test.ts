import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELL_SOURCE_PREFIX } from "../../components/notebook/cell-body.js";
import { trackCellResources } from "../../components/notebook/resources.js";

/** A stand-in window with real timers and a real EventTarget class. */
function fakeWindow() {
  class Target extends EventTarget {}
  const win = { setTimeout, setInterval, clearTimeout, clearInterval, requestAnimationFrame: undefined, cancelAnimationFrame: undefined, EventTarget: Target, Worker: undefined };
  return win as unknown as Window & typeof globalThis & { EventTarget: typeof Target };
}

/** Code that runs as a cell's body would: its source is named book-cell:<id>. */
function asCell(id: string, code: string, ...args: [string, unknown][]) {
  const fn = new Function(...args.map(([name]) => name), `${code}\n//# sourceURL=${CELL_SOURCE_PREFIX}${id}`);
  return fn(...args.map(([, value]) => value));
}

describe("trackCellResources", () => {
  it("clears the intervals, timeouts and listeners a cell made, and only those", async () => {
    const win = fakeWindow();
    const resources = trackCellResources(win);
    let ticks = 0;
    let events = 0;
    const target = new win.EventTarget();
    asCell("ticker", "win.setInterval(() => tick(), 5); win.setTimeout(() => tick(), 10000); target.addEventListener('ping', listen);", ["win", win], ["tick", () => ticks++], ["target", target], ["listen", () => events++]);
    let outside = 0;
    const mine = win.setInterval(() => outside++, 5); // not a cell's
    assert.equal(resources.count("ticker"), 3);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.ok(ticks > 0);
    target.dispatchEvent(new Event("ping"));
    assert.equal(events, 1);
    assert.equal(resources.release("ticker"), 3);
    const before = ticks;
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(ticks, before, "the cell's interval stopped");
    target.dispatchEvent(new Event("ping"));
    assert.equal(events, 1, "the cell's listener is gone");
    assert.ok(outside > 0, "other timers run on");
    win.clearInterval(mine);
  });
  it("forgets a timeout once it has fired", async () => {
    const win = fakeWindow();
    const resources = trackCellResources(win);
    await new Promise((resolve) => asCell("once", "win.setTimeout(done, 1);", ["win", win], ["done", resolve]));
    assert.equal(resources.count("once"), 0);
  });
});
