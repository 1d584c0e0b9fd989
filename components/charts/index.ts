/** Chart components shared by every chapter page: each takes plain arrays of records and returns a Plot chart. */
export * from "./common.js";
export * from "./monthly-series.js";
export * from "./seasonality.js";
export * from "./rate-dot-plot.js";
export * from "./concentration-curve.js";
export * from "./choropleth.js";
export * from "./bars-by-category.js";
export * from "./significance.js";
export * from "./spine-chart.js";
export * from "./tartan-rug.js";
export * from "./compare-areas.js";
export * from "./trend-chart.js";
export * from "./funnel-plot.js";
export * from "./population-pyramid.js";
export * from "./district-outlines.js";
export * from "./cohort-pyramid.js";
export * from "./day-hour-heatmap.js";
