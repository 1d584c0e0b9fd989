/**
 * Disclosure audit of a built site: the last gate before dist/ is published. It reads every data file and page
 * (.csv, .tsv, .json, .arrow/.feather IPC file or stream, .html, .txt) and fails when it finds
 *   - a partner-derived count below the small-number threshold that is not suppressed, or a suppressed cell that
 *     still carries a count;
 *   - personal data: an NHS number with a valid check digit, a full postcode, an email address, a phone number, or a
 *     column named like a date of birth.
 *
 * Convention (data/partners/README.md, "Publishing partner tables"): a partner table is a data file whose name starts
 * with `partner-` (Framework's content hash after it is fine: `_file/data/partner-ae-assault.1a2b3c4d.csv`) and that
 * carries a boolean `suppressed` column. Its `count` column holds either a whole number that is 0 or ≥ threshold with
 * suppressed = false, or null with suppressed = true. A partner table must be CSV, JSON or Arrow: a partner-*.parquet
 * cannot be read here and fails the audit. Findings name the file, row and column, never the value.
 * Compressed twins (.gz, .br) are skipped: run the audit before precompressing.
 */
import {readFileSync} from "node:fs";
import {basename, extname, join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {listFiles} from "../../loaders/lib/files.ts";
import {PERSONAL_DATA_LABEL, valuePersonalData, type PersonalDataKind} from "../../loaders/partners/personal-data.ts";

export interface PartnerMarkers {
  /** File names (before any content hash) that start with this are partner tables. Default "partner-". */
  filePrefix: string;
  /** Boolean column that marks a suppressed cell. Default "suppressed". */
  flagColumn: string;
  /** Columns holding partner-derived counts. Default ["count"]. */
  countColumns: string[];
}

export interface DisclosureAuditOptions {
  threshold: number;
  partnerMarkers?: Partial<PartnerMarkers>;
  /** Exact strings allowed in pages although they match a pattern (e.g. the team's published contact address). */
  allow?: string[];
}

export type FindingKind = "small-count" | "suppressed-with-value" | "unreadable-partner-table" | PersonalDataKind | "date-of-birth-column";

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
  partnerTables: number;
  findings: DisclosureFinding[];
}

const DATA_EXT = new Set([".csv", ".tsv", ".json", ".arrow", ".feather", ".html", ".txt"]);
const DOB_COLUMN = /^(dob|d_o_b|date[ _-]?of[ _-]?birth|birth[ _-]?date|birthdate|birthday)$/i;

type Row = Record<string, unknown>;

/** RFC 4180 CSV to rows of objects (first line is the header). */
export function parseCsv(text: string, delimiter = ","): {columns: string[]; rows: Row[]} {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) record.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length) record.push(field), records.push(record);
  const [header = [], ...body] = records.filter((r) => !(r.length === 1 && r[0] === ""));
  return {columns: header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])))};
}

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

/** Visible text of a page: scripts, styles and tags removed, common entities decoded. */
function pageText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#64;|&commat;/g, "@");
}

const asBool = (v: unknown): boolean | null => (v === true || v === "true" || v === "TRUE" || v === 1 || v === "1" ? true : v === false || v === "false" || v === "FALSE" || v === 0 || v === "0" ? false : null);

function asCount(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).replace(/,/g, ""));
  return Number.isFinite(n) ? n : Number.NaN;
}

export function isPartnerTable(file: string, prefix: string): boolean {
  return basename(file).startsWith(prefix);
}

/** Audits the built site in distDir. Never throws on content: every problem becomes a finding. */
export function auditDist(distDir: string, options: DisclosureAuditOptions): DisclosureAuditResult {
  const markers: PartnerMarkers = {filePrefix: "partner-", flagColumn: "suppressed", countColumns: ["count"], ...options.partnerMarkers};
  const allow = new Set(options.allow ?? []);
  const findings: DisclosureFinding[] = [];
  let filesScanned = 0;
  let partnerTables = 0;
  const add = (file: string, kind: FindingKind, where: string, message: string) => findings.push({file, kind, where, message});

  const scanValue = (file: string, where: string, value: unknown) => {
    if (typeof value !== "string" && typeof value !== "number") return;
    const text = String(value);
    if (allow.has(text.trim()) || allowed(text)) return;
    const kind = valuePersonalData(text);
    if (kind) add(file, kind, where, `${where} looks like ${PERSONAL_DATA_LABEL[kind]}`);
  };

  const scanRows = (file: string, columns: string[], rows: Row[]) => {
    for (const c of columns) if (DOB_COLUMN.test(c.trim())) add(file, "date-of-birth-column", `column ${c}`, `column "${c}" is named like a date of birth`);
    const partner = isPartnerTable(file, markers.filePrefix);
    if (partner) {
      partnerTables++;
      if (!columns.includes(markers.flagColumn)) add(file, "unreadable-partner-table", `column ${markers.flagColumn}`, `partner table has no "${markers.flagColumn}" column, so its counts cannot be checked; publish partner tables only through loaders/partners`);
    }
    rows.forEach((row, i) => {
      const where = (c: string) => `row ${i + 2}, column ${c}`;
      for (const [c, v] of Object.entries(row)) scanValue(file, where(c), v);
      if (!partner) return;
      const suppressed = asBool(row[markers.flagColumn]);
      for (const c of markers.countColumns) {
        if (!(c in row)) continue;
        const n = asCount(row[c]);
        if (suppressed === true && n !== null) add(file, "suppressed-with-value", where(c), `${where(c)} is marked suppressed but still carries a count`);
        else if (suppressed !== true && (n === null || Number.isNaN(n))) add(file, "small-count", where(c), `${where(c)} has no readable count and is not marked suppressed`);
        else if (suppressed !== true && n !== null && n > 0 && n < options.threshold) add(file, "small-count", where(c), `${where(c)} is a partner-derived count below ${options.threshold} that is not suppressed`);
      }
    });
  };

  for (const file of listFiles(distDir)) {
    const ext = extname(file).toLowerCase();
    const path = join(distDir, file);
    if (ext === ".parquet" && isPartnerTable(file, markers.filePrefix)) {
      add(file, "unreadable-partner-table", "file", "partner tables must be CSV, JSON or Arrow so the audit can read them");
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
          if (isPartnerTable(file, markers.filePrefix)) add(file, "unreadable-partner-table", "file", "partner JSON must be an array of records (or {records: [...]})");
          scanText(file, JSON.stringify(value));
        }
      } else {
        scanText(file, ext === ".html" ? pageText(readFileSync(path, "utf-8")) : readFileSync(path, "utf-8"));
      }
    } catch (error) {
      add(file, "unreadable-partner-table", "file", `could not be read (${(error as Error).message.slice(0, 120)})`);
    }
  }

  function scanText(file: string, text: string): void {
    text.split(/\n/).forEach((line, i) => {
      const kind = allowed(line) ? null : valuePersonalData(line);
      if (kind) add(file, kind, `line ${i + 1}`, `line ${i + 1} holds text that looks like ${PERSONAL_DATA_LABEL[kind]}`);
    });
  }

  function allowed(line: string): boolean {
    if (!allow.size) return false;
    let rest = line;
    for (const a of allow) rest = rest.split(a).join(" ");
    return valuePersonalData(rest) === null;
  }

  return {ok: findings.length === 0, filesScanned, partnerTables, findings};
}

/** One line per finding, for the build log. */
export function formatDisclosureFindings(result: DisclosureAuditResult): string {
  return result.findings.map((f) => `  ${f.file}: ${f.message}`).join("\n");
}

/** Throws (with every finding) when the audit fails: what scripts/build.ts calls before swapping dist/. */
export function assertDisclosureSafe(distDir: string, options: DisclosureAuditOptions): DisclosureAuditResult {
  const result = auditDist(distDir, options);
  if (!result.ok) {
    throw new Error(`disclosure audit failed: ${result.findings.length} problem(s) in ${distDir}:\n${formatDisclosureFindings(result)}\nFix the source (suppress through loaders/partners, remove personal data) and build again; the previous site is unchanged.`);
  }
  return result;
}
