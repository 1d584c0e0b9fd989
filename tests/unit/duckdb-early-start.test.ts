import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {duckdbStartScript, findDuckDBStart, START_MARKER} from "../../scripts/lib/duckdb-early-start.ts";
import {fixPageTemplate} from "../../scripts/lib/html-fixes.ts";
import {EARLY_WORKER_GLOBAL} from "../../src/lib/duckdb-start.ts";

// The head of a page that imports the helper, as Framework 1.13.4 writes it (links as in a built explore.html).
const PAGE = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" type="text/css" href="../_import/style.bd0d01f5.css">
<link rel="modulepreload" href="../_observablehq/client.48a4289e.js">
<link rel="modulepreload" href="../_import/lib/duckdb-start.4e2ca5ba.js">
<link rel="modulepreload" href="../_npm/@duckdb/duckdb-wasm@1.29.0/e567b609.js">
<link rel="modulepreload" href="../_npm/apache-arrow@17.0.0/8c645515.js">
</head>
<body>`;
const FILES = [
  "_npm/@duckdb/duckdb-wasm@1.29.0/e567b609.js",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-mvp.wasm",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.4fc45517.js",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-mvp.worker.acab1fdf.js",
  "_import/lib/duckdb-start.4e2ca5ba.js"
];

describe("the script that starts DuckDB from the top of the head", () => {
  const start = findDuckDBStart(PAGE, FILES, "../")!;

  it("takes the two modules from the page's own modulepreload links and the bundles from the site's files", () => {
    expect(start).toEqual({
      module: "../_npm/@duckdb/duckdb-wasm@1.29.0/e567b609.js",
      helper: "../_import/lib/duckdb-start.4e2ca5ba.js",
      bundles: {
        mvp: {mainModule: "../_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-mvp.wasm", mainWorker: "../_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-mvp.worker.acab1fdf.js"},
        eh: {mainModule: "../_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm", mainWorker: "../_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.4fc45517.js"}
      }
    });
  });

  it("is left out of a page that does not import the helper, and of a build without DuckDB-WASM", () => {
    expect(findDuckDBStart(PAGE.replace(/.*duckdb-start.*\n/, ""), FILES, "../")).toBeNull();
    expect(findDuckDBStart(PAGE, FILES.filter((f) => !f.includes("worker")), "../")).toBeNull();
  });

  it("is a script that parses, creates the worker under the shared name and calls startDuckDB", () => {
    const script = duckdbStartScript(start);
    const code = script.replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "");
    expect(() => new Function(code)).not.toThrow();
    expect(code).toContain(`window.${EARLY_WORKER_GLOBAL}=`);
    expect(code).toContain('new URL("../_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.4fc45517.js",document.baseURI)');
    expect(code).toContain('import("../_import/lib/duckdb-start.4e2ca5ba.js")');
    expect(code).toContain("h.startDuckDB(d,");
  });

  it("goes in once, before the stylesheets (a classic script after a stylesheet waits for it)", () => {
    const fixed = fixPageTemplate(fixPageTemplate(PAGE, {duckdbStart: start}), {duckdbStart: start});
    expect(fixed.split(START_MARKER)).toHaveLength(2);
    expect(fixed.indexOf(START_MARKER)).toBeLessThan(fixed.indexOf('rel="stylesheet"'));
    expect(fixed).toMatch(/<meta charset="utf-8">\n<script data-sna="duckdb-start">/);
  });

  it("names the helper the Explore page imports", () => {
    // The page's cell and the head script must call the same module, or DuckDB would start twice.
    expect(readFileSync("src/explore.md", "utf-8")).toContain('import {startDuckDB} from "./lib/duckdb-start.js"');
  });
});
