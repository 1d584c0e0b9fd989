/**
 * loadPartnerData(dropDir, outDir, config): reads every extract in the partner drop folder, refuses personal data,
 * aggregates and suppresses, and writes the publishable tables and a report per file into outDir (a build output
 * folder, never inside git). outDir is replaced as a whole, and only once every file has been processed, so a
 * failure leaves the previous output as it was and a refused file leaves nothing behind.
 *
 * Command line: tsx loaders/partners/load.ts [dropDir=data/partners] [outDir=.cache/partners]
 */
import {existsSync, mkdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {extname, resolve} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {z} from "zod";
import {openDuckDB} from "../duckdb.ts";
import {Aggregator, PARTNER_RECORD_COLUMNS, tableRecords, type PartnerRecord} from "./aggregate.ts";
import {DATASETS, dimensionText, type DatasetSpec} from "./datasets.ts";
import {PartnerFileError, refusalReason} from "./errors.ts";
import {scanDropFolder, type DropFile} from "./manifest.ts";
import {formatCsv} from "../lib/csv.ts";
import {nestedPeriodError, periodOverlapError} from "./periods.ts";
import {neutraliseCsvText} from "../../components/figure/csv-injection.ts";
import {csvRows, delimiterName, inspectCsv} from "./read-csv.ts";
import {xlsxEvents} from "./read-xlsx.ts";
import {RowValidator, SheetScanner} from "./validate.ts";
import type {AreaValue} from "./values.ts";

export const partnerFileReportSchema = z.object({
  file: z.string(),
  dataset: z.string().nullable(),
  title: z.string().nullable(),
  owner: z.string().nullable(),
  period: z.string().nullable(),
  received: z.string().nullable(),
  sharingAgreement: z.string().nullable(),
  example: z.boolean(),
  status: z.enum(["accepted", "refused"]),
  /** reason: the problem without the file's name, for the page ("column H looks like people's names."). */
  refusal: z.object({kind: z.string(), message: z.string(), reason: z.string(), sheet: z.string().nullable(), row: z.number().nullable(), column: z.string().nullable()}).nullable(),
  format: z.string().nullable(),
  sheet: z.string().nullable(),
  /** Data rows used; for row-level data (one row per attendance) a number below the threshold is withheld (null). */
  rowsUsed: z.number().nullable(),
  rowsSkipped: z.object({preamble: z.number(), blank: z.number(), totals: z.number(), repeatedHeader: z.number()}).nullable(),
  columns: z.array(z.object({key: z.string(), label: z.string(), unit: z.string(), header: z.string(), column: z.string(), completeness: z.number().nullable()})),
  unknownColumns: z.array(z.string()),
  coverage: z.object({firstMonth: z.string().nullable(), lastMonth: z.string().nullable(), months: z.number(), missingMonths: z.array(z.string()), periods: z.array(z.string()), areas: z.number(), areaTypes: z.array(z.string())}).nullable(),
  qualityFlags: z.array(z.string()),
  suppressedCells: z.number(),
  publishedCells: z.number()
});
export type PartnerFileReport = z.infer<typeof partnerFileReportSchema>;

export interface PartnerConfig {
  smallNumberThreshold: number;
}

export interface PartnerLoadOptions {
  /** "auto" (default): the generated examples are used only when the drop folder holds no real extract. */
  examples?: "auto" | "include" | "exclude";
  /**
   * The configured area's code: only the examples generated for it (data/partners/examples/<code>/) are used, so a
   * county's build never shows another partnership's example hospital. Unset: every example found.
   */
  exampleArea?: string;
  /** Where messages go (default: stderr). Messages never contain partner values. */
  log?: (line: string) => void;
  /**
   * "refuse" (default): a file whose period overlaps an accepted file of the same dataset type is refused
   * (periods.ts). "allow" is for tests that read many versions of one extract; never for a build.
   */
  overlappingPeriods?: "refuse" | "allow";
}

export interface PartnerLoadResult {
  reports: PartnerFileReport[];
  records: PartnerRecord[];
  services: Record<string, string | null>[];
  /** Files written into outDir (names only). */
  written: string[];
}

interface Coverage {
  months: Set<string>;
  periods: Set<string>;
  areas: Set<string>;
  areaTypes: Set<string>;
}

function observe(spec: DatasetSpec, row: Record<string, unknown>, cov: Coverage): void {
  for (const [key, col] of Object.entries(spec.columns)) {
    const v = row[key];
    if (v === null || v === undefined) continue;
    if (col.kind === "date" || col.kind === "month") cov.months.add(String(v).slice(0, 7));
    else if (col.kind === "period") (/^\d{4}-\d{2}$/.test(String(v)) ? cov.months : cov.periods).add(String(v));
    else if (col.kind === "area" && (v as AreaValue).kind !== "not known") {
      cov.areas.add((v as AreaValue).code);
      cov.areaTypes.add((v as AreaValue).kind);
    }
  }
}

function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let [y, m] = first.split("-").map(Number) as [number, number]; `${y}-${String(m).padStart(2, "0")}` <= last; m === 12 ? (y++, (m = 1)) : m++) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
  }
  return out;
}

function emptyReport(file: DropFile | null, name: string): PartnerFileReport {
  const m = file?.manifest;
  return {
    file: name,
    dataset: m?.datasetType ?? null,
    title: m ? DATASETS[m.datasetType].title : null,
    owner: m?.owner ?? null,
    period: m?.period ?? null,
    received: m?.received ?? null,
    sharingAgreement: m?.sharingAgreement ?? null,
    example: m?.example ?? false,
    status: "refused",
    refusal: null,
    format: null,
    sheet: null,
    rowsUsed: null,
    rowsSkipped: null,
    columns: [],
    unknownColumns: [],
    coverage: null,
    qualityFlags: [],
    suppressedCells: 0,
    publishedCells: 0
  };
}

function refusalOf(error: PartnerFileError): PartnerFileReport["refusal"] {
  return {kind: error.kind, message: error.message, reason: refusalReason(error), sheet: error.location.sheet ?? null, row: error.location.row ?? null, column: error.location.column ?? null};
}

interface Processed {
  report: PartnerFileReport;
  records: PartnerRecord[];
  services: Record<string, unknown>[];
}

/** Validates, aggregates and suppresses one file. Throws PartnerFileError when it is refused. */
export async function processPartnerFile(conn: DuckDBConnection, file: DropFile, config: PartnerConfig): Promise<Processed> {
  const spec = DATASETS[file.manifest.datasetType];
  const report = emptyReport(file, file.name);
  const agg = new Aggregator(spec, config.smallNumberThreshold);
  const cov: Coverage = {months: new Set(), periods: new Set(), areas: new Set(), areaTypes: new Set()};
  const flags: string[] = [];
  let validator: RowValidator;
  const ext = extname(file.path).toLowerCase();
  if (ext === ".xlsx") {
    report.format = "XLSX";
    let current: RowValidator | null = null;
    let dataValidator: RowValidator | null = null;
    let dataSheet: string | null = null;
    let otherSheet: SheetScanner | null = null;
    let formulas = 0;
    for await (const ev of xlsxEvents(file.path, file.name)) {
      if (ev.kind === "sheet") {
        otherSheet?.finish();
        const wanted = file.manifest.sheet ? ev.name === file.manifest.sheet : !ev.hidden && dataSheet === null;
        if (wanted && dataSheet === null) {
          dataSheet = ev.name;
          current = dataValidator = new RowValidator(spec, file.name, ev.name, file.manifest, ev.merges);
          otherSheet = null;
        } else {
          current = null;
          // Personal data anywhere in the workbook refuses the file: every other sheet gets the same checks.
          otherSheet = new SheetScanner(file.name, ev.name, file.manifest);
          flags.push(`sheet "${ev.name}"${ev.hidden ? " (hidden)" : ""} was not read as data; it was checked for personal data`);
        }
        continue;
      }
      if (current) {
        formulas += ev.formulas;
        const row = current.accept(ev);
        if (row) {
          agg.add(row);
          observe(spec, row, cov);
        }
      } else otherSheet?.scan(ev);
    }
    otherSheet?.finish();
    if (!dataSheet || !dataValidator) {
      const problem = file.manifest.sheet ? `has no sheet named "${file.manifest.sheet}" (the manifest's sheet).` : "has no visible sheet to read.";
      throw new PartnerFileError("invalid", {file: file.name}, problem, "Name an existing sheet in the manifest's \"sheet\" field.");
    }
    report.sheet = dataSheet;
    if (formulas) flags.push(`${formulas} formula cell(s) read as the results saved in the workbook`);
    validator = dataValidator;
  } else {
    const info = await inspectCsv(file.path, file.name, file.manifest.delimiter);
    report.format = `CSV (${info.encoding}, ${delimiterName(info.delimiter)}-separated)`;
    if (info.encoding === "utf-8-bom") flags.push("byte-order mark at the start of the file (read correctly)");
    if (info.encoding === "windows-1252") flags.push("Windows-1252 encoding (converted to UTF-8)");
    if (info.encoding.startsWith("utf-16")) flags.push(`${info.encoding.toUpperCase()} encoding (converted to UTF-8)`);
    if (info.delimiter !== ",") flags.push(`${delimiterName(info.delimiter)}-separated rather than comma-separated`);
    validator = new RowValidator(spec, file.name, null, file.manifest);
    for await (const raw of csvRows(conn, file.path, file.name, info)) {
      const row = validator.accept(raw);
      if (row) {
        agg.add(row);
        observe(spec, row, cov);
      }
    }
  }
  const done = validator.finish();
  const used = validator.rowsUsed;
  if (used === 0) throw new PartnerFileError("invalid", {file: file.name, sheet: report.sheet, row: done.headerRow}, "has a header but no data rows.", "Ask the partner for the extract with its rows.");
  report.status = "accepted";
  report.rowsUsed = spec.rowLevel && used < config.smallNumberThreshold ? null : used;
  report.rowsSkipped = {...validator.skipped};
  report.columns = done.columns.map((c) => ({key: c.key, label: c.label, unit: c.unit, header: c.header, column: c.column, completeness: Math.round((c.filled / used) * 1000) / 1000}));
  report.unknownColumns = done.unknownColumns;
  report.qualityFlags = [...flags, ...validator.qualityFlags()];
  const months = [...cov.months].sort();
  const first = months[0] ?? null;
  const last = months[months.length - 1] ?? null;
  report.coverage = {
    firstMonth: first,
    lastMonth: last,
    months: months.length,
    missingMonths: first && last ? monthRange(first, last).filter((m) => !cov.months.has(m)) : [],
    periods: [...cov.periods].sort(),
    areas: cov.areas.size,
    areaTypes: [...cov.areaTypes].sort()
  };
  if (report.coverage.missingMonths.length) report.qualityFlags.push(`${report.coverage.missingMonths.length} month(s) with no rows between ${first} and ${last}`);
  const meta = {source: file.name, owner: file.manifest.owner, period: file.manifest.period, example: file.manifest.example};
  const records = tableRecords(spec, agg.tables(), meta);
  report.suppressedCells = records.filter((r) => r.suppressed).length;
  report.publishedCells = records.length;
  const services = agg.register.map((r) => ({source: file.name, example: file.manifest.example, ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, dimensionText(v)]))}));
  return {report, records, services};
}

/** CSV text of records with the given columns (the project's one CSV writer; formula-like text neutralised). */
export const toCsv = (rows: readonly Record<string, unknown>[], columns: readonly string[]): string => formatCsv(rows, columns);

export const SERVICE_COLUMNS = ["source", "example", "service_name", "provider", "service_type", "area", "age_group", "prevention_level", "who_level"];

/** Replaces outDir with a folder built beside it, so readers never see a half-written set. */
function writeOutputs(outDir: string, files: Map<string, string>): string[] {
  const staging = `${outDir}.tmp-${process.pid}`;
  rmSync(staging, {recursive: true, force: true});
  mkdirSync(staging, {recursive: true});
  for (const [name, text] of files) writeFileSync(resolve(staging, name), text);
  const old = `${outDir}.old-${process.pid}`;
  if (existsSync(outDir)) renameSync(outDir, old);
  renameSync(staging, outDir);
  rmSync(old, {recursive: true, force: true});
  return [...files.keys()].sort();
}

/**
 * Reads every partner extract in dropDir and writes into outDir:
 *   partner-<dataset>.csv   suppressed tables of each dataset type (partnerRecordSchema columns)
 *   partner-records.csv     all of them together
 *   partners-services.csv   the service register (a list of services, no counts)
 *   partners-report.json    one report per file (accepted or refused), for the partner data chapter
 * (partner- marks a suppressed table for the disclosure audit; partners- files hold no counts of people.)
 * A refused file contributes only its report (the refusal message names file, sheet, row and column).
 */
export async function loadPartnerData(dropDir: string, outDir: string, config: PartnerConfig, options: PartnerLoadOptions = {}): Promise<PartnerLoadResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scan = scanDropFolder(dropDir);
  const real = scan.files.filter((f) => !f.manifest.example);
  const mode = options.examples ?? "auto";
  const ownExample = (f: DropFile) => !options.exampleArea || f.name.startsWith(`examples/${options.exampleArea}/`);
  const files = scan.files.filter((f) => !f.manifest.example || (ownExample(f) && (mode === "include" || (mode === "auto" && real.length === 0))));
  const reports: PartnerFileReport[] = [];
  const records: PartnerRecord[] = [];
  const services: Record<string, string | null>[] = [];
  for (const error of scan.refused) {
    log(`partners: refused ${error.message}`);
    reports.push({...emptyReport(null, error.location.file), refusal: refusalOf(error)});
  }
  const conn = await openDuckDB();
  try {
    for (const file of files) {
      try {
        const done = await processPartnerFile(conn, file, config);
        const overlap = nestedPeriodError(done.report) ?? (options.overlappingPeriods === "allow" ? null : periodOverlapError(done.report, reports.filter((r) => r.status === "accepted")));
        if (overlap) throw overlap;
        reports.push(done.report);
        records.push(...done.records);
        services.push(...(done.services as Record<string, string | null>[]));
        log(`partners: ${file.name}: ${done.report.dataset}, ${done.report.publishedCells} cells published, ${done.report.suppressedCells} suppressed`);
      } catch (error) {
        if (!(error instanceof PartnerFileError)) throw error;
        log(`partners: refused ${error.message}`);
        reports.push({...emptyReport(file, file.name), format: extname(file.path).slice(1).toUpperCase(), refusal: refusalOf(error)});
      }
    }
  } finally {
    conn.closeSync();
  }
  const out = new Map<string, string>();
  const columns = PARTNER_RECORD_COLUMNS as readonly string[];
  for (const type of new Set(records.map((r) => r.dataset))) out.set(`partner-${type}.csv`, toCsv(records.filter((r) => r.dataset === type), columns));
  out.set("partner-records.csv", toCsv(records, columns));
  out.set("partners-services.csv", toCsv(services, SERVICE_COLUMNS));
  out.set("partners-report.json", `${JSON.stringify(reports.map((r) => partnerFileReportSchema.parse(r)), null, 2)}\n`);
  const written = writeOutputs(resolve(outDir), out);
  return {reports, records, services, written};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {loadConfig} = await import("../config/load-config.ts");
  const root = resolve(import.meta.dirname, "../..");
  const config = await loadConfig();
  const drop = resolve(process.argv[2] ?? `${root}/data/partners`);
  const outDir = resolve(process.argv[3] ?? `${root}/.cache/partners`);
  const result = await loadPartnerData(drop, outDir, config);
  const refused = result.reports.filter((r) => r.status === "refused").length;
  console.log(`partners: ${result.reports.length} file(s), ${refused} refused; wrote ${result.written.join(", ")} to ${outDir}`);
}
