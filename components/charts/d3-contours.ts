// d3.ts plus contour lines and the projection that draws them (d3-contour, d3-geo: 16 KB
// gzipped), for the one chart that needs them (optim/trajectory-plot.ts), so that other
// chart pages do not load them.
export * from "./d3.js";
export { contours } from "d3-contour";
export { geoPath, geoTransform } from "d3-geo";
