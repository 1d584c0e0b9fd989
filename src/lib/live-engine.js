/**
 * Page-only helper: starts DuckDB-WASM for a live chapter (src/lib/live-page.ts loads the chapter's tables into it).
 * The same engine, bundle and options as Explore's (DuckDB-WASM 1.32.0's eh bundle, self-hosted by the build):
 * Framework rewrites the literal names below to the built site's own files. Plain JavaScript, as the `npm:` names are
 * Framework's, not TypeScript's.
 */
export async function startLiveEngine() {
  const [duckdb, {startDuckDB}] = await Promise.all([import("npm:@duckdb/duckdb-wasm@1.32.0"), import("./duckdb-start.js")]);
  return startDuckDB(duckdb, {
    eh: {mainModule: import.meta.resolve("npm:@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm"), mainWorker: import.meta.resolve("npm:@duckdb/duckdb-wasm@1.32.0/dist/duckdb-browser-eh.worker.js")}
  });
}
