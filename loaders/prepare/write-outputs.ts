/** Writers for the prepared browser tables: CSV (d3-dsv, RFC 4180), JSON, and Arrow IPC streams. */
import {csvFormat} from "d3-dsv";
import {writeFileSync} from "node:fs";
import {neutraliseCsvRow} from "../../components/figure/csv-injection.ts";
import {Dictionary, Int8, Int16, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector} from "apache-arrow";

/**
 * Numbers are written to 12 significant digits: far beyond any figure shown, and it makes the files reproducible
 * (DuckDB's parallel sums of doubles can differ in the last bits from run to run).
 */
export const stable = (x: number): number => (Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(12)));
const stableValue = (_key: string, v: unknown): unknown => (typeof v === "number" ? stable(v) : v);

export function writeCsv(path: string, rows: readonly object[], columns?: string[]): void {
  // Downloadable from the site: formula-like text is neutralised (components/figure/csv-injection.ts).
  const stableRows = rows.map((r) => neutraliseCsvRow(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, stableValue(k, v)]))));
  writeFileSync(path, `${csvFormat(stableRows as never, columns as never)}\n`);
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, stableValue)}\n`);
}

/**
 * A string column, dictionary-encoded with the narrowest index that fits (months, crime types and outcomes take one
 * byte a row, LSOA codes two): the browser downloads and DuckDB-WASM loads less.
 */
export function dictionaryColumn(values: readonly (string | null)[]): Vector {
  const distinct = new Set(values).size;
  const index = distinct < 127 ? new Int8() : distinct < 32_000 ? new Int16() : new Int32();
  return vectorFromArray(values as (string | null)[], new Dictionary(new Utf8(), index));
}

/** Writes an Arrow IPC *stream* (what Framework's DuckDBClient loads with insertArrowFromIPCStream). */
export function writeArrowStream(path: string, columns: Record<string, Vector>): void {
  writeFileSync(path, tableToIPC(new Table(columns), "stream"));
}
