/**
 * The inline script that starts DuckDB-WASM at the top of a built page whose SQL console uses src/lib/duckdb-start.ts.
 *
 * Framework runs a page's cells only once every module of the page has loaded, and DuckDB's start (its worker's
 * script, then compiling and opening the 36 MB engine) is the longest part of the SQL console's first second. The
 * script creates DuckDB's worker as soon as the head is parsed (what duckdb.createWorker does) and calls startDuckDB
 * as soon as that helper and DuckDB-WASM's module have loaded. The page's cell calls startDuckDB with the same bundles
 * and gets the same engine. If anything in the script fails, the cell starts DuckDB itself: the script only saves time.
 */
import {EARLY_WORKER_GLOBAL} from "../../src/lib/duckdb-start.ts";

interface Bundle {
  mainModule: string;
  mainWorker: string;
}

export interface DuckDBStart {
  /** DuckDB-WASM's ES module, as the page imports it (relative to the page). */
  module: string;
  /** The built src/lib/duckdb-start module, as the page imports it. */
  helper: string;
  /** The engine and worker of each bundle, relative to the page (the bundles Framework's DuckDBClient uses). */
  bundles: {mvp: Bundle; eh: Bundle};
}

export const START_MARKER = 'data-sna="duckdb-start"';

export function duckdbStartScript({module, helper, bundles}: DuckDBStart): string {
  const json = JSON.stringify;
  const worker = `const u=new URL(${json(bundles.eh.mainWorker)},document.baseURI).href;` +
    `window.${EARLY_WORKER_GLOBAL}={url:u,worker:new Worker(URL.createObjectURL(new Blob(["importScripts("+JSON.stringify(u)+");"],{type:"text/javascript"})))};`;
  // The promise is kept by startDuckDB: a failure reaches the page's cell, which awaits the same start.
  const start = `Promise.all([import(${json(module)}),import(${json(helper)})]).then(([d,h])=>h.startDuckDB(d,${json(bundles)})).catch(()=>{});`;
  return `<script ${START_MARKER}>try{${worker}${start}}catch(e){}</script>`;
}

const preloaded = (html: string, pattern: string): string | undefined =>
  html.match(new RegExp(`<link rel="modulepreload" href="([^"]*${pattern})">`))?.[1];

/**
 * What a built page needs for the script: its own modulepreload links name the two modules, the site's files name
 * the bundles. Null when the page does not import the helper (or the build has no DuckDB-WASM).
 */
export function findDuckDBStart(html: string, files: readonly string[], up: string): DuckDBStart | null {
  const helper = preloaded(html, String.raw`_import/lib/duckdb-start\.[0-9a-f]{8}\.js`);
  const module = preloaded(html, String.raw`_npm/@duckdb/duckdb-wasm@[^/"]+/[0-9a-f]{8}\.js`);
  const file = (pattern: RegExp) => files.find((f) => pattern.test(f));
  const eh = {mainModule: file(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-eh\.wasm$/), mainWorker: file(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-browser-eh\.worker\.[0-9a-f]{8}\.js$/)};
  const mvp = {mainModule: file(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-mvp\.wasm$/), mainWorker: file(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-browser-mvp\.worker\.[0-9a-f]{8}\.js$/)};
  if (!helper || !module || !eh.mainModule || !eh.mainWorker || !mvp.mainModule || !mvp.mainWorker) return null;
  const rel = (b: {mainModule?: string; mainWorker?: string}): Bundle => ({mainModule: `${up}${b.mainModule}`, mainWorker: `${up}${b.mainWorker}`});
  return {module, helper, bundles: {mvp: rel(mvp), eh: rel(eh)}};
}
