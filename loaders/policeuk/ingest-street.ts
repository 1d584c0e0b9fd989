/**
 * Ingests police.uk street CSVs into DuckDB (read by DuckDB's own CSV reader, never split by hand) and validates them:
 *  1. each file's name and header are checked (clear error naming the file and column);
 *  2. all files are read in one read_csv; rows DuckDB cannot parse (wrong field count, bad quoting, bad UTF-8) are
 *     stored as rejects with file and line;
 *  3. every parsed row is checked by the rules of street-schema.ts; failures are counted by reason, not kept;
 *  4. each file is checked as a whole (street-identity.ts): its month, its force, Crime IDs repeated within it or
 *     shared in bulk with another file; a file that fails refuses the build, naming the file and the fix;
 *  5. each file's LSOA vintage (2011 or 2021) is detected from its codes, and every code is checked against the ONS
 *     lookups: a 2021 code is kept, a 2011 code is mapped to 2021 (a split 2011 LSOA goes to the candidate 2021 LSOA
 *     whose centroid is nearest the crime's map point), a code in neither is unknown: counted, reported and kept out
 *     of area figures, and a file where most codes are unknown is refused.
 * Creates table `crimes` (one row per valid street row, ASB included and flagged) and returns an IngestReport.
 * Needs the ONS tables lsoa11_to_21 and lsoa_centroid (loaders/ons/lookups.ts).
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {z} from "zod";
import {queryRows, sqlString} from "../duckdb.ts";
import {formatCount} from "../../components/format/number.js";
import {checkStreetHeader, missingMonths, snapshotRelative as relative, StreetFileError, verifyGzip, type StreetFile} from "./street-files.ts";
import {checkFileIdentity, refuse} from "./street-identity.ts";
import {STREET_COLUMNS_SQL, streetRejectReasonSql} from "./street-schema.ts";

export const fileReportSchema = z.object({
  file: z.string(),
  force: z.string(),
  month: z.string(),
  rows: z.number(),
  valid: z.number(),
  rejected: z.number(),
  asb: z.number(),
  noLocation: z.number(),
  coordinatesWithoutLsoa: z.number(),
  lsoaVintage: z.enum(["2011", "2021", "either"]),
  codesChanged: z.number(),
  /** Rows whose LSOA code is in neither the ONS 2011 nor the 2021 lookup: in the force's total, in no area. */
  codesUnmatched: z.number(),
  /** Distinct Crime IDs of the file also found in another file (police.uk repeats a few between months). */
  crimeIdsInOtherFiles: z.number()
});
export const ingestReportSchema = z.object({
  files: z.array(fileReportSchema),
  rejectedByReason: z.array(z.object({reason: z.string(), rows: z.number(), example: z.string()})),
  missingMonths: z.record(z.string(), z.array(z.string())),
  totals: z.object({rows: z.number(), valid: z.number(), rejected: z.number(), codesChanged: z.number(), codesUnmatched: z.number(), crimeIdsInOtherFiles: z.number()})
});
export type IngestReport = z.infer<typeof ingestReportSchema>;

/** One pass: DuckDB reads every file, and each row gets its first broken rule (or NULL) as it is read. */
async function readAndCheck(conn: DuckDBConnection, files: readonly StreetFile[]): Promise<void> {
  const list = `[${files.map((f) => sqlString(f.path)).join(", ")}]`;
  const monthInName = `regexp_extract(filename, '(\\d{4}-\\d{2})-[a-z-]+-street\\.csv', 1)`;
  try {
    await conn.run(`CREATE OR REPLACE TABLE street_checked AS
      SELECT *, COALESCE(${streetRejectReasonSql()},
        CASE WHEN "Month" <> ${monthInName} THEN 'Month differs from the month in the file name' END) AS reject_reason
      FROM read_csv(${list}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
        columns = ${STREET_COLUMNS_SQL}, filename = true, store_rejects = true,
        rejects_table = 'street_csv_rejects', rejects_scan = 'street_csv_scans')`);
  } catch (error) {
    // A whole-file failure (broken gzip, truncated stream): find the culprit and name it.
    for (const f of files) {
      try {
        await conn.run(`SELECT count(*) FROM read_csv(${sqlString(f.path)}, header = true, auto_detect = false, columns = ${STREET_COLUMNS_SQL}, ignore_errors = true)`);
      } catch (inner) {
        throw new StreetFileError(f.path, `cannot be read (${String(inner instanceof Error ? inner.message : inner).split("\n")[0]}). The file is corrupt or truncated: download the month again or restore it from git.`);
      }
    }
    throw error;
  }
}

/**
 * Detects each file's LSOA vintage, checks every code against the ONS lookups and maps it to 2021; creates view
 * `crimes`. A code in the 2021 lookup is kept (a 2011 code left unchanged in 2021 is the same code); a code only in
 * the 2011 lookup, in a file of either vintage, goes to its 2021 successor; a code in neither is unknown (NULL).
 */
async function mapToLsoa2021(conn: DuckDBConnection): Promise<void> {
  // The lookup's 2021 column lists every 2021 LSOA of England and Wales (the same 35,672 codes as the LSOA 2021 → LAD
  // 2024 lookup), its 2011 column every 2011 LSOA; a code in both is unchanged (the lookup maps it to itself).
  await conn.run(`CREATE OR REPLACE TABLE lsoa_vintages AS
    SELECT code, bool_or(v = 2011) AS in2011, bool_or(v = 2021) AS in2021
    FROM (SELECT lsoa11_code AS code, 2011 AS v FROM lsoa11_to_21 UNION ALL SELECT lsoa21_code, 2021 FROM lsoa11_to_21) GROUP BY code`);
  // Vintage per file, from the codes that exist in only one vintage.
  await conn.run(`CREATE OR REPLACE TABLE street_vintage AS
    WITH codes AS (SELECT DISTINCT filename, "LSOA code" AS code FROM street_checked WHERE reject_reason IS NULL AND "LSOA code" IS NOT NULL)
    SELECT filename,
      CASE WHEN count(*) FILTER (in2021 AND NOT in2011) > 0 THEN '2021'
           WHEN count(*) FILTER (in2011 AND NOT in2021) > 0 THEN '2011' ELSE 'either' END AS vintage
    FROM codes JOIN lsoa_vintages USING (code) GROUP BY filename`);
  // Rows whose code is not a 2021 code: the nearest-centroid candidate of the lookup, or NULL for an unknown code.
  await conn.run(`CREATE OR REPLACE TABLE street_code_map AS
    WITH not2021 AS (
      SELECT s.rowid AS rid, s."LSOA code" AS code, TRY_CAST(s."Latitude" AS DOUBLE) AS lat, TRY_CAST(s."Longitude" AS DOUBLE) AS lon
      FROM street_checked s
      WHERE s.reject_reason IS NULL AND s."LSOA code" IS NOT NULL AND s."LSOA code" NOT IN (SELECT code FROM lsoa_vintages WHERE in2021)),
    candidates AS (
      SELECT r.rid, m.lsoa21_code, (c.lat - r.lat) ** 2 + ((c.lon - r.lon) * cos(radians(c.lat))) ** 2 AS d2
      FROM not2021 r JOIN lsoa11_to_21 m ON m.lsoa11_code = r.code LEFT JOIN lsoa_centroid c ON c.lsoa_code = m.lsoa21_code)
    SELECT r.rid, arg_min(c.lsoa21_code, COALESCE(c.d2, 1e9)) AS lsoa21_code
    FROM not2021 r LEFT JOIN candidates c USING (rid) GROUP BY r.rid`);
  await conn.run(`CREATE OR REPLACE VIEW crimes AS
    SELECT
      regexp_extract(s.filename, '\\d{4}-\\d{2}-([a-z-]+)-street\\.csv', 1) AS force,
      s.filename AS file, s."Month" AS month, s."Crime ID" AS crime_id, s."Crime type" AS crime_type,
      s."Crime type" = 'Anti-social behaviour' AS is_asb,
      s."Reported by" AS reported_by, s."Falls within" AS falls_within,
      CAST(s."Longitude" AS DOUBLE) AS lon, CAST(s."Latitude" AS DOUBLE) AS lat, s."Location" AS location,
      s."LSOA code" AS lsoa_code_original, s."LSOA name" AS lsoa_name_original, COALESCE(v.vintage, 'either') AS lsoa_vintage,
      CASE WHEN m.rid IS NOT NULL THEN m.lsoa21_code ELSE s."LSOA code" END AS lsoa21_code,
      s."Last outcome category" AS outcome
    FROM street_checked s LEFT JOIN street_vintage v USING (filename) LEFT JOIN street_code_map m ON m.rid = s.rowid
    WHERE s.reject_reason IS NULL`);
}

/**
 * Refuses a file where most LSOA codes are in neither ONS lookup: not a police.uk file as published, or damaged.
 * A few unknown codes are kept (counted in the report, in no area): a new ONS vintage would bring a few percent.
 */
async function checkLsoaCodes(conn: DuckDBConnection, files: readonly StreetFile[]): Promise<void> {
  const rows = await queryRows<{file: string; withCode: number; unknown: number; example: string | null}>(
    conn,
    `SELECT s.filename AS file, count(s."LSOA code") AS withCode, count(*) FILTER (m.rid IS NOT NULL AND m.lsoa21_code IS NULL) AS unknown,
            min(s."LSOA code") FILTER (m.rid IS NOT NULL AND m.lsoa21_code IS NULL) AS example
     FROM street_checked s LEFT JOIN street_code_map m ON m.rid = s.rowid WHERE s.reject_reason IS NULL GROUP BY 1`
  );
  const byPath = new Map(files.map((f) => [f.path, f]));
  refuse(
    rows
      .filter((r) => r.unknown * 2 > r.withCode)
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((r) => ({
        file: byPath.get(r.file)!,
        message: `${formatCount(r.unknown)} of its ${formatCount(r.withCode)} LSOA codes are in neither the ONS LSOA 2011 nor the 2021 lookup (e.g. ${r.example}): the file is not a police.uk file as published, or its codes were damaged.`
      }))
  );
}

async function buildReport(conn: DuckDBConnection, files: readonly StreetFile[], idsInOtherFiles: ReadonlyMap<string, number>): Promise<IngestReport> {
  const perFile = await queryRows<{file: string; rows: number; valid: number; asb: number; noLocation: number; coordsNoLsoa: number; vintage: string | null; changed: number; unmatched: number}>(
    conn,
    `WITH raw AS (SELECT filename AS file, count(*) AS parsed, count(*) FILTER (reject_reason IS NULL) AS valid FROM street_checked GROUP BY 1),
          bad AS (SELECT s.file_path AS file, count(*) AS n FROM street_csv_rejects r JOIN street_csv_scans s USING (scan_id, file_id) GROUP BY 1),
          c AS (SELECT file, count(*) FILTER (is_asb) AS asb, count(*) FILTER (lon IS NULL) AS noLocation,
                  count(*) FILTER (lon IS NOT NULL AND lsoa_code_original IS NULL) AS coordsNoLsoa, any_value(lsoa_vintage) AS vintage,
                  count(*) FILTER (lsoa21_code IS NOT NULL AND lsoa21_code <> lsoa_code_original) AS changed,
                  count(*) FILTER (lsoa_code_original IS NOT NULL AND lsoa21_code IS NULL) AS unmatched FROM crimes GROUP BY 1)
     SELECT raw.file, raw.parsed + COALESCE(bad.n, 0) AS rows, raw.valid, COALESCE(c.asb, 0) AS asb, COALESCE(c.noLocation, 0) AS noLocation,
            COALESCE(c.coordsNoLsoa, 0) AS coordsNoLsoa, c.vintage, COALESCE(c.changed, 0) AS changed, COALESCE(c.unmatched, 0) AS unmatched
     FROM raw LEFT JOIN bad USING (file) LEFT JOIN c USING (file)`
  );
  const byPath = new Map(perFile.map((r) => [r.file, r]));
  const reasons = await queryRows<{reason: string; rows: number; example: string}>(
    conn,
    `SELECT reason, count(*) AS rows, min(example) AS example FROM (
       -- Line numbers only for rejected rows (rare): DuckDB keeps file order, so rowid order within a file is line order.
       SELECT reason, filename || ' line ' || line AS example FROM (
         SELECT reject_reason AS reason, filename, row_number() OVER (PARTITION BY filename ORDER BY rowid) + 1 AS line
         FROM street_checked WHERE filename IN (SELECT filename FROM street_checked WHERE reject_reason IS NOT NULL))
       WHERE reason IS NOT NULL
       UNION ALL
       SELECT 'CSV: ' || r.error_type || ' (' || regexp_replace(r.error_message, '\\s+', ' ', 'g')[1:80] || ')', s.file_path || ' line ' || r.line
       FROM street_csv_rejects r JOIN street_csv_scans s USING (scan_id, file_id))
     GROUP BY reason ORDER BY rows DESC`
  );
  const fileReports = files.map((f) => {
    const r = byPath.get(f.path);
    const rows = r?.rows ?? 0;
    const valid = r?.valid ?? 0;
    return {
      file: relative(f.path),
      force: f.force,
      month: f.month,
      rows,
      valid,
      rejected: rows - valid,
      asb: r?.asb ?? 0,
      noLocation: r?.noLocation ?? 0,
      coordinatesWithoutLsoa: r?.coordsNoLsoa ?? 0,
      lsoaVintage: (r?.vintage ?? "either") as "2011" | "2021" | "either",
      codesChanged: r?.changed ?? 0,
      codesUnmatched: r?.unmatched ?? 0,
      crimeIdsInOtherFiles: idsInOtherFiles.get(f.path) ?? 0
    };
  });
  const forces = [...new Set(files.map((f) => f.force))];
  const sum = (k: "rows" | "valid" | "rejected" | "codesChanged" | "codesUnmatched" | "crimeIdsInOtherFiles") => fileReports.reduce((s, f) => s + f[k], 0);
  return ingestReportSchema.parse({
    files: fileReports,
    rejectedByReason: reasons.map((r) => ({...r, example: relative(r.example)})),
    missingMonths: Object.fromEntries(forces.map((force) => [force, missingMonths(files, force)])),
    // Each shared Crime ID is counted in both of its files; the total counts it once.
    totals: {rows: sum("rows"), valid: sum("valid"), rejected: sum("rejected"), codesChanged: sum("codesChanged"), codesUnmatched: sum("codesUnmatched"), crimeIdsInOtherFiles: sum("crimeIdsInOtherFiles") / 2}
  });
}

export interface IngestOptions {
  /** Force names a force's rows may carry besides police.uk's own (forces.ts), by force id: the configuration's. */
  forceNames?: Record<string, readonly string[]>;
}

/**
 * Reads, validates and maps the given street files into table `crimes`; returns the ingest report. Throws a
 * StreetFileError naming the file and the fix when a file is not what its name says.
 */
export async function ingestStreetFiles(conn: DuckDBConnection, files: readonly StreetFile[], options: IngestOptions = {}): Promise<IngestReport> {
  if (!files.length) throw new Error("No police.uk street files to read. Run `npm run refresh` or restore data/snapshot/policeuk from git.");
  await Promise.all(files.map((f) => checkStreetHeader(f.path)));
  await Promise.all([readAndCheck(conn, files), ...files.map((f) => verifyGzip(f.path))]);
  const idsInOtherFiles = await checkFileIdentity(conn, files, options.forceNames);
  await mapToLsoa2021(conn);
  await checkLsoaCodes(conn, files);
  return buildReport(conn, files, idsInOtherFiles);
}
