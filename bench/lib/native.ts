/**
 * Native DuckDB figures (@duckdb/node-api):
 *  - the console's LSOA × month × type aggregation over the same rows the browser has: the prepared crimes.arrow,
 *    read with apache-arrow and appended to a DuckDB table first (DuckDB in Node cannot read Arrow IPC itself);
 *    only the aggregation is timed;
 *  - ingest speed of the police.uk street CSVs: ingestStreetFiles (read, validate, map LSOA codes; ONS tables made
 *    beforehand and not timed) against DuckDB's own read_csv of the same files into a table, in rows per second.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance, type DuckDBConnection} from "@duckdb/node-api";
import {tableFromIPC} from "apache-arrow";
import {ensurePrepared} from "../../loaders/prepare/prepare.ts";
import {createOnsTables} from "../../loaders/ons/lookups.ts";
import {ingestStreetFiles} from "../../loaders/policeuk/ingest-street.ts";
import {listStreetFiles} from "../../loaders/policeuk/street-files.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";
import {sqlString} from "../../loaders/duckdb.ts";
import {median} from "./figures.ts";

async function connect(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:", {autoinstall_known_extensions: "false", autoload_known_extensions: "false"});
  return instance.connect();
}

const COLUMNS = ["month", "crime_type", "lsoa21_code", "lad_code", "outcome"] as const;

/** Loads the prepared crimes.arrow into table `crimes`; returns its row count and where it came from. */
async function loadCrimes(conn: DuckDBConnection): Promise<{rows: number; file: string}> {
  const file = join(await ensurePrepared(), "crimes.arrow");
  const table = tableFromIPC(readFileSync(file));
  const names = table.schema.fields.map((f) => f.name);
  for (const c of COLUMNS) if (!names.includes(c)) throw new Error(`${file} has no column ${c} (it has ${names.join(", ")}); update bench/lib/native.ts`);
  await conn.run(`CREATE TABLE crimes (${COLUMNS.map((c) => `${c} VARCHAR`).join(", ")})`);
  const vectors = COLUMNS.map((c) => table.getChild(c)!);
  const appender = await conn.createAppender("crimes");
  for (let i = 0; i < table.numRows; i++) {
    for (const v of vectors) {
      const value = v.get(i) as string | null;
      if (value === null || value === undefined) appender.appendNull();
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }
  appender.closeSync();
  return {rows: table.numRows, file};
}

export interface NativeQuery {
  medianMs: number;
  runs: number[];
  groups: number;
  crimeRows: number;
  file: string;
}

/** The aggregation natively, `runs` times after one warm-up; the result is read in full, as the console does. */
export async function nativeQuery(sql: string, runs = 5): Promise<NativeQuery> {
  const conn = await connect();
  try {
    const {rows, file} = await loadCrimes(conn);
    let groups = (await conn.runAndReadAll(sql)).currentRowCount;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const reader = await conn.runAndReadAll(sql);
      times.push(performance.now() - t);
      groups = reader.currentRowCount;
    }
    return {medianMs: median(times), runs: times, groups, crimeRows: rows, file};
  } finally {
    conn.closeSync();
  }
}

export interface IngestSpeed {
  files: number;
  ingestRows: number;
  readCsvRows: number;
  ingestRowsPerS: number;
  readCsvRowsPerS: number;
  ingestRuns: number[];
  readCsvRuns: number[];
}

/** Every street file of the snapshot (all forces). */
function allStreetFiles() {
  const dir = join(SNAPSHOT_DIR, "policeuk/street");
  const forces = ["devon-and-cornwall", "surrey"];
  return listStreetFiles(dir, forces);
}

async function timeIngest(files: ReturnType<typeof allStreetFiles>): Promise<{ms: number; rows: number}> {
  const conn = await connect();
  try {
    await createOnsTables(conn); // not timed: lookups the ingest needs, made once per partnership build
    const t = performance.now();
    const report = await ingestStreetFiles(conn, files);
    const ms = performance.now() - t;
    return {ms, rows: report.totals.rows};
  } finally {
    conn.closeSync();
  }
}

async function timeReadCsv(paths: string[]): Promise<{ms: number; rows: number}> {
  const conn = await connect();
  try {
    const t = performance.now();
    await conn.run(`CREATE TABLE street AS SELECT * FROM read_csv([${paths.map(sqlString).join(", ")}])`);
    const ms = performance.now() - t;
    const rows = Number((await conn.runAndReadAll("SELECT count(*) FROM street")).getRows()[0]![0]);
    return {ms, rows};
  } finally {
    conn.closeSync();
  }
}

/** Ingest against read_csv, alternating, `runs` times each after one untimed read that warms the file cache. */
export async function ingestSpeed(runs = 3): Promise<IngestSpeed> {
  const files = allStreetFiles();
  const paths = files.map((f) => f.path);
  await timeReadCsv(paths);
  const ingest: {ms: number; rows: number}[] = [];
  const read: {ms: number; rows: number}[] = [];
  for (let i = 0; i < runs; i++) {
    ingest.push(await timeIngest(files));
    read.push(await timeReadCsv(paths));
  }
  const ingestRows = ingest[0]!.rows;
  const readCsvRows = read[0]!.rows;
  return {
    files: files.length,
    ingestRows,
    readCsvRows,
    ingestRowsPerS: ingestRows / (median(ingest.map((r) => r.ms)) / 1000),
    readCsvRowsPerS: readCsvRows / (median(read.map((r) => r.ms)) / 1000),
    ingestRuns: ingest.map((r) => r.ms),
    readCsvRuns: read.map((r) => r.ms)
  };
}
