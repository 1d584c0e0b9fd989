import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {duckdbFiles, duckdbWhenIdleScript, duckdbWorkerScript, findDuckDBWorker, START_MARKER} from "../../scripts/lib/duckdb-early-start.ts";
import {READER_EVENTS, READER_START_EVENTS} from "../../src/lib/reader-events.ts";
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
 * ms (as requestIdleCallback does), `load()` fires the load event. What it created is in `workers` and `links`.
 */
function idlePage(script: string, scope: Record<string, unknown> = {}) {
  const code = script.replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "");
  let pending: ((d: {didTimeout: boolean; timeRemaining(): number}) => void) | null = null;
  let onLoad: (() => void) | null = null;
  const workers: string[] = [];
  const links: {rel: string; href: string; crossOrigin: string}[] = [];
  const window = scope as Record<string, unknown> & {requestIdleCallback?: unknown};
  window.requestIdleCallback = (f: typeof pending) => (pending = f);
  const document = {readyState: "interactive", baseURI: "http://h/sna/violence-profile", createElement: () => ({rel: "", href: "", crossOrigin: ""}), head: {append: (l: (typeof links)[number]) => links.push(l)}};
  class Worker {
    constructor(url: string) {
      workers.push(url);
    }
  }
  const listeners = new Map<string, Set<() => void>>();
  const addEventListener = (type: string, f: () => void) => (type === "load" ? (onLoad = f) : listeners.set(type, (listeners.get(type) ?? new Set()).add(f)));
  const removeEventListener = (type: string, f: () => void) => listeners.get(type)?.delete(f);
  new Function("window", "document", "Worker", "requestIdleCallback", "addEventListener", "removeEventListener", "setTimeout", code)(window, document, Worker, window.requestIdleCallback, addEventListener, removeEventListener, () => {
    throw new Error("setTimeout is the fallback for browsers without requestIdleCallback");
  });
  const fire = (type: string) => [...(listeners.get(type) ?? [])].forEach((f) => f());
  const idle = (ms: number, didTimeout = false) => {
    const f = pending;
    pending = null;
    f?.({didTimeout, timeRemaining: () => ms});
  };
  return {workers, links, scope, idle, fire, load: () => onLoad?.(), waiting: () => pending !== null, listening: () => [...listeners.values()].some((l) => l.size > 0)};
}

describe("the script that asks for a chapter's engine once the page is quiet", () => {
  const WASM = "./_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm";
  const EH = "./_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-browser-eh.worker.0529a086.js";

  it("waits for the load event, then for three quiet idle periods in a row, then prefetches the engine and creates the worker", () => {
    const page = idlePage(duckdbWhenIdleScript({wasm: WASM, worker: EH}));
    expect(page.waiting()).toBe(false);
    page.load();
    // The chapter still drawing: short idle periods between its tasks reset the count.
    for (const ms of [49, 49, 12, 49, 3]) page.idle(ms);
    expect(page.links).toEqual([]);
    expect(page.workers).toEqual([]);
    page.idle(45);
    page.idle(50);
    expect(page.links).toEqual([]);
    page.idle(41);
    expect(page.links).toEqual([{rel: "prefetch", href: WASM, crossOrigin: "anonymous"}]);
    expect(page.workers).toEqual(["http://h/sna/_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-browser-eh.worker.0529a086.js"]);
    expect(page.scope[EARLY_WORKER_GLOBAL]).toEqual({url: page.workers[0], worker: expect.anything()});
    expect(page.waiting()).toBe(false);
  });

  it("creates no worker once the page has started its engine without one (the reader acted first), and none on a chapter without the engine", () => {
    const started = idlePage(duckdbWhenIdleScript({wasm: WASM, worker: EH}), {[EARLY_WORKER_GLOBAL]: null});
    started.load();
    for (let i = 0; i < 3; i++) started.idle(50);
    expect(started.workers).toEqual([]);
    expect(started.links).toHaveLength(1);
    const plain = idlePage(duckdbWhenIdleScript({wasm: WASM}));
    plain.load();
    for (let i = 0; i < 3; i++) plain.idle(50);
    expect(plain.workers).toEqual([]);
    expect(plain.links).toHaveLength(1);
  });

  it("creates a live chapter's worker at the reader's first action, before the page is quiet, and only the prefetch is left for then", () => {
    const page = idlePage(duckdbWhenIdleScript({wasm: WASM, worker: EH}));
    page.fire("focusin"); // the reader takes a control the moment the chapter is drawn
    expect(page.workers).toHaveLength(1);
    expect(page.links).toEqual([]);
    expect(page.listening()).toBe(false);
    page.fire("pointermove");
    page.load();
    for (let i = 0; i < 3; i++) page.idle(50);
    expect(page.workers).toHaveLength(1);
    expect(page.links).toHaveLength(1);
    // A chapter with no engine of its own listens for nothing.
    expect(idlePage(duckdbWhenIdleScript({wasm: WASM})).listening()).toBe(false);
  });

  it("starts the worker on the events a live chapter starts its engine on: input anywhere, focus on its controls, a change to one", () => {
    expect([...READER_START_EVENTS].sort()).toEqual([...READER_EVENTS, "focusin", "input", "change"].sort());
  });

  it("goes ahead when the browser's idle callback times out (a page that never goes quiet)", () => {
    const page = idlePage(duckdbWhenIdleScript({wasm: WASM, worker: EH}));
    page.load();
    page.idle(2, true);
    expect(page.links).toHaveLength(1);
    expect(page.workers).toHaveLength(1);
  });
});
