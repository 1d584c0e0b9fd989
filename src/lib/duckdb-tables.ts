/**
 * Page-only helper: loads the SQL console's tables into DuckDB-WASM.
 *
 * Every table reaches DuckDB as an Arrow IPC stream: the Arrow files as the bytes they are (checked to be a stream),
 * the CSV files typed and encoded on the page's thread while DuckDB's worker is still starting (so that work is off
 * the critical path).
 * DuckDB's worker answers one request at a time, so the order matters: the small tables load first, and the large
 * ones (every record of the force) only after the first query has run, unless a query needs them sooner. A query
 * that names a table still loading, or reads the catalogue, waits for every table.
 */
import type {AsyncDuckDB} from "@duckdb/duckdb-wasm";

import type {TableDef} from "../components/tables/registry.js";

type ArrowModule = Pick<typeof import("apache-arrow"), "Table" | "tableToIPC" | "vectorFromArray" | "Utf8" | "Int32" | "Float64" | "Bool">;

/**
 * A registry table's rows (typed by parseTable) as an Arrow IPC stream, each column with the registry's type: so
 * DuckDB sees counts as INTEGER, rates as DOUBLE and flags as BOOLEAN, even for a column that is empty in this build.
 */
export function rowsToArrowIPC(table: TableDef, rows: readonly Record<string, unknown>[], arrow: ArrowModule): Uint8Array {
  const kind = {text: () => new arrow.Utf8(), integer: () => new arrow.Int32(), number: () => new arrow.Float64(), boolean: () => new arrow.Bool()};
  const columns = Object.fromEntries(
    Object.entries(table.columns ?? {}).map(([name, c]) => {
      const values = rows.map((r) => r[name] ?? null);
      // A count beyond 32 bits would wrap: such a column goes as DOUBLE instead.
      const type = c.type === "integer" && values.some((v) => typeof v === "number" && Math.abs(v) > 2 ** 31 - 1) ? new arrow.Float64() : kind[c.type]();
      return [name, arrow.vectorFromArray(values as never[], type as never)];
    })
  );
  return arrow.tableToIPC(new arrow.Table(columns), "stream");
}

function unloaded(name: string, why: string): Error {
  return new Error(`The table ${name} could not be loaded (${why}). Rebuild the site (npm run build); if it persists, the build's data files are damaged.`);
}

/**
 * The bytes of a fetched Arrow IPC stream file. Anything else is refused here, because DuckDB takes bytes that are
 * not an Arrow stream without a word and creates no table. A stream opens with a message: the 0xFFFFFFFF
 * continuation marker, then the length of the schema.
 */
export function arrowStream(buffer: ArrayBuffer): Uint8Array {
  const bytes = new Uint8Array(buffer);
  const marker = bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  if (!marker) throw new Error("its file is not an Arrow IPC stream");
  return bytes;
}

/** Words of a query that read the list of tables: such a query should see every table. */
const CATALOGUE = /\b(information_schema|duckdb_[a-z_]+|pg_catalog|sqlite_master|show|describe|summarize|pragma)\b/i;

/** Whether `sql` may read one of the tables in `pending` (named as a word, or through the catalogue). */
export function mayRead(sql: string, pending: readonly string[]): boolean {
  if (!pending.length) return false;
  if (CATALOGUE.test(sql)) return true;
  return pending.some((name) => new RegExp(`\\b${name.replace(/[^a-z0-9_]/gi, "")}\\b`, "i").test(sql));
}

export interface TableSource {
  name: string;
  /** The table as an Arrow IPC stream, fetched (and encoded) while DuckDB starts. */
  bytes: Promise<Uint8Array>;
  /** Loaded after the first query rather than before it. */
  later?: boolean;
}

export class ConsoleTables {
  readonly #db: Promise<AsyncDuckDB>;
  readonly #first: TableSource[];
  readonly #later: TableSource[];
  readonly #loaded = new Set<string>();
  readonly firstLoaded: Promise<void>;
  #laterLoaded: Promise<void> | null = null;

  /** Made as soon as the files are asked for (before DuckDB is ready), so that none of their failures goes unheard. */
  constructor(db: Promise<AsyncDuckDB>, sources: readonly TableSource[]) {
    this.#db = db;
    this.#first = sources.filter((s) => !s.later);
    this.#later = sources.filter((s) => s.later);
    // A file that fails is reported when its table loads, not as an unhandled rejection before.
    for (const s of sources) s.bytes.catch(() => {});
    this.firstLoaded = this.#load(this.#first);
    this.firstLoaded.catch(() => {}); // reported to the query that awaits it
  }

  async #load(sources: readonly TableSource[]): Promise<void> {
    const connection = await (await this.#db).connect();
    try {
      for (const s of sources) {
        try {
          // The bytes are handed to DuckDB's worker, and so are used up.
          await connection.insertArrowFromIPCStream(await s.bytes, {name: s.name, schema: "main", create: true});
        } catch (error) {
          throw unloaded(s.name, error instanceof Error ? error.message : String(error));
        }
        this.#loaded.add(s.name);
      }
    } finally {
      await connection.close();
    }
  }

  /** Names of the tables not loaded yet. */
  get pending(): string[] {
    return [...this.#first, ...this.#later].map((s) => s.name).filter((n) => !this.#loaded.has(n));
  }

  /** Starts loading the large tables (once); resolves when every table is in. */
  loadAll(): Promise<void> {
    this.#laterLoaded ??= this.firstLoaded.then(() => this.#load(this.#later));
    return this.#laterLoaded;
  }

  /** Resolves when every table `sql` may read is in. */
  async readyFor(sql: string): Promise<void> {
    await this.firstLoaded;
    if (mayRead(sql, this.pending)) await this.loadAll();
  }
}
