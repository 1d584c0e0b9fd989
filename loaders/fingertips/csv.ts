/**
 * Parser for the Fingertips CSV export (`all_data/csv/by_indicator_id`, or the website's "export data").
 * Scans the file in one pass (csv-records.ts), finds columns by name, never by position, and types each
 * record as it goes. Handles the quirks recorded in docs/reference/fingertips.md: 26 or 27 columns, the parent
 * comparison heading that names the parent type, line feeds inside quoted fields, rows one field short, a
 * byte-order mark, empty value = not published (kept as null with its note), breakdown rows (Category Type
 * set) kept apart from headline rows, and exact duplicate rows removed.
 *
 * Speed (100,000 rows ≤ 1 s on two cores): DuckDB's reader was dropped here because it must read these files
 * single-threaded and its values cross to JavaScript slowly; the record is checked against its zod schema once
 * per distinct value shape (csv-shape.ts) rather than once per row, and duplicates are found by hash (csv-dedup.ts).
 */
import {FingertipsError} from "./errors.ts";
import type {z} from "zod";
import {CsvSyntaxError, readCsvText, scanCsv} from "./csv-records.ts";
import {DuplicateFilter, FNV_START, hashNumber, hashText} from "./csv-dedup.ts";
import {ShapeValidator} from "./csv-shape.ts";
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

/** Catches an HTML page (error or maintenance page) served instead of CSV, and an empty file. */
function assertNotHtml(text: string, opts: ParseOptions): void {
  const head = text.slice(0, 512).trimStart().toLowerCase();
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

/** Parses a Fingertips CSV export file. Throws FingertipsError naming the indicator, column, record and URL. */
export async function parseFingertipsCsv(path: string, opts: ParseOptions = {}): Promise<ParsedExport> {
  const text = await readCsvText(path);
  assertNotHtml(text, opts);
  let columns: string[] = [];
  let build: RowBuilder | undefined;
  const values: Candidate[] = [];
  const breakdowns: Candidate[] = [];
  const unique = new DuplicateFilter<Candidate, keyof Candidate>(FIELDS, distinguishingHash);
  const shapes = new ShapeValidator<Candidate, keyof Candidate>(indicatorValueSchema);
  let misfit: {issues: z.core.$ZodIssue[]; record: number} | undefined;
  const ids = new Set<number | null>();
  let records = 0;
  let kept = 0;
  scanOrFail(text, opts, (fields, index) => {
    if (index === 0) {
      columns = [...fields];
      build = rowBuilder(columns, opts);
      return;
    }
    records = index;
    const row = (build as RowBuilder)(fields, index);
    ids.add(row.indicatorId);
    if (!unique.add(row)) return;
    kept++;
    // The first misfit is reported only after the number and indicator checks, which name the fault better.
    if (misfit === undefined) {
      const issues = shapes.check(row);
      if (issues !== null) misfit = {issues, record: index};
    }
    (row.categoryType === null ? values : breakdowns).push(row);
  });
  assertIndicator(ids, columns, opts);
  if (misfit !== undefined) throw misfitError(misfit.issues, misfit.record, opts);
  // Every record's shape has passed indicatorValueSchema, so every record has.
  return {values: values as IndicatorValue[], breakdowns: breakdowns as IndicatorValue[], duplicatesRemoved: records - kept, records, columns};
}

/** Runs the scanner, turning a syntax error (an unclosed quote) into a FingertipsError. */
function scanOrFail(text: string, opts: ParseOptions, onRecord: (fields: string[], index: number) => void): void {
  try {
    scanCsv(text, onRecord);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw new FingertipsError(`the CSV cannot be read (${e.message})`, {
      kind: "layout", indicatorId: opts.indicatorId, record: e.record === 0 ? undefined : e.record, url: opts.url, // 0 = the header
      fix: "The export's layout has changed or the file is damaged; keep the last good copy and check the file by hand."
    });
  }
}

/** Maps our fields to the positions of the file's headings (trimmed, case-insensitive), failing on a missing required one. */
function mapColumns(columns: string[], opts: ParseOptions): Map<Field, number> {
  const byKey = new Map<string, number>();
  columns.forEach((c, i) => {
    const key = c.trim().toLowerCase();
    if (!byKey.has(key)) byKey.set(key, i);
  });
  const found = new Map<Field, number>();
  for (const [field, heading] of Object.entries({...REQUIRED, ...OPTIONAL}) as [Field, string][]) {
    const at = byKey.get(heading.toLowerCase());
    if (at !== undefined) found.set(field, at);
    else if (field in REQUIRED) {
      throw new FingertipsError(`required column is missing (found: ${columns.join(", ")})`, {
        kind: "layout", indicatorId: opts.indicatorId, column: heading, url: opts.url,
        fix: "Fingertips has changed the export's layout: map the new heading in loaders/fingertips/csv.ts. The last good copy is kept."
      });
    }
  }
  return found;
}

/** A typed record before its schema check: any field may still be null. */
type Candidate = {[K in keyof IndicatorValue]: IndicatorValue[K] | null};
/** Types one record (its fields as scanned) into a candidate value record. */
type RowBuilder = (fields: string[], record: number) => Candidate;

/** Text of a field: trimmed, empty = null (a field missing from a short row is empty too). */
function textAt(fields: string[], i: number): string | null {
  if (i < 0) return null;
  const raw = fields[i];
  if (raw === undefined) return null;
  const t = raw.trim();
  return t === "" ? null : t;
}

/** A plain decimal number (what Fingertips writes); rejects hex, "Infinity", thousands separators and the like. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Makes the function that types one record, with the column positions and error context bound once. */
function rowBuilder(columns: string[], opts: ParseOptions): RowBuilder {
  const found = mapColumns(columns, opts);
  const at = (f: Field): number => found.get(f) ?? -1;
  const parent = findParentComparison(columns);
  const parentAt = parent ? columns.indexOf(parent.column) : -1;
  const parentLabel = parent?.label ?? null;
  const width = columns.length;

  /** The number in field i, or a FingertipsError naming column and record. */
  const number = (f: string[], i: number, record: number, whole: boolean): number | null => {
    const t = textAt(f, i);
    if (t === null) return null;
    const v = DECIMAL.test(t) ? Number(t) : NaN;
    if (Number.isFinite(v) && (!whole || Number.isInteger(v))) return v;
    throw new FingertipsError(`"${f[i]}" is not ${Number.isFinite(v) ? "a whole number" : "a number"}`, {
      kind: "value", indicatorId: opts.indicatorId, column: columns[i], record, url: opts.url,
      fix: "Fingertips marks missing values with an empty field; a text here means the layout or the data changed. Check the export by hand."
    });
  };

  const [iId, iName, iPCode, iPName, iCode, iAName, iAType, iSex, iAge, iCatT, iCat, iPeriod, iSort,
    iVal, iL95, iU95, iL998, iU998, iCount, iDen, iNote, iTrend, iEng] = ([
    "indicatorId", "indicatorName", "parentCode", "parentName", "areaCode", "areaName", "areaType", "sex", "age",
    "categoryType", "category", "period", "periodSortable", "value", "lowerCi95", "upperCi95", "lowerCi998",
    "upperCi998", "count", "denominator", "valueNote", "recentTrend", "comparedToEngland"
  ] as Field[]).map(at) as number[] as [number, number, number, number, number, number, number, number, number, number,
    number, number, number, number, number, number, number, number, number, number, number, number, number];

  // Texts repeat from row to row (areas, periods, notes): keep one copy of each, so records share their strings
  // and the scanner's copies die young (half the garbage-collection time and far less memory held, for about
  // the same total time).
  const pool = new Map<string, string>();
  const text = (f: string[], i: number): string | null => {
    const t = textAt(f, i);
    if (t === null) return null;
    const known = pool.get(t);
    if (known !== undefined) return known;
    if (pool.size < 1_000_000) pool.set(t, t);
    return t;
  };

  return (f, record) => {
    if (f.length > width) {
      throw new FingertipsError(`the record has ${f.length} fields, more than the header's ${width}`, {
        kind: "layout", indicatorId: opts.indicatorId, record, url: opts.url,
        fix: "The export's layout has changed or a quote is unbalanced; check the file by hand and update loaders/fingertips/csv.ts."
      });
    }
    // Numbers first (measures, then Indicator ID and Time period Sortable): the first bad one in the record is named.
    const value = number(f, iVal, record, false);
    const lowerCi95 = number(f, iL95, record, false);
    const upperCi95 = number(f, iU95, record, false);
    const lowerCi998 = number(f, iL998, record, false);
    const upperCi998 = number(f, iU998, record, false);
    const count = number(f, iCount, record, false);
    const denominator = number(f, iDen, record, false);
    const indicatorId = number(f, iId, record, true);
    const periodSortable = number(f, iSort, record, true);
    const name = textAt(f, iName);
    return {
      indicatorId,
      // Exports carry a stray line feed inside the quoted name: normalise all whitespace runs.
      indicatorName: name === null ? null : normaliseName(name),
      parentCode: text(f, iPCode), parentName: text(f, iPName), areaCode: text(f, iCode),
      areaName: text(f, iAName), areaType: text(f, iAType), sex: text(f, iSex), age: text(f, iAge),
      categoryType: text(f, iCatT), category: text(f, iCat), period: text(f, iPeriod), periodSortable,
      value, lowerCi95, upperCi95, lowerCi998, upperCi998, count, denominator,
      // An empty Value is "not published", never zero: say so where the export gives no reason.
      valueNote: text(f, iNote) ?? (value === null ? NO_VALUE_NOTE : null),
      recentTrend: text(f, iTrend), comparedToEngland: text(f, iEng), comparedToParent: text(f, parentAt),
      parentComparisonLabel: parentLabel
    };
  };
}

const names = new Map<string, string>();
/** Whitespace runs to one space, trimmed; cached because an export repeats one name on every row. */
function normaliseName(raw: string): string {
  let n = names.get(raw);
  if (n === undefined) {
    n = raw.replace(/\s+/g, " ").trim();
    if (names.size > 10_000) names.clear();
    names.set(raw, n);
  }
  return n;
}

/** The export must hold the indicator asked for, and no other. */
function assertIndicator(ids: Set<number | null>, columns: string[], opts: ParseOptions): void {
  if (opts.indicatorId === undefined) return;
  const col = columns.find((c) => c.trim().toLowerCase() === REQUIRED.indicatorId.toLowerCase());
  const known = [...ids].filter((id): id is number => id !== null);
  if (known.length === 0) {
    throw new FingertipsError("the export has a header but no rows: the indicator has no data for this area type, or no longer exists", {
      kind: "wrong-indicator", indicatorId: opts.indicatorId, column: col, url: opts.url,
      fix: "Check the id with indicator_metadata and available_data; replace it in the indicator set if it was retired."
    });
  }
  const others = known.filter((id) => id !== opts.indicatorId);
  if (others.length > 0) {
    throw new FingertipsError(`the export holds indicator(s) ${others.join(", ")} as well as or instead of the one asked for`, {
      kind: "wrong-indicator", indicatorId: opts.indicatorId, column: col, url: opts.url,
      fix: "Request one indicator per call (indicator_ids=<id>)."
    });
  }
}

/** The record's fields, in the schema's order: what makes two records duplicates and what a shape covers. */
const FIELDS = Object.keys(indicatorValueSchema.shape) as (keyof IndicatorValue)[];
const HEADINGS: Record<string, string> = {...REQUIRED, ...OPTIONAL};

/**
 * Hash of the fields that tell two records of an export apart in practice (parent, area, period, breakdown,
 * value, count); records with equal hashes are then compared on every field, so this only sets the speed.
 */
function distinguishingHash(r: Candidate): number {
  let h = hashText(FNV_START, r.areaCode);
  h = hashText(h, r.period);
  h = hashText(h, r.parentCode);
  h = hashText(h, r.sex);
  h = hashText(h, r.age);
  h = hashText(h, r.categoryType);
  h = hashText(h, r.category);
  h = hashNumber(h, r.value);
  return hashNumber(h, r.count) >>> 0;
}

function misfitError(issues: z.core.$ZodIssue[], record: number, opts: ParseOptions): FingertipsError {
  const issue = issues[0];
  const field = String(issue?.path[0] ?? "");
  return new FingertipsError(`a row does not fit the value record (${issue?.path.join(".")}: ${issue?.message})`, {
    kind: "layout", indicatorId: opts.indicatorId, column: HEADINGS[field] ?? field, record, url: opts.url,
    fix: "Check the export by hand; the layout may have changed."
  });
}

/** Reads any CSV file as text records keyed by heading (empty fields null), for metadata and reshaped extracts. */
export async function readCsvRecords(path: string, opts: ParseOptions = {}): Promise<Record<string, string | null>[]> {
  const text = await readCsvText(path);
  assertNotHtml(text, opts);
  let keys: string[] = [];
  const out: Record<string, string | null>[] = [];
  scanOrFail(text, opts, (fields, index) => {
    if (index === 0) {
      keys = fields.map((k) => k.trim()); // a copy: the scanner reuses `fields`
      return;
    }
    if (fields.length > keys.length) {
      throw new FingertipsError(`the record has ${fields.length} fields, more than the header's ${keys.length}`, {
        kind: "layout", indicatorId: opts.indicatorId, record: index, url: opts.url,
        fix: "Check the file by hand; it may be damaged or not a CSV."
      });
    }
    const rec: Record<string, string | null> = {};
    keys.forEach((k, i) => {
      const v = fields[i];
      rec[k] = v === undefined || v.trim() === "" ? null : v;
    });
    out.push(rec);
  });
  return out;
}

/**
 * For the benchmark: writes an export of `rows` records made by repeating the real records of `sourcePath`
 * (header kept, each repeat given its own period so rows stay distinct); returns its path.
 */
export async function writeRepeatedExport(sourcePath: string, rows: number, workDir: string): Promise<string> {
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
  return path;
}

/** For the benchmark: writes a repeated export of `rows` records (writeRepeatedExport) and times its parse. */
export async function timeParse(sourcePath: string, rows: number, workDir: string): Promise<{ms: number; records: number}> {
  const path = await writeRepeatedExport(sourcePath, rows, workDir);
  const t0 = performance.now();
  const parsed = await parseFingertipsCsv(path);
  return {ms: performance.now() - t0, records: parsed.values.length + parsed.breakdowns.length};
}
