/** Benchmarking as Fingertips does it: significance, peers, percentiles and the rows of the benchmarking charts. */
export * from "./benchmarking.js";
