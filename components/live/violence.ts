/**
 * The Violence profile recomputed in the browser for a reader's selection: DuckDB-WASM runs the chapter's SQL
 * (components/sql/violence.ts, the text the build runs in Node DuckDB) over the build's own files
 * (lsoa-month-type.arrow and area-lsoa.csv, loaded under the same table names), and the same functions turn the rows
 * into ranks, rates with CIs, deciles, the concentration curve and the headline.
 */
import type {AsyncDuckDB, AsyncDuckDBConnection} from "duckdb-wasm-1.32.0";
import {areaMonthlySql, concentration, headlineFrom, lsoaViolenceSql, rankLsoas, violenceByImdDecile, type LsoaCount, type Selection} from "../sql/violence.js";
import {analysisWindow, yearOnYear} from "../sql/window.js";
import type {TableDef} from "../tables/registry.js";
import type {LiveDefaults, LiveSelection} from "./selection.js";

/**
 * A table for DuckDB, by its name in the chapter's SQL, fetched on demand: an Arrow IPC stream as it is, or a CSV
 * file read by DuckDB with the registry's column types (no Arrow library on the page: it would be preloaded).
 */
export type LiveSource = {name: string; arrow: () => Promise<Uint8Array>} | {name: string; csv: () => Promise<string>; table: TableDef};

const DUCKDB_TYPE = {text: "VARCHAR", integer: "INTEGER", number: "DOUBLE", boolean: "BOOLEAN"} as const;

/** read_csv's column list for a registry table, in file order. */
export function csvColumns(table: TableDef): string {
  return `{${Object.entries(table.columns ?? {}).map(([name, c]) => `'${name}': '${DUCKDB_TYPE[c.type]}'`).join(", ")}}`;
}

/** The SQL of each of the chapter's query tables for a selection: what the page shows and Explore can run. */
export function chapterSql(sel: LiveSelection, d: LiveDefaults) {
  const window = analysisWindow(d.monthsAvailable, {start: sel.from, end: sel.to});
  const selection: Selection = {districts: sel.district ? [sel.district] : d.districts, months: window.available, crimeTypes: sel.crimeTypes};
  return {window, selection, monthly: areaMonthlySql(selection.districts, d.monthsAvailable), lsoas: lsoaViolenceSql(selection)};
}

/** A mark on the page's timeline (read by the bench: bench/live-chapters.ts); nothing where there is no Performance API. */
const mark = (name: string) => globalThis.performance?.mark?.(name);

/** DuckDB-WASM with the chapter's tables, started once (in the background, or at the reader's first change). */
export class LiveDuckDB {
  readonly #start: () => Promise<AsyncDuckDB>;
  readonly #sources: readonly LiveSource[];
  readonly #warmUp: readonly string[];
  #connection: Promise<AsyncDuckDBConnection> | null = null;
  /** True once a query waits for the engine: the warm-up would then only delay it (the query warms it up itself). */
  #asked = false;

  /**
   * `warmUp`: queries run once the tables are loaded, before the connection is handed out. DuckDB-WASM's engine is
   * compiled function by function as it is first called, so the first query of a kind takes about a second more
   * than the next (measured here: 1.0 s against 0.25 s); run in the background, the chapter's own queries for the
   * default selection pay that for the reader's first change.
   */
  constructor(start: () => Promise<AsyncDuckDB>, sources: readonly LiveSource[], warmUp: readonly string[] = []) {
    this.#start = start;
    this.#sources = sources;
    this.#warmUp = warmUp;
  }

  /** Starts the engine, loads the tables and warms the engine up (once); resolves to the connection the chapter's queries use. */
  ready(): Promise<AsyncDuckDBConnection> {
    this.#connection ??= (async () => {
      mark("live:start");
      const [db, contents] = await Promise.all([this.#start().then((db) => (mark("live:engine"), db)), Promise.all(this.#sources.map((s) => ("arrow" in s ? s.arrow() : s.csv())))]);
      const connection = await db.connect();
      for (const [i, s] of this.#sources.entries()) {
        const content = contents[i]!;
        try {
          if ("arrow" in s) await connection.insertArrowFromIPCStream(content as Uint8Array, {name: s.name, schema: "main", create: true});
          else {
            await db.registerFileText(`${s.name}.csv`, content as string);
            await connection.query(`CREATE TABLE ${s.name} AS SELECT * FROM read_csv('${s.name}.csv', header = true, columns = ${csvColumns(s.table)})`);
          }
        } catch (error) {
          throw new Error(`The table ${s.name} could not be loaded into DuckDB (${error instanceof Error ? error.message : String(error)}). Rebuild the site (npm run build).`);
        }
      }
      mark("live:tables");
      for (const sql of this.#warmUp) {
        if (this.#asked) break;
        await connection.query(sql);
      }
      mark("live:ready");
      return connection;
    })();
    // A failed start may be retried by the next change.
    this.#connection.catch(() => (this.#connection = null));
    return this.#connection;
  }

  /** Rows of a query as plain objects (INTEGER columns as numbers). */
  async rows<T>(sql: string): Promise<T[]> {
    this.#asked = true;
    const table = await (await this.ready()).query(sql);
    return table.toArray().map((r: {toJSON(): T}) => r.toJSON());
  }
}

/** Something that answers the chapter's SQL: LiveDuckDB in the page (Node DuckDB in the tests). */
export interface SqlRunner {
  rows<T>(sql: string): Promise<T[]>;
}

/** Every table of the chapter for the selection, as the build's prepared tables would hold them. */
export async function recomputeViolence(db: SqlRunner, sel: LiveSelection, d: LiveDefaults) {
  const q = chapterSql(sel, d);
  const yoy = yearOnYear(q.window, d.monthsAvailable);
  // One query after the other: DuckDB's worker answers one request at a time.
  const monthly = await db.rows<{month: string; crime_type: string; count: number}>(q.monthly);
  const lsoas = rankLsoas(await db.rows<LsoaCount>(q.lsoas));
  const conc = concentration(lsoas);
  return {
    window: q.window,
    sql: {monthly: q.monthly, lsoas: q.lsoas},
    monthly,
    lsoas,
    deciles: violenceByImdDecile(lsoas),
    curve: conc.curve,
    concentration: {total: conc.total, lsoas: conc.lsoas, top5: conc.top5, top10: conc.top10},
    headline: headlineFrom(monthly, lsoas, sel.crimeTypes, q.window, yoy)
  };
}
