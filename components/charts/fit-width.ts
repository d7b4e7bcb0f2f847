// Charts that follow their container's width, in two kinds:
// - fillWidth: charts with axes (line, bars) take the container's whole width and are drawn
//   again, at the new width, whenever it changes (ResizeObserver), so text and ticks keep
//   their size;
// - shrinkToFit: charts with a natural size (heatmaps, confusion matrix) keep it where there
//   is room and scale down, through their viewBox, in a narrower container (a phone).

/** Draws `draw(width)` now (at `width`, before the chart is on the page) and again at the
 * chart's own width each time the page lays it out at another width. The returned element
 * is the first drawing; later drawings replace its attributes and children in place, so
 * references, data attributes set by the caller and listeners stay valid. */
export function fillWidth<T extends SVGSVGElement>(width: number, draw: (width: number) => T): T {
  const svg = draw(width);
  Object.assign(svg.style, { display: "block", width: "100%", height: "auto" });
  let drawn = width;
  if (typeof ResizeObserver === "undefined") return svg;
  new ResizeObserver(([entry]) => {
    const next = Math.floor(entry.contentRect.width);
    if (next < 1 || next === drawn) return;
    drawn = next;
    const fresh = draw(next);
    for (const name of ["width", "height", "viewBox"]) svg.setAttribute(name, fresh.getAttribute(name) ?? "");
    svg.replaceChildren(...fresh.childNodes);
  }).observe(svg);
  return svg;
}

/** Lets a chart of natural size scale down to a narrower container, keeping its proportions. */
export function shrinkToFit<T extends SVGSVGElement>(svg: T): T {
  Object.assign(svg.style, { maxWidth: "100%", height: "auto" });
  return svg;
}
