/**
 * Parser for the Fingertips CSV export (`all_data/csv/by_indicator_id`, or the website's "export data").
 * Reads with DuckDB's CSV reader (every field as text), finds columns by name, never by position, and types
 * them in SQL. Handles the quirks recorded in docs/reference/fingertips.md: 26 or 27 columns, the parent
 * comparison heading that names the parent type, line feeds inside quoted fields, rows one field short, a
 * byte-order mark, empty value = not published (kept as null with its note), breakdown rows (Category Type
 * set) kept apart from headline rows, and exact duplicate rows removed.
 */
import {openSync, readSync, closeSync} from "node:fs";
import {DuckDBConnection, DuckDBInstance} from "@duckdb/node-api";
import {FingertipsError} from "./errors.ts";
import {indicatorValueSchema, type IndicatorValue} from "./schemas.ts";

/** Columns every export must have; without them no value can be placed. */
const REQUIRED = {
  indicatorId: "Indicator ID",
  indicatorName: "Indicator Name",
  areaCode: "Area Code",
  period: "Time period",
  value: "Value"
} as const;

/** Columns read when present (older or reshaped exports lack some). */
const OPTIONAL = {
  parentCode: "Parent Code",
  parentName: "Parent Name",
  areaName: "Area Name",
  areaType: "Area Type",
  sex: "Sex",
  age: "Age",
  categoryType: "Category Type",
  category: "Category",
  lowerCi95: "Lower CI 95.0 limit",
  upperCi95: "Upper CI 95.0 limit",
  lowerCi998: "Lower CI 99.8 limit",
  upperCi998: "Upper CI 99.8 limit",
  count: "Count",
  denominator: "Denominator",
  valueNote: "Value note",
  recentTrend: "Recent Trend",
  comparedToEngland: "Compared to England value or percentiles",
  periodSortable: "Time period Sortable"
} as const;

/** The note given to an empty Value that the export does not explain. */
export const NO_VALUE_NOTE = "No value published (empty in the export)";

type Field = keyof typeof REQUIRED | keyof typeof OPTIONAL;
const NUMERIC: ReadonlySet<Field> = new Set(["value", "lowerCi95", "upperCi95", "lowerCi998", "upperCi998", "count", "denominator"]);

export interface ParseOptions {
  /** The indicator asked for: the export must hold it and only it. */
  indicatorId?: number | undefined;
  /** Where the file came from (URL or path), for error messages. */
  url?: string | undefined;
}

export interface ParsedExport {
  /** Headline rows (no Category Type). */
  values: IndicatorValue[];
  /** Breakdown rows (deprivation deciles, ethnic groups…), kept apart. */
  breakdowns: IndicatorValue[];
  /** Exact duplicate rows dropped. */
  duplicatesRemoved: number;
  /** Records read from the file. */
  records: number;
  /** The header as found (BOM removed). */
  columns: string[];
}

let instance: Promise<DuckDBInstance> | undefined;
/** One in-memory DuckDB for the process; each parse gets its own connection. */
async function connect(): Promise<DuckDBConnection> {
  instance ??= DuckDBInstance.create(":memory:", {threads: "2"});
  return (await instance).connect();
}

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** Reads the first bytes to catch an HTML page (error or maintenance page) served instead of CSV. */
function assertNotHtml(path: string, opts: ParseOptions): void {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(512);
  const n = readSync(fd, buf, 0, 512, 0);
  closeSync(fd);
  const head = buf.subarray(0, n).toString("utf-8").replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (head.startsWith("<")) {
    throw new FingertipsError("received an HTML page instead of the CSV export (the server is down or the URL is wrong)", {
      kind: "html",
      indicatorId: opts.indicatorId,
      url: opts.url,
      fix: "Try the refresh again later; if it persists, open the URL in a browser and check the API base URL."
    });
  }
  if (head.length === 0) {
    throw new FingertipsError("the export is empty", {
      kind: "wrong-indicator",
      indicatorId: opts.indicatorId,
      url: opts.url,
      fix: "Check that the indicator id exists for this area type (indicator_metadata, available_data)."
    });
  }
}

/** Finds the parent comparison column, whose heading names the parent type ("Compared to Region value or percentiles"). */
export function findParentComparison(columns: string[]): {column: string; label: string} | null {
  for (const c of columns) {
    const m = /^Compared to (.*?)\s*(?:value or percentiles|percentiles)$/i.exec(c.trim());
    if (!m) continue;
    const label = (m[1] ?? "").trim();
    if (label.toLowerCase() === "england") continue;
    return {column: c, label: label === "" ? "parent" : label};
  }
  return null;
}

/** Parses a Fingertips CSV export file. Throws FingertipsError naming the indicator, column and URL. */
export async function parseFingertipsCsv(path: string, opts: ParseOptions = {}): Promise<ParsedExport> {
  assertNotHtml(path, opts);
  const con = await connect();
  try {
    return await parseWith(con, path, opts);
  } finally {
    con.closeSync();
  }
}

async function parseWith(con: DuckDBConnection, path: string, opts: ParseOptions): Promise<ParsedExport> {
  const table = `ft_${process.pid}_${Math.random().toString(36).slice(2)}`;
  // parallel=false: DuckDB's parallel scanner cannot combine null_padding (rows one field short) with
  // line feeds inside quoted fields, and Fingertips exports have both.
  const read = `read_csv(${sqlString(path)}, all_varchar=true, header=true, null_padding=true, parallel=false,
    delim=',', quote='"', escape='"', strict_mode=false)`;
  try {
    await con.run(`CREATE TEMP TABLE ${table} AS SELECT row_number() OVER () AS __rec, * FROM ${read}`);
  } catch (e) {
    throw new FingertipsError(`the CSV cannot be read (${firstLine(e)})`, {
      kind: "layout", indicatorId: opts.indicatorId, url: opts.url,
      fix: "The export's layout has changed or the file is damaged; keep the last good copy and check the file by hand."
    });
  }
  try {
    const columns = (await con.runAndReadAll(`SELECT * FROM ${table} LIMIT 0`)).columnNames().filter((c) => c !== "__rec");
    const found = mapColumns(columns, opts);
    const parent = findParentComparison(columns);
    await assertNumeric(con, table, found, opts);
    await assertIndicator(con, table, found, opts);
    const {names, sql} = typedSelect(table, found, parent);
    const records = Number((await con.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowsJS()[0]?.[0] ?? 0);
    // One JSON array of row arrays: converting DuckDB values to JS one by one is far slower than JSON.parse.
    const packed = (await con.runAndReadAll(
      `SELECT to_json(list(json_array(${names.join(", ")}) ORDER BY __rec))::VARCHAR FROM (${sql})`
    )).getRowsJS()[0]?.[0];
    const rowsData = packed == null ? [] : (JSON.parse(String(packed)) as unknown[][]);
    const n = rowsData.length;
    const values: IndicatorValue[] = [];
    const breakdowns: IndicatorValue[] = [];
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      const data = rowsData[i] as unknown[];
      names.forEach((name, c) => (row[name] = data[c] ?? null));
      const parsed = indicatorValueSchema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FingertipsError(`a row does not fit the value record (${issue?.path.join(".")}: ${issue?.message})`, {
          kind: "layout", indicatorId: opts.indicatorId, column: String(issue?.path[0] ?? ""), url: opts.url,
          fix: "Check the export by hand; the layout may have changed."
        });
      }
      (parsed.data.categoryType === null ? values : breakdowns).push(parsed.data);
    }
    return {values, breakdowns, duplicatesRemoved: records - n, records, columns};
  } finally {
    await con.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0] ?? "";
}

/** Maps our fields to the file's headings (trimmed, case-insensitive), failing on a missing required one. */
function mapColumns(columns: string[], opts: ParseOptions): Map<Field, string> {
  const extra = columns.filter((c) => /^column\d+$/.test(c));
  if (extra.length > 0) {
    throw new FingertipsError(`some records have more fields than the header (${extra.length} unnamed column(s))`, {
      kind: "layout", indicatorId: opts.indicatorId, column: extra[0], url: opts.url,
      fix: "The export's layout has changed; check the file by hand and update loaders/fingertips/csv.ts."
    });
  }
  const byKey = new Map(columns.map((c) => [c.trim().toLowerCase(), c]));
  const found = new Map<Field, string>();
  for (const [field, heading] of Object.entries({...REQUIRED, ...OPTIONAL}) as [Field, string][]) {
    const actual = byKey.get(heading.toLowerCase());
    if (actual !== undefined) found.set(field, actual);
    else if (field in REQUIRED) {
      throw new FingertipsError(`required column is missing (found: ${columns.join(", ")})`, {
        kind: "layout", indicatorId: opts.indicatorId, column: heading, url: opts.url,
        fix: "Fingertips has changed the export's layout: map the new heading in loaders/fingertips/csv.ts. The last good copy is kept."
      });
    }
  }
  return found;
}

const text = (col: string): string => `NULLIF(trim(${ident(col)}), '')`;

/** Fails on the first text that should be a number and is not, naming the column, record and text (one scan). */
async function assertNumeric(con: DuckDBConnection, table: string, found: Map<Field, string>, opts: ParseOptions): Promise<void> {
  const checks = ([...NUMERIC, "indicatorId", "periodSortable"] as Field[]).flatMap((field) => {
    const col = found.get(field);
    if (col === undefined) return [];
    const target = field === "indicatorId" || field === "periodSortable" ? "BIGINT" : "DOUBLE";
    return [{col, expr: `arg_min(${ident(col)}, __rec) FILTER (WHERE ${text(col)} IS NOT NULL AND TRY_CAST(${text(col)} AS ${target}) IS NULL)`,
      rec: `min(__rec) FILTER (WHERE ${text(col)} IS NOT NULL AND TRY_CAST(${text(col)} AS ${target}) IS NULL)`}];
  });
  const row = (await con.runAndReadAll(`SELECT ${checks.map((c) => `${c.rec}, ${c.expr}`).join(", ")} FROM ${table}`)).getRowsJS()[0] ?? [];
  // The earliest bad record across columns is reported first.
  let worst: {col: string; rec: number; raw: string} | null = null;
  checks.forEach((c, i) => {
    const rec = row[2 * i];
    if (rec === null || rec === undefined) return;
    if (worst === null || Number(rec) < worst.rec) worst = {col: c.col, rec: Number(rec), raw: String(row[2 * i + 1])};
  });
  const bad = worst as {col: string; rec: number; raw: string} | null;
  if (bad) {
    throw new FingertipsError(`"${bad.raw}" is not a number`, {
      kind: "value", indicatorId: opts.indicatorId, column: bad.col, record: bad.rec, url: opts.url,
      fix: "Fingertips marks missing values with an empty field; a text here means the layout or the data changed. Check the export by hand."
    });
  }
}

/** The export must hold the indicator asked for, and no other. */
async function assertIndicator(con: DuckDBConnection, table: string, found: Map<Field, string>, opts: ParseOptions): Promise<void> {
  const col = found.get("indicatorId") as string;
  const ids = (await con.runAndReadAll(`SELECT DISTINCT TRY_CAST(${text(col)} AS BIGINT) FROM ${table}`)).getRowsJS().map((r) => Number(r[0]));
  if (opts.indicatorId === undefined) return;
  if (ids.length === 0) {
    throw new FingertipsError("the export has a header but no rows: the indicator has no data for this area type, or no longer exists", {
      kind: "wrong-indicator", indicatorId: opts.indicatorId, column: col, url: opts.url,
      fix: "Check the id with indicator_metadata and available_data; replace it in the indicator set if it was retired."
    });
  }
  const others = ids.filter((id) => id !== opts.indicatorId);
  if (others.length > 0) {
    throw new FingertipsError(`the export holds indicator(s) ${others.join(", ")} as well as or instead of the one asked for`, {
      kind: "wrong-indicator", indicatorId: opts.indicatorId, column: col, url: opts.url,
      fix: "Request one indicator per call (indicator_ids=<id>)."
    });
  }
}

/** The SELECT that types every column and drops exact duplicate rows, keeping the first. */
function typedSelect(table: string, found: Map<Field, string>, parent: {column: string; label: string} | null): {names: string[]; sql: string} {
  const t = (field: Field): string => {
    const col = found.get(field);
    return col === undefined ? "NULL::VARCHAR" : text(col);
  };
  const n = (field: Field): string => {
    const col = found.get(field);
    return col === undefined ? "NULL::DOUBLE" : `TRY_CAST(${text(col)} AS DOUBLE)`;
  };
  const cols = [
    `TRY_CAST(${t("indicatorId")} AS INTEGER) AS indicatorId`,
    // Exports carry a stray line feed inside the quoted name: normalise all whitespace runs.
    `trim(regexp_replace(${t("indicatorName")}, '\\s+', ' ', 'g')) AS indicatorName`,
    `${t("parentCode")} AS parentCode`, `${t("parentName")} AS parentName`,
    `${t("areaCode")} AS areaCode`, `${t("areaName")} AS areaName`, `${t("areaType")} AS areaType`,
    `${t("sex")} AS sex`, `${t("age")} AS age`, `${t("categoryType")} AS categoryType`, `${t("category")} AS category`,
    `${t("period")} AS period`,
    `TRY_CAST(${t("periodSortable")} AS INTEGER) AS periodSortable`,
    ...(["value", "lowerCi95", "upperCi95", "lowerCi998", "upperCi998", "count", "denominator"] as Field[]).map((f) => `${n(f)} AS ${f}`),
    // An empty Value is "not published", never zero: say so where the export gives no reason.
    `COALESCE(${t("valueNote")}, CASE WHEN ${n("value")} IS NULL THEN '${NO_VALUE_NOTE}' END) AS valueNote`, `${t("recentTrend")} AS recentTrend`,
    `${t("comparedToEngland")} AS comparedToEngland`,
    `${parent ? text(parent.column) : "NULL::VARCHAR"} AS comparedToParent`,
    `${parent ? sqlString(parent.label) : "NULL::VARCHAR"} AS parentComparisonLabel`
  ];
  const names = cols.map((c) => c.slice(c.lastIndexOf(" AS ") + 4));
  // Exact duplicates: rows whose typed fields hash alike are one row; the first in the file is kept.
  const sql = `SELECT * FROM (SELECT ${cols.join(",\n ")}, __rec FROM ${table})
    QUALIFY row_number() OVER (PARTITION BY hash(${names.join(", ")}) ORDER BY __rec) = 1`;
  return {names, sql};
}

/** Reads any CSV file as text records keyed by heading (empty fields null), for metadata and reshaped extracts. */
export async function readCsvRecords(path: string, opts: ParseOptions = {}): Promise<Record<string, string | null>[]> {
  assertNotHtml(path, opts);
  const con = await connect();
  try {
    const read = `read_csv(${sqlString(path)}, all_varchar=true, header=true, null_padding=true, parallel=false,
      delim=',', quote='"', escape='"', strict_mode=false)`;
    const rows = (await con.runAndReadAll(`SELECT * FROM ${read}`)).getRowObjectsJS();
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim(), v === null || String(v).trim() === "" ? null : String(v)])));
  } catch (e) {
    if (e instanceof FingertipsError) throw e;
    throw new FingertipsError(`the CSV cannot be read (${firstLine(e)})`, {
      kind: "layout", indicatorId: opts.indicatorId, url: opts.url,
      fix: "Check the file by hand; it may be damaged or not a CSV."
    });
  } finally {
    con.closeSync();
  }
}

/**
 * For the benchmark: writes an export of `rows` records made by repeating the real records of `sourcePath`
 * (header kept, each repeat given its own period so rows stay distinct), and times its parse.
 */
export async function timeParse(sourcePath: string, rows: number, workDir: string): Promise<{ms: number; records: number}> {
  const {readFileSync, writeFileSync} = await import("node:fs");
  const {join} = await import("node:path");
  const text = readFileSync(sourcePath, "utf-8").replace(/^\uFEFF/, "");
  const sep = text.includes("\r\n") ? "\r\n" : "\n";
  const headerEnd = text.indexOf(sep);
  const header = text.slice(0, headerEnd);
  // Records, not lines: a quoted field may hold a line feed, so split on the record separator only.
  const records = text.slice(headerEnd + sep.length).split(sep).filter((r) => r.length > 0);
  const out: string[] = [header];
  for (let i = 0; out.length <= rows; i++) {
    const rec = records[i % records.length] as string;
    const copy = Math.floor(i / records.length);
    // Shift the year of the period fields so repeated records are not dropped as duplicates.
    out.push(copy === 0 ? rec : rec.replace(/,(\d{4}),/, (_m, y: string) => `,${Number(y) + copy * 10},`));
  }
  const path = join(workDir, `fingertips-bench-${rows}.csv`);
  writeFileSync(path, out.join(sep) + sep);
  const t0 = performance.now();
  const parsed = await parseFingertipsCsv(path);
  return {ms: performance.now() - t0, records: parsed.values.length + parsed.breakdowns.length};
}
