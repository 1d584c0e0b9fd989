/**
 * Page-only helper: loads the SQL console's tables into DuckDB-WASM.
 *
 * Every table reaches DuckDB as an Arrow IPC stream: the Arrow files as the bytes they are (checked to be a stream),
 * the CSV files typed and encoded on the page's thread.
 * DuckDB's worker answers one request at a time, so the order matters. A query waits only for the tables it names:
 * they are fetched while DuckDB's engine starts (prefetch) and loaded first. Every other table loads in the
 * background after the first query, small ones before large ones; a query naming one still waiting moves it to the
 * front of the queue, and a query reading the catalogue (SHOW TABLES, information_schema, …) waits for them all.
 * Each table's state (waiting, loading, loaded with its rows, failed) is reported as it changes, for the table list.
 */
import type {AsyncDuckDB} from "duckdb-wasm-1.32.0";

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

/** The tables of `names` that `sql` may read: those it names as a word, or all of them if it reads the catalogue. */
export function tablesRead(sql: string, names: readonly string[]): string[] {
  if (CATALOGUE.test(sql)) return [...names];
  return names.filter((name) => new RegExp(`\\b${name.replace(/[^a-z0-9_]/gi, "")}\\b`, "i").test(sql));
}

/** Whether `sql` may read one of the tables in `pending` (named as a word, or through the catalogue). */
export function mayRead(sql: string, pending: readonly string[]): boolean {
  return tablesRead(sql, pending).length > 0;
}

export interface TableSource {
  name: string;
  /** Fetches the table's file and encodes it as an Arrow IPC stream; called once, when the table is first wanted. */
  bytes: () => Promise<Uint8Array>;
  /** Large: loaded after the small ones in the background (a query naming it still loads it first). */
  later?: boolean;
}

export type TableState =
  | {state: "waiting"}
  | {state: "loading"}
  | {state: "loaded"; rows: number}
  | {state: "failed"; error: string};

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
  promise.catch(() => {}); // reported to the query that awaits it, and in the table's state
  return {promise, resolve, reject};
}

export class ConsoleTables {
  readonly #db: Promise<AsyncDuckDB>;
  /** Every table, small ones first (the background order). */
  readonly #sources: TableSource[];
  readonly #bytes = new Map<string, Promise<Uint8Array>>();
  readonly #done = new Map<string, Deferred>();
  readonly #states = new Map<string, TableState>();
  readonly #listeners = new Set<(name: string, state: TableState) => void>();
  /** Tables asked for and not yet started, in the order they will load. */
  #queue: string[] = [];
  #pumping = false;
  #connection: ReturnType<AsyncDuckDB["connect"]> | null = null;

  constructor(db: Promise<AsyncDuckDB>, sources: readonly TableSource[]) {
    this.#db = db;
    this.#sources = [...sources.filter((s) => !s.later), ...sources.filter((s) => s.later)];
    for (const s of this.#sources) this.#states.set(s.name, {state: "waiting"});
  }

  /** Every table's name, small ones first. */
  get names(): string[] {
    return this.#sources.map((s) => s.name);
  }

  /** Names of the tables not loaded yet (failed ones included). */
  get pending(): string[] {
    return this.names.filter((n) => this.#states.get(n)?.state !== "loaded");
  }

  state(name: string): TableState | undefined {
    return this.#states.get(name);
  }

  /** Calls `listener` on every change of a table's state; returns a function that stops it. */
  onChange(listener: (name: string, state: TableState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(name: string, state: TableState): void {
    this.#states.set(name, state);
    for (const listener of this.#listeners) listener(name, state);
  }

  /** Starts fetching (and encoding) a table's file, once; no DuckDB needed. */
  #fetch(name: string): Promise<Uint8Array> {
    let bytes = this.#bytes.get(name);
    if (!bytes) {
      const source = this.#sources.find((s) => s.name === name);
      bytes = source ? Promise.resolve().then(source.bytes) : Promise.reject(new Error("the page does not know it"));
      bytes.catch(() => {}); // reported when its table loads
      this.#bytes.set(name, bytes);
    }
    return bytes;
  }

  /** Starts fetching the files of the tables `sql` may read, while DuckDB is still starting. */
  prefetch(sql: string): void {
    for (const name of tablesRead(sql, this.pending)) void this.#fetch(name);
  }

  /** Queues tables to load (at the front when a query waits for them); resolves when they are in. */
  #want(names: readonly string[], front: boolean): Promise<void> {
    const fresh = names.filter((n) => !this.#done.has(n) || this.#queue.includes(n));
    for (const n of fresh) {
      if (!this.#done.has(n)) this.#done.set(n, deferred());
      void this.#fetch(n);
    }
    const rest = this.#queue.filter((n) => !fresh.includes(n));
    this.#queue = front ? [...fresh, ...rest] : [...rest, ...fresh];
    void this.#pump();
    return Promise.all(names.map((n) => this.#done.get(n)!.promise)).then(() => undefined);
  }

  /** Loads the queued tables one at a time on one connection (DuckDB's worker takes one request at a time anyway). */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      this.#connection ??= this.#db.then((db) => db.connect());
      const connection = await this.#connection;
      for (let name = this.#queue.shift(); name !== undefined; name = this.#queue.shift()) {
        const done = this.#done.get(name)!;
        this.#set(name, {state: "loading"});
        try {
          // The bytes are handed to DuckDB's worker, and so are used up.
          await connection.insertArrowFromIPCStream(await this.#fetch(name), {name, schema: "main", create: true});
          const counted = await connection.query(`SELECT count(*)::INTEGER AS n FROM "${name}"`);
          this.#set(name, {state: "loaded", rows: Number(counted.toArray()[0]?.n ?? 0)});
          done.resolve();
        } catch (error) {
          const failure = unloaded(name, error instanceof Error ? error.message : String(error));
          this.#set(name, {state: "failed", error: failure.message});
          done.reject(failure);
        }
      }
    } catch (error) {
      // DuckDB itself did not start: every table asked for fails with its message.
      const message = error instanceof Error ? error.message : String(error);
      for (const name of this.#queue.splice(0)) {
        this.#set(name, {state: "failed", error: message});
        this.#done.get(name)!.reject(unloaded(name, message));
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Loads every table not loaded yet, in the background order; resolves when each has loaded or failed. */
  loadAll(): Promise<void> {
    const rest = this.names.filter((n) => !this.#done.has(n));
    for (const n of rest) void this.#fetch(n); // the files come in together; DuckDB takes them one by one
    this.#want(rest, false).catch(() => {}); // a table that fails says so in its state and to the query naming it
    return Promise.allSettled(this.names.map((n) => this.#done.get(n)!.promise)).then(() => undefined);
  }

  /** Resolves when every table `sql` may read is in (those still waiting load first); rejects naming one that fails. */
  readyFor(sql: string): Promise<void> {
    return this.#want(tablesRead(sql, this.pending), true);
  }
}
