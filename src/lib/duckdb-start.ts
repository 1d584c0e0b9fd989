/**
 * Page-only helper: starts DuckDB-WASM for the SQL console as early as the page allows.
 *
 * Framework's DuckDBClient.of() starts DuckDB when the page's cells run, after every module of the page has loaded;
 * DuckDB's worker then loads its own 0.76 MB script before it can ask for the 36 MB engine, and compiling and starting
 * the engine takes about a second on its own. So the build (scripts/lib/html-fixes.ts) adds a small script at the top
 * of the page's head that creates DuckDB's worker at once and calls startDuckDB as soon as this module and DuckDB-WASM's
 * have loaded; the page's cell then calls startDuckDB too and gets the same engine. Without that script (the preview
 * server) the cell starts it, as Framework would.
 *
 * Same engine, same bundles (the DuckDB-WASM version Framework pins, self-hosted by the build) and the same open
 * options as DuckDBClient.of(); the caller wraps the result in Framework's DuckDBClient.
 */
import type {AsyncDuckDB, DuckDBBundles} from "@duckdb/duckdb-wasm";

type DuckDBModule = typeof import("@duckdb/duckdb-wasm");

/** Where the head script leaves the worker it created (scripts/lib/html-fixes.ts writes the same name). */
export const EARLY_WORKER_GLOBAL = "__snaDuckDBWorker";

export interface EarlyWorker {
  /** Absolute URL of the worker script it runs. */
  url: string;
  worker: Worker;
}

type Scope = Record<string, unknown>;

/**
 * The worker the head script created, if it runs `workerURL` (absolute); taken once. A worker for the other bundle is
 * stopped: it would only hold memory.
 */
export function takeEarlyWorker(workerURL: string, scope: Scope = globalThis as unknown as Scope): Worker | null {
  const early = scope[EARLY_WORKER_GLOBAL] as EarlyWorker | undefined;
  if (!early) return null;
  delete scope[EARLY_WORKER_GLOBAL];
  if (early.url === workerURL) return early.worker;
  early.worker.terminate();
  return null;
}

/** The bundles with absolute URLs (the head script's are relative to the page, the cell's are absolute). */
export function absoluteBundles(bundles: DuckDBBundles, base: string): DuckDBBundles {
  const out: DuckDBBundles = {mvp: {mainModule: new URL(bundles.mvp.mainModule, base).href, mainWorker: new URL(bundles.mvp.mainWorker, base).href}};
  if (bundles.eh) out.eh = {mainModule: new URL(bundles.eh.mainModule, base).href, mainWorker: new URL(bundles.eh.mainWorker, base).href};
  return out;
}

async function start(duckdb: DuckDBModule, bundles: DuckDBBundles): Promise<AsyncDuckDB> {
  const bundle = await duckdb.selectBundle(bundles);
  if (!bundle.mainWorker) throw new Error("DuckDB-WASM offers no worker for this browser");
  const worker = takeEarlyWorker(bundle.mainWorker) ?? (await duckdb.createWorker(bundle.mainWorker));
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

const started = new Map<string, Promise<AsyncDuckDB>>();

/**
 * An instantiated, open DuckDB with extensions off. Started once per set of bundles: the head script's call and the
 * page's call get the same engine.
 */
export function startDuckDB(duckdb: DuckDBModule, bundles: DuckDBBundles): Promise<AsyncDuckDB> {
  const absolute = absoluteBundles(bundles, document.baseURI);
  const key = JSON.stringify(absolute);
  let db = started.get(key);
  if (!db) started.set(key, (db = start(duckdb, absolute)));
  return db;
}
