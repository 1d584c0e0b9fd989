/**
 * The inline script that creates DuckDB-WASM's worker at the top of a built page whose SQL console uses
 * src/lib/duckdb-start.ts.
 *
 * Framework runs a page's cells only once every module of the page has loaded. DuckDB's worker then still has to
 * start a thread and load its 0.76 MB script before it can fetch the engine. Created from the head instead, it is
 * ready when the page's cell asks for the engine, which the cell does through the helper (it takes this worker). The
 * worker runs the same script duckdb.createWorker would import, started from its same-origin URL. If anything here
 * fails, the helper creates the worker itself: the script only saves time. The build then moves this script into a
 * hashed file beside the page (scripts/lib/inline-scripts.ts).
 */
import {EARLY_WORKER_GLOBAL} from "../../src/lib/duckdb-start.ts";
import {READER_START_EVENTS} from "../../src/lib/reader-events.ts";

export const START_MARKER = 'data-sna="duckdb-worker"';

/** The script for the worker of DuckDB-WASM's "eh" bundle (every current browser's), relative to the page. */
export function duckdbWorkerScript(workerHref: string): string {
  // The worker script is same-origin (the build self-hosts it), so it is started from its URL: no blob: script, which
  // the Content-Security-Policy's worker-src would otherwise have to allow (scripts/serve.ts).
  const code = `const u=new URL(${JSON.stringify(workerHref)},document.baseURI).href;` +
    `window.${EARLY_WORKER_GLOBAL}={url:u,worker:new Worker(u)};`;
  return `<script ${START_MARKER}>try{${code}}catch(e){}</script>`;
}

export const WHEN_IDLE_MARKER = 'data-sna="duckdb-when-idle"';

/**
 * The script for a chapter, which does not start DuckDB as it opens: once the page has drawn and gone quiet (three
 * idle periods in a row of 40 ms or more after the load event, or an idle callback that waited 10 s, on a page that
 * never goes idle), it asks for the engine at low
 * priority (a prefetch, so that the SQL console or a live chapter's first change later finds it in the browser's
 * cache) and, on a live chapter (`worker` given), creates DuckDB's worker for the helper to take. Not from the head:
 * measured here, the prefetch and the worker's start competed with the chapter's own drawing on two cores, and cost a
 * chapter 60–120 ms of its cold ready time and the worker 60 ms of a warm one. A reader who acts before then (the
 * events on which a live chapter starts its engine: src/lib/live-page.ts `startInBackground`) has the worker created
 * at once, while the page is still importing DuckDB's module, as the head would have. A worker the page has already
 * started its engine without is not created: the helper leaves `null` under the name it reads. `defer`: the file the
 * build moves it into does not hold up the page's parsing.
 */
export function duckdbWhenIdleScript({worker, wasm}: {worker?: string | null; wasm?: string | null}): string {
  const code =
    `const w=${JSON.stringify(worker ?? null)},p=${JSON.stringify(wasm ?? null)};` +
    `const now=()=>{if(w&&window.${EARLY_WORKER_GLOBAL}===undefined){const u=new URL(w,document.baseURI).href;window.${EARLY_WORKER_GLOBAL}={url:u,worker:new Worker(u)};}};` +
    `if(w){const ev=${JSON.stringify(READER_START_EVENTS)};const first=()=>{for(const e of ev)removeEventListener(e,first,true);now();};for(const e of ev)addEventListener(e,first,{capture:true,passive:true});}` +
    `const go=()=>{now();if(p){const l=document.createElement("link");l.rel="prefetch";l.href=p;l.crossOrigin="anonymous";document.head.append(l);}};` +
    `const idle=window.requestIdleCallback?(f)=>requestIdleCallback(f,{timeout:10000}):(f)=>setTimeout(()=>f({didTimeout:true,timeRemaining:()=>0}),2000);` +
    `let quiet=0;const tick=(d)=>{quiet=d.timeRemaining()>=40?quiet+1:0;if(quiet>=3||d.didTimeout)go();else idle(tick);};` +
    `const start=()=>idle(tick);document.readyState==="complete"?start():addEventListener("load",start,{once:true});`;
  return `<script defer ${WHEN_IDLE_MARKER}>try{${code}}catch(e){}</script>`;
}

/** DuckDB-WASM's files in a built site (Framework self-hosts the package under _npm/), as paths relative to dist/. */
export interface DuckDBFiles {
  /** The package's ES module. */
  module?: string;
  /** The "eh" bundle's worker script and engine. */
  worker?: string;
  wasm?: string;
}

/** "_npm/@duckdb/duckdb-wasm@1.32.0/…" → [1, 32, 0]. */
const versionOf = (path: string): number[] => (/duckdb-wasm@(\d+)\.(\d+)\.(\d+)/.exec(path) ?? []).slice(1).map(Number);
const newerFirst = (a: string, b: string): number => {
  const [x, y] = [versionOf(a), versionOf(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
};

/**
 * The site's engine is the newest version in the build: Framework's own DuckDBClient brings the version it pins
 * (1.29.0) along, which the site never starts (src/lib/live-engine.js, src/explore.md name 1.32.0).
 */
export function duckdbFiles(files: readonly string[]): DuckDBFiles {
  const find = (pattern: RegExp) => files.filter((f) => pattern.test(f)).sort(newerFirst)[0];
  return {
    module: find(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/[0-9a-f]{8}\.js$/),
    worker: find(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-browser-eh\.worker\.[0-9a-f]{8}\.js$/),
    wasm: find(/^_npm\/@duckdb\/duckdb-wasm@[^/]+\/dist\/duckdb-eh\.wasm$/)
  };
}

/**
 * The "eh" worker script, relative to the page, if the page starts DuckDB through the helper: the SQL console imports
 * it, a live chapter imports src/lib/live-page.ts, which starts it at the reader's first action (their modulepreload
 * links say).
 */
export function findDuckDBWorker(html: string, {worker}: DuckDBFiles, up: string): string | null {
  if (!/<link rel="modulepreload" href="[^"]*_import\/lib\/(duckdb-start|live-page)\.[0-9a-f]{8}\.js">/.test(html)) return null;
  return worker ? `${up}${worker}` : null;
}
