/**
 * DfE "NEET and participation: local authority figures" (the data behind the NEET comparative local authority
 * scorecard; source NCCIS), one CSV per year in data/snapshot/dfe/neet/. One row per upper-tier local authority, plus
 * the regions and England (`geographic_level`).
 *
 * - Columns differ between years (49–54) and are matched by name only; a measure may have several names (aliases).
 * - `c`, `z`, `x` (suppressed, not applicable, not available) and blank cells are missing: null with the reason, never 0.
 * - The year is `time_period`; it must agree with the year in the file's name, or the file is refused.
 * - The 2021 file carries DfE's placeholder rows "LA demo" and "Region demo" (no area code): kept out and reported.
 * - Old area codes (North Yorkshire's county code before 2025…) are mapped with the snapshot's ONS-derived code map
 *   (data/snapshot/fingertips/area_codes.csv, built from la_all_codes.csv and the other ONS lookups).
 */
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {basename, join} from "node:path";
import {z} from "zod";
import {ENGLAND_CODE} from "../../components/constants.js";
import {parseCsv, type CsvRow} from "../lib/csv.ts";
import {readAreaCodeMap} from "../fingertips/snapshot.ts";
import {codeStatusSchema, type AreaCodeMapRow} from "../fingertips/schemas.ts";
import {findEntry, readManifest} from "../snapshot/manifest.ts";

export const NEET_SUBDIR = "dfe/neet";

/** Why a value is missing: DfE's codes, or a blank cell. */
export const missingCodeSchema = z.enum(["c", "z", "x", "blank"]);
export type MissingCode = z.infer<typeof missingCodeSchema>;

export const MISSING_CODE_NOTE: Readonly<Record<MissingCode, string>> = {
  c: "c: suppressed by DfE",
  z: "z: not applicable (DfE)",
  x: "x: not available (DfE)",
  blank: "not published in this year's DfE file"
};

/**
 * The numeric measures read from each file: our field name and the column names DfE has used for it, tried in order.
 * Every measure is required in every year (a file without one is refused), except where `optional` is set.
 */
export const NEET_MEASURES = {
  cohort: {aliases: ["Cohort_DJFavg"], label: "16–17 cohort (December–February average)"},
  neet_nk_pct: {aliases: ["NEET_not_known_percent"], label: "NEET or not known (%)"},
  neet_pct: {aliases: ["NEET_percent"], label: "NEET (%)"},
  not_known_pct: {aliases: ["Notknown_percent"], label: "activity not known (%)"},
  participation_pct: {aliases: ["TOTAL_participating_in_education_and_training_percent"], label: "participating in education or training (%)"},
  overall_absence_pct: {aliases: ["sess_overall_percent"], label: "overall absence (% of sessions)"},
  /**
   * DfE's column changed name *and meaning*: `enrolments_pa_10_exact_percent` is the share of pupils who are
   * persistent absentees; `sess_overall_percent_pa_10_exact` is the overall absence rate *of* persistent absentees
   * (DfE absence metadata). Both are read here; `persistent_absence_column` says which, and the indicators never join
   * the two into one series.
   */
  persistent_absence_pct: {aliases: ["enrolments_pa_10_exact_percent", "sess_overall_percent_pa_10_exact"], label: "persistent absence (%)"},
  neet_nk_no_send_pct: {aliases: ["NEET_NK_noSEN_percent"], label: "NEET or not known, no SEN (%)"},
  neet_nk_send_ehcp_pct: {aliases: ["NEET_NK_EHCP_percent"], label: "NEET or not known, EHC plan (%)"},
  neet_nk_send_support_pct: {aliases: ["NEET_NK_SENDsupport_percent"], label: "NEET or not known, SEN support (%)"},
  /** The subgroups' shares of the cohort (DfE gives shares, not counts). */
  cohort_no_send_share_pct: {aliases: ["cohort_noSEN_percent"], label: "share of the cohort with no SEN (%)"},
  cohort_send_ehcp_share_pct: {aliases: ["cohort_EHCP_percent"], label: "share of the cohort with an EHC plan (%)"},
  cohort_send_support_share_pct: {aliases: ["cohort_SENDsupport_percent"], label: "share of the cohort with SEN support (%)"}
} as const satisfies Record<string, {aliases: readonly string[]; label: string}>;
export type NeetMeasure = keyof typeof NEET_MEASURES;
export const NEET_MEASURE_NAMES = Object.keys(NEET_MEASURES) as NeetMeasure[];

/** Identity columns, required in every file. */
const ID_COLUMNS = ["time_period", "geographic_level", "country_code", "region_code", "region_name", "new_la_code", "la_name"] as const;

const LEVELS = {National: "national", Regional: "regional", "Local authority": "local authority"} as const;

const pct = z.number().min(0).max(100).nullable();
const measureShape = Object.fromEntries(NEET_MEASURE_NAMES.map((m) => [m, m === "cohort" ? z.number().positive().nullable() : pct])) as Record<NeetMeasure, z.ZodNullable<z.ZodNumber>>;

/** One area in one year, as DfE published it (values in %, cohort in persons). */
export const neetRowSchema = z.object({
  file: z.string().min(1),
  /** Line of the file (the header is line 1). */
  line: z.number().int().min(2),
  year: z.number().int().min(2010).max(2100),
  level: z.enum(["national", "regional", "local authority"]),
  /** The code as published: new_la_code, or region_code, or England's country code. */
  area_code: z.string().regex(/^E(92|12|06|08|09|10)\d{6}$/, {error: "expected an English area code (E92, E12, E06, E08, E09 or E10)"}),
  area_name: z.string().min(1),
  /** Today's code of the same area (ONS lookups); null where the area was divided (Cumbria, Northamptonshire). */
  area_code_current: z.string().nullable(),
  area_code_status: codeStatusSchema,
  /** The code map's note where the code is not current ("divided between E06000063, E06000064…"). */
  area_code_note: z.string().nullable(),
  old_la_code: z.string().nullable(),
  region_code: z.string().nullable(),
  region_name: z.string().nullable(),
  ...measureShape,
  /** Which DfE column the persistent absence value came from (the two names are two definitions). */
  persistent_absence_column: z.enum(["enrolments_pa_10_exact_percent", "sess_overall_percent_pa_10_exact"]),
  /** Why each null measure is null. */
  missing: z.partialRecord(z.enum(NEET_MEASURE_NAMES as [NeetMeasure, ...NeetMeasure[]]), missingCodeSchema)
});
export type NeetRow = z.infer<typeof neetRowSchema>;

export interface NeetFile {
  file: string;
  path: string;
  year: number;
  /** Data rows in the file (placeholders included), as DfE published it. */
  rows: number;
  columns: number;
  /** The column each measure was read from in this file. */
  columnOf: Record<NeetMeasure, string>;
  title: string | null;
  publisher: string | null;
  licence: string | null;
  released: string | null;
}

export interface NeetData {
  files: NeetFile[];
  rows: NeetRow[];
  /** Rows kept out, with the reason (DfE's placeholder rows). */
  excluded: {file: string; line: number; name: string; reason: string}[];
}

export class NeetFileError extends Error {
  override name = "NeetFileError";
}

const CODE_OR_NUMBER = /^-?\d+(\.\d+)?$/;

/** A cell as a number, or null with the reason; anything else is an error naming file, line and column. */
function readCell(raw: string | undefined, file: string, line: number, column: string): {value: number | null; missing: MissingCode | null} {
  const t = (raw ?? "").trim();
  if (t === "") return {value: null, missing: "blank"};
  if (t === "c" || t === "z" || t === "x") return {value: null, missing: t};
  if (!CODE_OR_NUMBER.test(t)) {
    throw new NeetFileError(`${file}: row ${line}, column "${column}": "${t.slice(0, 20)}" is not a number nor one of DfE's codes c, z, x; replace the file with DfE's original`);
  }
  return {value: Number(t), missing: null};
}

/** The column of each measure in this header, or an error that names the aliases tried. */
function resolveColumns(columns: readonly string[], file: string): Record<NeetMeasure, string> {
  const have = new Set(columns);
  for (const c of ID_COLUMNS) {
    if (!have.has(c)) throw new NeetFileError(`${file}: row 1 (header): required column "${c}" is missing; this is not a DfE NEET local authority dashboard file, or its layout changed`);
  }
  return Object.fromEntries(
    NEET_MEASURE_NAMES.map((m) => {
      const aliases: readonly string[] = NEET_MEASURES[m].aliases;
      const found = aliases.find((a) => have.has(a));
      if (!found) {
        throw new NeetFileError(
          `${file}: row 1 (header): no column for ${NEET_MEASURES[m].label} (${m}); tried ${aliases.map((a) => `"${a}"`).join(", ")}. ` +
            "If DfE renamed it, add the new name to NEET_MEASURES in loaders/dfe/neet.ts"
        );
      }
      return [m, found];
    })
  ) as Record<NeetMeasure, string>;
}

/** The year a file's name gives: its leading "YYYY-" (snapshot naming) and any other 20YY in it must agree. */
function yearOfName(file: string): number {
  const years = [...new Set([...file.matchAll(/(?:^|[^0-9])(20\d\d)(?=[^0-9]|$)/g)].map((m) => Number(m[1])))];
  if (years.length !== 1) {
    throw new NeetFileError(`${file}: the file name must give its year once (snapshot names start "YYYY-", e.g. "2025-UD_NEETNK_LA_dashboard_final.csv"); found ${years.length ? years.join(" and ") : "none"}`);
  }
  return years[0] as number;
}

/** Our record of one CSV row (no check of the area beyond its code: placeholders are caught by the caller). */
function toRow(r: CsvRow, ctx: {file: string; line: number; year: number; columnOf: Record<NeetMeasure, string>; codeMap: ReadonlyMap<string, AreaCodeMapRow>}): NeetRow {
  const {file, line} = ctx;
  const levelText = (r.geographic_level ?? "").trim();
  const level = LEVELS[levelText as keyof typeof LEVELS];
  if (!level) throw new NeetFileError(`${file}: row ${line}, column "geographic_level": expected National, Regional or Local authority; fix or replace the file`);
  const code = level === "national" ? (r.country_code ?? "").trim() : level === "regional" ? (r.region_code ?? "").trim() : (r.new_la_code ?? "").trim();
  const name = level === "national" ? (r.country_name ?? "").trim() || "England" : level === "regional" ? (r.region_name ?? "").trim() : (r.la_name ?? "").trim();
  const mapped = ctx.codeMap.get(code);
  const status = level === "local authority" ? (mapped?.status ?? "unmatched") : "current";
  const values: Partial<Record<NeetMeasure, number | null>> = {};
  const missing: Partial<Record<NeetMeasure, MissingCode>> = {};
  for (const m of NEET_MEASURE_NAMES) {
    const cell = readCell(r[ctx.columnOf[m]], file, line, ctx.columnOf[m]);
    values[m] = cell.value;
    if (cell.missing) missing[m] = cell.missing;
  }
  const record = {
    file, line, year: ctx.year, level, area_code: code, area_name: name,
    area_code_current: status === "current" ? code : (mapped?.currentCode ?? null),
    area_code_status: status,
    area_code_note: status === "current" ? null : (mapped?.note ?? "not in the ONS-derived code map (data/snapshot/fingertips/area_codes.csv)"),
    old_la_code: (r.old_la_code ?? "").trim() || null,
    region_code: (r.region_code ?? "").trim() || null,
    region_name: (r.region_name ?? "").trim() || null,
    ...values,
    persistent_absence_column: ctx.columnOf.persistent_absence_pct,
    missing
  };
  const parsed = neetRowSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "");
    const column = field === "area_code" ? (level === "national" ? "country_code" : level === "regional" ? "region_code" : "new_la_code") : (ctx.columnOf[field as NeetMeasure] ?? field);
    throw new NeetFileError(`${file}: row ${line}, column "${column}": ${issue?.message ?? "invalid"}; fix or replace the file with DfE's original`);
  }
  return parsed.data;
}

/** DfE's placeholder rows ("LA demo", "Region demo"): no area code and "demo" in the name. */
const isPlaceholder = (r: CsvRow): boolean =>
  !(r.new_la_code ?? "").trim() && !(r.region_code ?? "").trim() && /\bdemo\b/i.test(`${r.la_name ?? ""} ${r.region_name ?? ""}`);

/** Reads one file: its year (name and `time_period` must agree), its columns by name, and every row. */
export function readNeetFile(path: string, codeMap: ReadonlyMap<string, AreaCodeMapRow>): {file: Omit<NeetFile, "title" | "publisher" | "licence" | "released">; rows: NeetRow[]; excluded: NeetData["excluded"]} {
  const file = basename(path);
  const nameYear = yearOfName(file);
  const {columns, rows: raw} = parseCsv(readFileSync(path, "utf-8"));
  if (raw.length === 0) throw new NeetFileError(`${file}: no data rows; replace it with DfE's file for ${nameYear}`);
  const columnOf = resolveColumns(columns, file);
  const rows: NeetRow[] = [];
  const excluded: NeetData["excluded"] = [];
  const seen = new Map<string, number>();
  raw.forEach((r, i) => {
    const line = i + 2;
    const period = (r.time_period ?? "").trim();
    if (period !== String(nameYear)) {
      throw new NeetFileError(`${file}: row ${line}, column "time_period": the row is for "${period.slice(0, 10)}" but the file name says ${nameYear}; rename the file to "${/^\d{4}$/.test(period) ? period : "YYYY"}-…" or restore DfE's ${nameYear} file`);
    }
    if (isPlaceholder(r)) {
      excluded.push({file, line, name: (r.la_name ?? "").trim() || (r.region_name ?? "").trim(), reason: "DfE's placeholder row (no area code, named 'demo'): not an area"});
      return;
    }
    const row = toRow(r, {file, line, year: nameYear, columnOf, codeMap});
    const prior = seen.get(row.area_code);
    if (prior) throw new NeetFileError(`${file}: row ${line}, column "new_la_code": area ${row.area_code} is also on row ${prior}; one row per area`);
    seen.set(row.area_code, line);
    rows.push(row);
  });
  if (!rows.some((r) => r.area_code === ENGLAND_CODE)) throw new NeetFileError(`${file}: no England row (geographic_level "National", country_code ${ENGLAND_CODE}); replace the file with DfE's original`);
  return {file: {file, path, year: nameYear, rows: raw.length, columns: columns.length, columnOf}, rows, excluded};
}

/**
 * Every file of data/snapshot/dfe/neet/, oldest year first, with the manifest's title, publisher and licence.
 * Two files of the same year, a file whose rows disagree with its name, or a required column missing stop the read.
 */
export function readNeetFiles(snapshotDir: string): NeetData {
  const dir = join(snapshotDir, NEET_SUBDIR);
  if (!existsSync(dir)) throw new NeetFileError(`${dir} is missing; restore data/snapshot from git (git checkout -- data/snapshot/dfe)`);
  const names = readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".csv")).sort();
  if (names.length === 0) throw new NeetFileError(`${dir}: no CSV files; restore data/snapshot from git (git checkout -- data/snapshot/dfe)`);
  const codeMap = readAreaCodeMap(snapshotDir);
  const manifestPath = join(snapshotDir, "manifest.json");
  const manifest = existsSync(manifestPath) ? readManifest(manifestPath) : null;
  const out: NeetData = {files: [], rows: [], excluded: []};
  for (const name of names) {
    const read = readNeetFile(join(dir, name), codeMap);
    const twin = out.files.find((f) => f.year === read.file.year);
    if (twin) throw new NeetFileError(`${name} and ${twin.file} are both for ${read.file.year}; keep one`);
    const entry = manifest ? findEntry(manifest, `${NEET_SUBDIR}/${name}`) : undefined;
    out.files.push({...read.file, title: entry?.title ?? null, publisher: entry?.publisher ?? null, licence: entry?.licence ?? null, released: entry?.released ?? null});
    out.rows.push(...read.rows);
    out.excluded.push(...read.excluded);
  }
  out.files.sort((a, b) => a.year - b.year);
  return out;
}
