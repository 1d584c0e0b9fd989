/** The figure wrapper (title, chart, source line, table twin, CSV download). */
export * from "./figure.js";
export * from "./csv.js";
