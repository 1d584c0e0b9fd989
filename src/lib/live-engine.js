/**
 * Page-only helper: starts DuckDB-WASM for a live chapter (src/lib/live-page.ts loads the chapter's tables into it).
 * The same engine, bundles and options as Explore's (the DuckDB-WASM version Framework pins, self-hosted by the
 * build): Framework rewrites the literal names below to the built site's own files. Plain JavaScript, as the `npm:`
 * names are Framework's, not TypeScript's.
 */
export async function startLiveEngine() {
  const [duckdb, {startDuckDB}] = await Promise.all([import("npm:@duckdb/duckdb-wasm"), import("./duckdb-start.js")]);
  return startDuckDB(duckdb, {
    mvp: {mainModule: import.meta.resolve("npm:@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm"), mainWorker: import.meta.resolve("npm:@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js")},
    eh: {mainModule: import.meta.resolve("npm:@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"), mainWorker: import.meta.resolve("npm:@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js")}
  });
}
