import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {duckdbFiles, duckdbWhenIdleScript, duckdbWorkerScript, findDuckDBWorker, START_MARKER} from "../../scripts/lib/duckdb-early-start.ts";
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
</head>
<body>`;
const FILES = [
  "_npm/@duckdb/duckdb-wasm@1.29.0/e567b609.js",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.4fc45517.js",
  "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-mvp.worker.acab1fdf.js",
  "_import/lib/duckdb-start.4e2ca5ba.js"
];
const WORKER = "../_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.4fc45517.js";

describe("the script that creates DuckDB's worker from the top of the head", () => {
  it("is for pages that import the helper, with the eh bundle's worker relative to the page", () => {
    expect(findDuckDBWorker(PAGE, duckdbFiles(FILES), "../")).toBe(WORKER);
    expect(findDuckDBWorker(PAGE.replace(/.*duckdb-start.*\n/, ""), duckdbFiles(FILES), "../")).toBeNull();
    expect(findDuckDBWorker(PAGE, duckdbFiles(FILES.filter((f) => !f.includes("eh.worker"))), "../")).toBeNull();
    // A live chapter starts DuckDB through src/lib/live-page.ts as it opens: its worker is created early too.
    expect(findDuckDBWorker(PAGE.replace(/duckdb-start\.4e2ca5ba/, "live-page.85fca77d"), duckdbFiles(FILES), "../")).toBe(WORKER);
    expect(findDuckDBWorker(PAGE.replace(/duckdb-start\.4e2ca5ba/, "live-pages.85fca77d"), duckdbFiles(FILES), "../")).toBeNull();
  });

  it("picks the site's engine, the newest version, when Framework's DuckDBClient brings the version it pins along", () => {
    const both = [...FILES, "_npm/@duckdb/duckdb-wasm@1.32.0/663ab181.js", "_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm", "_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-browser-eh.worker.1a2b3c4d.js"];
    for (const files of [both, [...both].reverse()]) {
      expect(duckdbFiles(files)).toEqual({
        module: "_npm/@duckdb/duckdb-wasm@1.32.0/663ab181.js",
        worker: "_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-browser-eh.worker.1a2b3c4d.js",
        wasm: "_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm"
      });
    }
    // 1.100.0 is newer than 1.32.0: versions compare as numbers, not text.
    expect(duckdbFiles([...both, "_npm/@duckdb/duckdb-wasm@1.100.0/dist/duckdb-eh.wasm"]).wasm).toBe("_npm/@duckdb/duckdb-wasm@1.100.0/dist/duckdb-eh.wasm");
  });

  it("parses, and leaves the worker and its absolute URL under the name the helper reads", () => {
    const code = duckdbWorkerScript(WORKER).replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "");
    expect(() => new Function(code)).not.toThrow();
    expect(code).toContain(`window.${EARLY_WORKER_GLOBAL}={url:u,worker:new Worker(u)}`);
    expect(code).toContain(`new URL(${JSON.stringify(WORKER)},document.baseURI).href`);
    // Started from its same-origin URL, never from a blob: script, which the site's Content-Security-Policy refuses.
    expect(code).not.toMatch(/Blob|createObjectURL/);
  });

  it("goes in once, before the stylesheets (a classic script after a stylesheet waits for it)", () => {
    const fixed = fixPageTemplate(fixPageTemplate(PAGE, {duckdbWorker: WORKER}), {duckdbWorker: WORKER});
    expect(fixed.split(START_MARKER)).toHaveLength(2);
    expect(fixed).toMatch(/<meta charset="utf-8">\n<script data-sna="duckdb-worker">/);
    expect(fixed.indexOf(START_MARKER)).toBeLessThan(fixed.indexOf('rel="stylesheet"'));
  });

  it("names the helper the Explore page imports", () => {
    // The page must start DuckDB through the helper, or the head's worker would be left idle.
    expect(readFileSync("src/explore.md", "utf-8")).toContain('import {startDuckDB} from "./lib/duckdb-start.js"');
  });
});

/**
 * Runs a chapter's idle script against a stand-in page: `idle(ms)` hands its pending idle callback a period of that many
 * ms (as requestIdleCallback does), `load()` fires the load event. The links it added are in `links`.
 */
function idlePage(script: string) {
  const code = script.replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "");
  let pending: ((d: {didTimeout: boolean; timeRemaining(): number}) => void) | null = null;
  let onLoad: (() => void) | null = null;
  const links: {rel: string; href: string; crossOrigin: string}[] = [];
  const window = {requestIdleCallback: (f: typeof pending) => (pending = f)};
  const document = {readyState: "interactive", createElement: () => ({rel: "", href: "", crossOrigin: ""}), head: {append: (l: (typeof links)[number]) => links.push(l)}};
  const addEventListener = (type: string, f: () => void) => type === "load" && (onLoad = f);
  new Function("window", "document", "requestIdleCallback", "addEventListener", "setTimeout", code)(window, document, window.requestIdleCallback, addEventListener, () => {
    throw new Error("setTimeout is the fallback for browsers without requestIdleCallback");
  });
  const idle = (ms: number, didTimeout = false) => {
    const f = pending;
    pending = null;
    f?.({didTimeout, timeRemaining: () => ms});
  };
  return {links, idle, load: () => onLoad?.(), waiting: () => pending !== null};
}

describe("the script that prefetches a chapter's engine once the page is quiet", () => {
  const WASM = "./_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm";

  it("waits for the load event, then for three quiet idle periods in a row, then prefetches the engine once", () => {
    const page = idlePage(duckdbWhenIdleScript(WASM));
    expect(page.waiting()).toBe(false);
    page.load();
    // The chapter still drawing: short idle periods between its tasks reset the count.
    for (const ms of [49, 49, 12, 49, 3]) page.idle(ms);
    expect(page.links).toEqual([]);
    page.idle(45);
    page.idle(50);
    expect(page.links).toEqual([]);
    page.idle(41);
    expect(page.links).toEqual([{rel: "prefetch", href: WASM, crossOrigin: "anonymous"}]);
    expect(page.waiting()).toBe(false);
  });

  it("goes ahead when the browser's idle callback times out (a page that never goes quiet)", () => {
    const page = idlePage(duckdbWhenIdleScript(WASM));
    page.load();
    page.idle(2, true);
    expect(page.links).toHaveLength(1);
  });
});
