import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fillWidth, shrinkToFit } from "../../components/charts/fit-width.js";

// Just enough of an <svg> for fit-width.ts: attributes, children and a style object.
class FakeSvg {
  style: Record<string, string> = {};
  attributes = new Map<string, string>();
  childNodes: string[] = [];
  constructor(width: number) {
    this.setAttribute("width", String(width));
    this.setAttribute("viewBox", `0 0 ${width} 100`);
    this.childNodes = [`drawing at ${width}`];
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  replaceChildren(...nodes: string[]) {
    this.childNodes = nodes;
  }
}

// A ResizeObserver whose notifications the test sends by hand.
let observers: { callback: (entries: { contentRect: { width: number } }[]) => void; target?: unknown }[] = [];
class FakeResizeObserver {
  constructor(readonly callback: (entries: { contentRect: { width: number } }[]) => void) {
    observers.push(this);
  }
  target?: unknown;
  observe(target: unknown) {
    this.target = target;
  }
}
const resize = (width: number) => observers.forEach((o) => o.callback([{ contentRect: { width } }]));

describe("fillWidth", () => {
  beforeEach(() => {
    observers = [];
    Object.assign(globalThis, { ResizeObserver: FakeResizeObserver });
  });
  afterEach(() => {
    delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
  });

  const chart = (draws: number[]) =>
    fillWidth(480, (width) => {
      draws.push(width);
      return new FakeSvg(width) as unknown as SVGSVGElement;
    }) as unknown as FakeSvg;

  it("draws at the given width first and takes the container's width", () => {
    const draws: number[] = [];
    const svg = chart(draws);
    assert.deepEqual(draws, [480]);
    assert.deepEqual(svg.style, { display: "block", width: "100%", height: "auto" });
    assert.equal(observers[0].target, svg);
  });

  it("redraws in place at each new laid-out width, and only then", () => {
    const draws: number[] = [];
    const svg = chart(draws);
    resize(480);
    resize(0); // hidden or detached: nothing to draw
    resize(702.6);
    resize(702.2);
    assert.deepEqual(draws, [480, 702]);
    assert.equal(svg.getAttribute("viewBox"), "0 0 702 100");
    assert.equal(svg.getAttribute("width"), "702");
    assert.deepEqual(svg.childNodes, ["drawing at 702"]);
    resize(326);
    assert.deepEqual(svg.childNodes, ["drawing at 326"]);
  });

  it("still draws where there is no ResizeObserver (Node)", () => {
    delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
    const draws: number[] = [];
    chart(draws);
    assert.deepEqual(draws, [480]);
  });
});

describe("shrinkToFit", () => {
  it("lets the chart scale down, keeping its proportions", () => {
    const svg = shrinkToFit(new FakeSvg(168) as unknown as SVGSVGElement) as unknown as FakeSvg;
    assert.deepEqual(svg.style, { maxWidth: "100%", height: "auto" });
  });
});
