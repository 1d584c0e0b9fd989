/**
 * Observable Framework configuration. Offline by construction (see docs in README "Offline"):
 * no Google Fonts, no DuckDB extension self-hosting from extensions.duckdb.org, every npm: import
 * served from the cache that scripts/seed-npm-cache.ts fills from node_modules.
 */
import {pageHead} from "./loaders/pack/print-head.ts";

export default {
  root: "src",
  output: process.env.SNA_OUTPUT_DIR ?? "dist",
  title: "SNA Workbench",
  globalStylesheets: [],
  style: "style.css",
  // The icon, the printed page's running footer and the module that prints tables in full (loaders/pack/print-head.ts).
  head: pageHead,
  footer: 'Built with SNA Workbench from a pinned data snapshot. Contains public sector information licensed under the Open Government Licence v3.0. <span data-sna="board-pack"></span>',
  duckdb: {extensions: {json: null, parquet: null}},
  search: false,
  pager: true,
  toc: true,
  pages: [
    {name: "Overview", path: "/"},
    {name: "What changed", path: "/what-changed"},
    {name: "Success measures", path: "/success-measures"},
    {name: "Place and population", path: "/place"},
    {name: "Violence profile", path: "/violence-profile"},
    {name: "Risk and protective factors", path: "/risk-factors"},
    {name: "Community voice", path: "/community-voice"},
    {name: "Evidence of what works", path: "/evidence"},
    {name: "Service mapping", path: "/service-mapping"},
    {name: "Benchmarking", path: "/benchmarking"},
    {name: "Partner data", path: "/partner-data"},
    {name: "Recommendations", path: "/recommendations"},
    {name: "Data gaps", path: "/data-gaps"},
    {name: "Explore (SQL)", path: "/explore"},
    {name: "Methods and sources", path: "/methods"},
    {name: "Accessibility statement", path: "/accessibility"}
  ]
};
