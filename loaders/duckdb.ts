/** Thin helpers over @duckdb/node-api: one in-memory database per loader run, rows as plain objects. */
import {DuckDBConnection, DuckDBInstance} from "@duckdb/node-api";

export type Row = Record<string, unknown>;

export async function openDuckDB(): Promise<DuckDBConnection> {
  // No extension is ever installed or loaded from the network: autoinstall is switched off.
  const instance = await DuckDBInstance.create(":memory:", {autoinstall_known_extensions: "false", autoload_known_extensions: "false"});
  return instance.connect();
}

/** Runs a query and returns its rows, BIGINTs turned into numbers (every count here fits in 2^53). */
export async function queryRows<T = Row>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
    return out as T;
  });
}

/** Quotes a string literal for SQL. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Quotes an identifier (a column name such as "LSOA code"). */
export const sqlIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

export const sqlList = (values: readonly string[]): string => (values.length ? values.map(sqlString).join(", ") : "NULL");
