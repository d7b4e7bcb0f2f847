// The parts of d3 the book's charts use, imported from d3's sub-packages: a page loads these
// (about 47 KB gzipped, measured on the built files) instead of all of d3 (about 100 KB)
// before its first cell runs (issue 24). Contour plots take d3-contours.ts, which adds the
// contour and projection parts (16 KB) that only they need. Readers' cells can still
// `import * as d3 from "d3"`; only the book's own modules go through here.
export { create, select } from "d3-selection";
export { scaleLinear, scaleLog, scaleBand, scaleOrdinal, scaleSqrt, scaleDiverging } from "d3-scale";
export { axisLeft, axisBottom } from "d3-axis";
export { extent, max, min, range, sum, bin } from "d3-array";
export { line, curveStepAfter } from "d3-shape";
export { format } from "d3-format";
export { rgb } from "d3-color";
export {
  interpolateRdBu,
  interpolateOranges,
  interpolateViridis,
  interpolateGreys,
  interpolateBlues,
  schemeTableau10,
} from "d3-scale-chromatic";
