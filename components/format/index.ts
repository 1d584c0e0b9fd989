/** Formatting helpers shared by charts, tables and pages. */
export * from "./number.js";
export * from "./month.js";
export * from "./describe.js";
export * from "./list.js";
