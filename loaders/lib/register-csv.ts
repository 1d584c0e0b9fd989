/**
 * What the analyst's registers (data/registers/*.csv: evidence, recommendations, consultation log) share: the error
 * that lists every problem at once, the header check, and each record with the line it starts on, so that every
 * message can say "file: line N, column C". Each register keeps its own zod schema and checks.
 */
import {existsSync, readFileSync} from "node:fs";
import {relative} from "node:path";
import {PROJECT_ROOT} from "../config/load-config.ts";
import {parseCsv} from "./csv.ts";

export class RegisterError extends Error {
  constructor(
    readonly what: string,
    readonly file: string,
    readonly problems: string[]
  ) {
    super(`Invalid ${what} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  ${p}`).join("\n")}\nFix the cell(s) above (see data/registers/README.md) and build again.`);
  }
}

export interface RegisterRecord {
  /** The line the record starts on (the header is line 1). */
  line: number;
  /** "file: line N", the start of every message about this record. */
  at: string;
  /** Cells by column name (names trimmed). */
  row: Record<string, string>;
}

/**
 * The register's records, after checking its header has exactly `columns`; a header problem throws
 * `fail(problems)` at once, since no row can be read without it.
 */
export function registerRecords(text: string, name: string, columns: readonly string[], fail: (problems: string[]) => Error): RegisterRecord[] {
  const {columns: header, rows} = parseCsv(text);
  const trimmed = header.map((c) => c.trim());
  const missing = columns.filter((c) => !trimmed.includes(c));
  const unknown = trimmed.filter((c) => !columns.includes(c));
  if (missing.length || unknown.length) {
    throw fail([
      ...(missing.length ? [`${name}: line 1: missing column(s) ${missing.map((c) => `"${c}"`).join(", ")}`] : []),
      ...(unknown.length ? [`${name}: line 1: unknown column(s) ${unknown.map((c) => `"${c}"`).join(", ")}`] : []),
      `the header must be: ${columns.join(",")}`
    ]);
  }
  const records: RegisterRecord[] = [];
  let line = 2;
  for (const raw of rows) {
    records.push({line, at: `${name}: line ${line}`, row: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.trim(), v]))});
    // A quoted cell spanning lines moves the next record down.
    line += 1 + Object.values(raw).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
  }
  return records;
}

/** Reads a register at `path` with `parse`; a missing file is no register (null), not an error. */
export function readRegisterFile<T>(path: string, parse: (text: string, name: string) => T): {file: string | null; parsed: T | null} {
  const name = relative(PROJECT_ROOT, path) || path;
  if (!existsSync(path)) return {file: null, parsed: null};
  return {file: name, parsed: parse(readFileSync(path, "utf-8"), name)};
}
