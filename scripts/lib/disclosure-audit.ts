/**
 * Disclosure audit of a built site: the last gate before dist/ is published. It reads every data file and page
 * (.csv, .tsv, .json, .arrow/.feather IPC file or stream, .html, .txt, and the text of a .pdf: the board pack) and
 * fails when it finds
 *   - a partner-derived count below the small-number threshold that is not suppressed, or a suppressed cell that
 *     still carries a count;
 *   - personal data: an NHS number with a valid check digit, a full postcode, an email address, a phone number, or a
 *     column named like a date of birth.
 *
 * Convention (data/partners/README.md, "Publishing partner tables"; the rules are in partner-audit.ts): a
 * partner-derived file is a data file whose name starts with `partner-` or `partners-` (Framework's content hash
 * after it is fine: `_file/data/partner-ae-assault.1a2b3c4d.csv`). Each of its count-like columns (count,
 * denominator, cohort, respondents…) holds a whole number that is 0 or ≥ threshold with suppressed = false, or null
 * with suppressed = true; tables published with their margins are re-solved by linear programming so that no
 * suppressed cell can be narrowed below the threshold. Other files (open statistics) keep their small values.
 * A partner table must be CSV, JSON or Arrow: a partner-*.parquet cannot be read here and fails the audit.
 * Findings name the file, row and column, never the value. The result counts what was scanned
 * (formatDisclosureSummary prints it in one line of the build log).
 * Compressed twins (.gz, .br) are skipped: run the audit before precompressing.
 */
import {readFileSync} from "node:fs";
import {basename, extname, join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {listFiles} from "../../loaders/lib/files.ts";
import {PERSONAL_DATA_LABEL, type PersonalDataKind} from "../../loaders/partners/personal-data.ts";
import {pageText, TextChecker} from "./disclosure-text.ts";
import {checkPartnerIntervals, checkPartnerRows, COUNT_LIKE, emptyPartnerStats, isPartnerDerived, PARTNER_FILE_PREFIXES, type PartnerFindingKind} from "./partner-audit.ts";
import {parseCsv} from "../../loaders/lib/csv.ts";
import {pdfPageTexts} from "../../loaders/pack/pdf.ts";

export interface PartnerMarkers {
  /** File names (before any content hash) that start with one of these are partner-derived. */
  filePrefixes: readonly string[];
  /** Columns holding partner-derived counts beyond those COUNT_LIKE recognises by name. */
  countColumns: string[];
}

export interface DisclosureAuditOptions {
  threshold: number;
  partnerMarkers?: Partial<PartnerMarkers>;
  /** Exact strings allowed in pages although they match a pattern (e.g. the team's published contact address). */
  allow?: string[];
}

export type FindingKind = PartnerFindingKind | PersonalDataKind | "date-of-birth-column";

export interface DisclosureFinding {
  file: string;
  kind: FindingKind;
  /** "row 12, column count", "column dob" or "text". */
  where: string;
  message: string;
}

export interface DisclosureAuditResult {
  ok: boolean;
  filesScanned: number;
  /** Partner-derived files (partner-*, partners-*) read. */
  partnerFiles: number;
  /** Partner-derived files with count-like columns (suppressed tables). */
  partnerTables: number;
  /** Count-like cells checked, and the names of their columns. */
  countCells: number;
  countColumns: string[];
  /** Tables re-solved by linear programming, and the suppressed cells whose intervals were computed. */
  tablesSolved: number;
  intervalCells: number;
  /** Cells and lines of text scanned for personal-data patterns. */
  valuesScanned: number;
  /** All of the above in one line, for the build log (formatDisclosureSummary). */
  summary: string;
  findings: DisclosureFinding[];
}

const DATA_EXT = new Set([".csv", ".tsv", ".json", ".arrow", ".feather", ".html", ".txt"]);
const DOB_COLUMN = /^(dob|d_o_b|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthdate|birthday)$/i;

type Row = Record<string, unknown>;

/** CSV (or TSV) to rows of objects, first line the header: the project's one reader (loaders/lib/csv.ts). */
export {parseCsv} from "../../loaders/lib/csv.ts";

function jsonRows(value: unknown): Row[] | null {
  if (Array.isArray(value)) return value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v)) ? (value as Row[]) : null;
  if (value && typeof value === "object") {
    for (const key of ["records", "rows", "data"]) {
      const inner = (value as Row)[key];
      if (Array.isArray(inner)) return jsonRows(inner);
    }
  }
  return null;
}

function arrowRows(bytes: Uint8Array): {columns: string[]; rows: Row[]} {
  const table = tableFromIPC(bytes);
  const columns = table.schema.fields.map((f) => f.name);
  const rows = table.toArray().map((r) => {
    const o = (r as {toJSON(): Row}).toJSON();
    for (const [k, v] of Object.entries(o)) if (typeof v === "bigint") o[k] = Number(v);
    return o;
  });
  return {columns, rows};
}


/** True for a partner-derived file (see partner-audit.ts). */
export function isPartnerTable(file: string, prefixes: readonly string[] = PARTNER_FILE_PREFIXES): boolean {
  return isPartnerDerived(file, prefixes);
}

/** Audits the built site in distDir. Never throws on content: every problem becomes a finding. */
export function auditDist(distDir: string, options: DisclosureAuditOptions): DisclosureAuditResult {
  const markers: PartnerMarkers = {filePrefixes: PARTNER_FILE_PREFIXES, countColumns: [], ...options.partnerMarkers};
  const allow = new Set(options.allow ?? []);
  const findings: DisclosureFinding[] = [];
  let filesScanned = 0;
  let partnerFiles = 0;
  let partnerTables = 0;
  let valuesScanned = 0;
  const stats = emptyPartnerStats();
  const add = (file: string, kind: FindingKind, where: string, message: string) => findings.push({file, kind, where, message});

  // Personal data in text, people's names included (rules and cited authors: disclosure-text.ts).
  const checker = new TextChecker(allow);
  const scanValue = (file: string, where: string, value: unknown) => {
    if (typeof value !== "string" && typeof value !== "number") return;
    const kind = checker.check(String(value));
    if (kind) add(file, kind, where, `${where} looks like ${PERSONAL_DATA_LABEL[kind]}`);
  };
  /** Every string of a JSON document that is not a table, named by its path. */
  const scanJson = (file: string, value: unknown, path: string): void => {
    if (typeof value === "string") scanValue(file, `value ${path || "(top)"}`, value);
    else if (Array.isArray(value)) value.forEach((v, i) => scanJson(file, v, `${path}[${i}]`));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) scanJson(file, v, path ? `${path}.${k}` : k);
  };

  const scanRows = (file: string, columns: string[], rows: Row[]) => {
    for (const c of columns) if (DOB_COLUMN.test(c.trim())) add(file, "date-of-birth-column", `column ${c}`, `column "${c}" is named like a date of birth`);
    rows.forEach((row, i) => {
      const where = (c: string) => `row ${i + 2}, column ${c}`;
      for (const [c, v] of Object.entries(row)) {
        valuesScanned++;
        scanValue(file, where(c), v);
      }
    });
    if (!isPartnerTable(file, markers.filePrefixes)) return;
    partnerFiles++;
    if (columns.some((c) => COUNT_LIKE.test(c.trim()) || markers.countColumns.includes(c))) partnerTables++;
    const partnerAdd = (kind: PartnerFindingKind, where: string, message: string) => add(file, kind, where, message);
    checkPartnerRows(columns, rows, options.threshold, stats, partnerAdd, markers.countColumns);
    checkPartnerIntervals(columns, rows, options.threshold, stats, partnerAdd);
  };

  for (const file of listFiles(distDir)) {
    const ext = extname(file).toLowerCase();
    const path = join(distDir, file);
    if (ext === ".parquet" && isPartnerTable(file, markers.filePrefixes)) {
      add(file, "unreadable-partner-table", "file", "partner tables must be CSV, JSON or Arrow so the audit can read them");
      continue;
    }
    if (ext === ".pdf") {
      // The board pack (npm run pack): its text, page by page, scanned like every page of the site.
      filesScanned++;
      try {
        pdfPageTexts(path, {layout: false}).forEach((text, i) => scanText(file, text, `page ${i + 1}, `));
      } catch (error) {
        add(file, "unreadable-partner-table", "file", `its text could not be read (${(error as Error).message.slice(0, 160)})`);
      }
      continue;
    }
    if (!DATA_EXT.has(ext)) continue;
    filesScanned++;
    try {
      if (ext === ".arrow" || ext === ".feather") {
        const {columns, rows} = arrowRows(readFileSync(path));
        scanRows(file, columns, rows);
      } else if (ext === ".csv" || ext === ".tsv") {
        const {columns, rows} = parseCsv(readFileSync(path, "utf-8"), ext === ".tsv" ? "\t" : ",");
        scanRows(file, columns, rows);
      } else if (ext === ".json") {
        const value: unknown = JSON.parse(readFileSync(path, "utf-8"));
        const rows = jsonRows(value);
        if (rows) scanRows(file, [...new Set(rows.flatMap((r) => Object.keys(r)))], rows);
        else {
          if (isPartnerTable(file, markers.filePrefixes)) add(file, "unreadable-partner-table", "file", "partner JSON must be an array of records (or {records: [...]})");
          scanJson(file, value, "");
        }
      } else {
        scanText(file, ext === ".html" ? pageText(readFileSync(path, "utf-8")) : readFileSync(path, "utf-8"));
      }
    } catch (error) {
      add(file, "unreadable-partner-table", "file", `could not be read (${(error as Error).message.slice(0, 120)})`);
    }
  }

  function scanText(file: string, text: string, page = ""): void {
    text.split(/\n/).forEach((line, i) => {
      const kind = checker.check(line);
      if (kind) add(file, kind, `${page}line ${i + 1}`, `${page}line ${i + 1} holds text that looks like ${PERSONAL_DATA_LABEL[kind]}`);
    });
  }

  const result: Omit<DisclosureAuditResult, "summary"> = {
    ok: findings.length === 0,
    filesScanned,
    partnerFiles,
    partnerTables,
    countCells: stats.countCells,
    countColumns: [...stats.countColumns].sort(),
    tablesSolved: stats.tablesSolved,
    intervalCells: stats.intervalCells,
    valuesScanned,
    findings
  };
  return {...result, summary: formatDisclosureSummary(result, options.threshold)};
}

/** What the audit scanned, in one line for the build log. */
export function formatDisclosureSummary(result: Omit<DisclosureAuditResult, "summary">, threshold: number): string {
  const n = (x: number) => x.toLocaleString("en-GB");
  const patterns = [...Object.keys(PERSONAL_DATA_LABEL), "date-of-birth column"].join(", ");
  return [
    `${n(result.filesScanned)} files`,
    `${n(result.partnerFiles)} partner-derived (${PARTNER_FILE_PREFIXES.map((p) => `${p}*`).join(", ")}), ${n(result.partnerTables)} with counts`,
    `${n(result.countCells)} count-like cells in ${result.countColumns.join(", ") || "no columns"} checked against ${threshold}`,
    `${n(result.tablesSolved)} tables re-solved, ${n(result.intervalCells)} suppressed cells interval-checked (≥ ${threshold} wide)`,
    `${n(result.valuesScanned)} values and every page scanned for patterns: ${patterns}`
  ].join("; ");
}

/** One line per finding, for the build log. */
export function formatDisclosureFindings(result: DisclosureAuditResult): string {
  return result.findings.map((f) => `  ${f.file}: ${f.message}`).join("\n");
}

/**
 * The audit of one PDF (the board pack, before `npm run pack` renames it into place): its text extracted with
 * pdftotext and scanned line by line as the audit scans every page of the site.
 */
export function auditPdf(file: string, options: Pick<DisclosureAuditOptions, "allow"> = {}): {findings: DisclosureFinding[]; pages: number; lines: number; summary: string} {
  const checker = new TextChecker(new Set(options.allow ?? []));
  const findings: DisclosureFinding[] = [];
  const pages = pdfPageTexts(file, {layout: false});
  let lines = 0;
  pages.forEach((text, p) => text.split(/\n/).forEach((line, i) => {
    lines++;
    const kind = checker.check(line);
    if (kind) findings.push({file: basename(file), kind, where: `page ${p + 1}, line ${i + 1}`, message: `page ${p + 1}, line ${i + 1} holds text that looks like ${PERSONAL_DATA_LABEL[kind]}`});
  }));
  return {findings, pages: pages.length, lines, summary: `disclosure audit of its text: ${pages.length} pages, ${lines.toLocaleString("en-GB")} lines scanned for personal data, ${findings.length} findings`};
}

/** Throws (with every finding) when the audit fails: what scripts/build.ts calls before swapping dist/. */
export function assertDisclosureSafe(distDir: string, options: DisclosureAuditOptions): DisclosureAuditResult {
  const result = auditDist(distDir, options);
  if (!result.ok) {
    throw new Error(`disclosure audit failed: ${result.findings.length} problem(s) in ${distDir}:\n${formatDisclosureFindings(result)}\nFix the source (suppress through loaders/partners, remove personal data) and build again; the previous site is unchanged.`);
  }
  return result;
}
