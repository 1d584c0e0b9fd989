/**
 * Page-only helper: starts DuckDB-WASM for the SQL console.
 *
 * DuckDB's worker must load its own 0.76 MB script before it can fetch and compile the 36 MB engine, which then takes
 * about a second to start. Framework's DuckDBClient.of() creates that worker only when the page's cells run, after
 * every module of the page has loaded. So the build (scripts/lib/duckdb-early-start.ts) adds a small script at the top
 * of the page's head that creates the worker at once (as duckdb.createWorker does), and this helper takes it: by the
 * time the cell asks for the engine, the worker is ready to fetch it. Without that script (the preview server) the
 * worker is created here.
 *
 * The same open options as DuckDBClient.of() (the caller wraps the result in Framework's DuckDBClient); the engine is
 * the one the page names (DuckDB-WASM 1.32.0's eh bundle, self-hosted by the build).
 */
import type {AsyncDuckDB, DuckDBBundles} from "duckdb-wasm-1.32.0";

type DuckDBModule = typeof import("duckdb-wasm-1.32.0");

/** Where the head script leaves the worker it created (scripts/lib/duckdb-early-start.ts writes the same name). */
export const EARLY_WORKER_GLOBAL = "__snaDuckDBWorker";

export interface EarlyWorker {
  /** Absolute URL of the worker script it runs. */
  url: string;
  worker: Worker;
}

type Scope = Record<string, unknown>;

/**
 * The worker the head script (or a chapter's script, once the page is idle) created, if it runs `workerURL`
 * (absolute); taken once. A worker for the other bundle is stopped: it would only hold memory. The name is left
 * holding `null`: the page has its worker from now on, so a chapter's script that has not run yet creates none.
 */
export function takeEarlyWorker(workerURL: string, scope: Scope = globalThis as unknown as Scope): Worker | null {
  const early = scope[EARLY_WORKER_GLOBAL] as EarlyWorker | null | undefined;
  scope[EARLY_WORKER_GLOBAL] = null;
  if (!early) return null;
  if (early.url === workerURL) return early.worker;
  early.worker.terminate();
  return null;
}

/**
 * DuckDB's worker. A same-origin script (always, as the build self-hosts it) is started from its URL: duckdb.createWorker
 * would start it from a blob: script, which the site's Content-Security-Policy does not allow (scripts/serve.ts).
 */
async function newWorker(duckdb: DuckDBModule, url: string): Promise<Worker> {
  return new URL(url, location.href).origin === location.origin ? new Worker(url) : duckdb.createWorker(url);
}

/** An instantiated, open DuckDB with extensions off. `bundles` as DuckDBClient's (absolute URLs). */
export async function startDuckDB(duckdb: DuckDBModule, bundles: Partial<DuckDBBundles>): Promise<AsyncDuckDB> {
  // The site ships the eh bundle only (WebAssembly exceptions: Chrome 95, Firefox 100, Safari 15.2 and later).
  if (!bundles.mvp && !(await duckdb.getPlatformFeatures()).wasmExceptions) {
    throw new Error("this browser does not support WebAssembly exception handling, which the SQL engine needs: use a current Chrome, Edge, Firefox or Safari");
  }
  const bundle = await duckdb.selectBundle(bundles as DuckDBBundles);
  if (!bundle.mainWorker) throw new Error("DuckDB-WASM offers no worker for this browser");
  const worker = takeEarlyWorker(bundle.mainWorker) ?? (await newWorker(duckdb, bundle.mainWorker));
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  // DuckDBClient.of()'s options: timestamps as dates, big integers as numbers.
  await db.open({query: {castTimestampToDate: true, castBigIntToDouble: true}});
  const connection = await db.connect();
  try {
    // Never fetch an extension from extensions.duckdb.org: a query that needs one fails with a clear message instead.
    await connection.query("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false");
  } finally {
    await connection.close();
  }
  return db;
}
