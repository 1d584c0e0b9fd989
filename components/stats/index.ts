/**
 * Statistics as public health does them (PHEindicatormethods and the Fingertips technical guidance), pure and
 * browser-safe. One module per method; each documents its formula and reference.
 */
export * from "./errors.js";
export * from "./special.js";
export * from "./poisson.js";
export * from "./rate.js";
export * from "./wilson.js";
export * from "./rate-ratio.js";
export * from "./dsr.js";
export * from "./benchmark.js";
export * from "./quantiles.js";
export * from "./trend.js";
export * from "./funnel.js";
export * from "./overdispersion.js";
