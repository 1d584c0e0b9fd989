/**
 * ONS and MHCLG tables behind the Place and population and Risk factors chapters, loaded into DuckDB from the snapshot
 * (alongside the lookup tables of lookups.ts, which this file reuses and does not change). Each function creates one
 * table, named in its doc, and is idempotent (CREATE OR REPLACE). Provenance: data/snapshot/manifest.json.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {sqlString} from "../duckdb.ts";
import {SNAPSHOT_DIR} from "../snapshot/manifest.ts";
import {createLad, createLsoa11To21, createLsoa21, createPopulation} from "./lookups.ts";

export const ONS_RISK_FILES = {
  myeSya: "ons/population/mye2020_sya_sex_lad.csv.gz",
  myeArea: "ons/population/mye2020_area_lad.csv",
  ethnicity21: "ons/population/humaniverse_demographr_ethnicity21_lsoa21.csv.gz",
  ruc2011: "ons/ruc/ruc_2011_lsoa.csv.gz",
  imd2019: "ons/imd/File_2_-_IoD2019_Domains_of_Deprivation.csv.gz",
  imd2025Lsoa: "ons/imd/humaniverse_IMD_imd2025_england_lsoa21.csv.gz",
  imd2025Lad: "ons/imd/humaniverse_IMD_imd2025_england_ltla24.csv.gz",
  laCodes: "ons/lookups/la_all_codes.csv"
} as const;

// The IMD domains, ethnic groups and rural-urban classes are shared with the page (components/sql/place.ts).
export {ETHNIC_GROUPS, IMD_DOMAINS, RUC2011_CLASSES, type EthnicGroupKey, type ImdDomainKey} from "../../components/sql/place.js";
import {ETHNIC_GROUPS, IMD_DOMAINS, RUC2011_CLASSES} from "../../components/sql/place.js";

function file(dir: string, key: keyof typeof ONS_RISK_FILES): string {
  const path = join(dir, ONS_RISK_FILES[key]);
  if (!existsSync(path)) {
    throw new Error(`ONS snapshot file missing: ${path}. Restore data/snapshot from git (git checkout -- data/snapshot), or re-create it with npx tsx scripts/import-ons-risk-snapshot.ts.`);
  }
  return sqlString(path);
}
const csv = (path: string) => `read_csv(${path}, header = true, all_varchar = true)`;

/** mye_sya(code, name, geography, sex, age, population): ONS mid-2020 estimates by single year of age (90 = 90+) and sex, every UK area. */
export async function createMyeSya(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE mye_sya AS
    SELECT code, name, geography, sex, CAST(age AS INTEGER) AS age, CAST(population AS BIGINT) AS population FROM ${csv(file(dir, "myeSya"))}`);
}

/** mye_area(code, name, geography, area_sq_km, population): land area and mid-2020 population (MYE 5), every UK area. */
export async function createMyeArea(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE mye_area AS
    SELECT code, name, geography, CAST(area_sq_km AS DOUBLE) AS area_sq_km, CAST(population AS BIGINT) AS population FROM ${csv(file(dir, "myeArea"))}`);
}

/**
 * lad_successor(old_code, lad_code): every district code since 2011 → the district of the `lad` table (2024) that
 * holds it, e.g. Allerdale → Cumberland (2023). A code the `lad` table still uses maps to itself, even where
 * la_all_codes already knows a later one (Barnsley and Sheffield were recoded in 2025). Needs lad (lookups.ts).
 */
export async function createLadSuccessor(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE lad_successor AS
    WITH codes AS (SELECT DISTINCT LADCD AS old_code, LADCD_ACTIVE AS active FROM ${csv(file(dir, "laCodes"))} WHERE LADCD LIKE 'E%')
    SELECT c.old_code, coalesce(self.lad_code, succ.lad_code) AS lad_code
    FROM codes c LEFT JOIN lad self ON self.lad_code = c.old_code LEFT JOIN lad succ ON succ.lad_code = c.active
    WHERE coalesce(self.lad_code, succ.lad_code) IS NOT NULL`);
}

/** lsoa21_ethnicity(lsoa21_code, population, asian, black, mixed, white, other): Census 2021 TS021 usual residents by high-level group. */
export async function createEthnicity21(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  const cols = ETHNIC_GROUPS.map((g) => `sum(CAST(n AS INTEGER)) FILTER (ethnic_group = ${sqlString(g.label)}) AS ${g.key}`).join(",\n      ");
  await conn.run(`CREATE OR REPLACE TABLE lsoa21_ethnicity AS
    SELECT lsoa21_code, max(CAST(total_residents AS INTEGER)) AS population,
      ${cols}
    FROM ${csv(file(dir, "ethnicity21"))} GROUP BY lsoa21_code`);
  const bad = await conn.runAndReadAll(`SELECT lsoa21_code FROM lsoa21_ethnicity
    WHERE ${ETHNIC_GROUPS.map((g) => `${g.key} IS NULL`).join(" OR ")} OR ${ETHNIC_GROUPS.map((g) => g.key).join(" + ")} <> population LIMIT 1`);
  const first = bad.getRowObjectsJS()[0];
  if (first) throw new Error(`${ONS_RISK_FILES.ethnicity21}: LSOA ${String(first.lsoa21_code)} lacks one of the 5 groups or its groups do not sum to total_residents; restore the file from git.`);
}

/**
 * lsoa11_ruc(lsoa11_code, ruc_code, ruc_name) and lsoa21_ruc(lsoa21_code, ruc_code, ruc_name, urban, ruc_mixed, ruc_parents):
 * the 2011 Rural-Urban Classification, carried to 2021 LSOAs with the ONS 2011→2021 lookup. An unchanged (U) or split
 * (S) 2021 LSOA takes its 2011 parent's class: a split cuts an area into parts that lie within it. A merged (M) or
 * irregular (X) one has several parents; it takes the class most of them have, ties going to the more urban class,
 * and is flagged ruc_mixed when they disagree (11 of England's 33,755 LSOAs, 4 of them across the urban/rural line).
 * Needs lsoa11_to_21 (lookups.ts).
 */
export async function createRuc(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  const classes = RUC2011_CLASSES.map((c, i) => `(${sqlString(c.code)}, ${sqlString(c.label)}, ${c.urban}, ${i})`).join(", ");
  await conn.run(`CREATE OR REPLACE TABLE lsoa11_ruc AS
    SELECT lsoa AS lsoa11_code, RUC11CD AS ruc_code, RUC11 AS ruc_name FROM ${csv(file(dir, "ruc2011"))}`);
  await conn.run(`CREATE OR REPLACE TABLE lsoa21_ruc AS
    WITH cls(code, label, urban, ord) AS (VALUES ${classes}),
    parents AS (
      SELECT l.lsoa21_code, r.ruc_code, c.ord, count(*) AS n
      FROM lsoa11_to_21 l JOIN lsoa11_ruc r ON r.lsoa11_code = l.lsoa11_code JOIN cls c ON c.code = r.ruc_code
      GROUP BY ALL),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY lsoa21_code ORDER BY n DESC, ord) AS pick,
             count(*) OVER (PARTITION BY lsoa21_code) AS n_classes,
             string_agg(ruc_code, '+') OVER (PARTITION BY lsoa21_code ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS ruc_parents
      FROM parents)
    SELECT r.lsoa21_code, r.ruc_code, c.label AS ruc_name, c.urban, r.n_classes > 1 AS ruc_mixed, r.ruc_parents
    FROM ranked r JOIN cls c ON c.code = r.ruc_code WHERE pick = 1`);
}

/**
 * imd2025_domains(lsoa21_code, <key>_score, <key>_rank, <key>_decile for imd and the 7 domains): English Indices of
 * Deprivation 2025 by LSOA 2021 (rank 1 and decile 1 = most deprived). Extends createImd2025 (lookups.ts) with scores
 * and ranks; that table is left as it is.
 */
export async function createImd2025Domains(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  const cols = IMD_DOMAINS.map((d) => `CAST(${d.stem}_score AS DOUBLE) AS ${d.key}_score, CAST(${d.stem}_rank AS INTEGER) AS ${d.key}_rank, CAST(${d.stem}_decile AS INTEGER) AS ${d.key}_decile`).join(",\n      ");
  await conn.run(`CREATE OR REPLACE TABLE imd2025_domains AS SELECT lsoa21_code,
      ${cols}
    FROM ${csv(file(dir, "imd2025Lsoa"))}`);
}

/** imd2025_lad(lad_code, lad_name, imd_average_score, imd_rank_of_average_score, <domain>_average_score): MHCLG's own district summaries. */
export async function createImd2025Lad(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE imd2025_lad AS
    SELECT ltla24_code AS lad_code, ltla24_name AS lad_name,
      CAST(imd_average_score AS DOUBLE) AS imd_average_score, CAST(imd_rank_of_average_score AS INTEGER) AS imd_rank_of_average_score,
      CAST(income_average_score AS DOUBLE) AS income_average_score, CAST(employment_average_score AS DOUBLE) AS employment_average_score,
      CAST(crime_average_score AS DOUBLE) AS crime_average_score
    FROM ${csv(file(dir, "imd2025Lad"))}`);
}

const IMD2019_COLUMNS: Record<string, string> = {
  imd: "Index of Multiple Deprivation (IMD)",
  income: "Income",
  employment: "Employment",
  education: "Education, Skills and Training",
  health: "Health Deprivation and Disability",
  crime: "Crime",
  housing: "Barriers to Housing and Services",
  environment: "Living Environment"
};

/**
 * imd2019(lsoa11_code, lad19_code, <key>_rank, <key>_decile for imd and the 7 domains): IoD2019 File 2, for data coded
 * to 2011 LSOAs (e.g. police.uk before 2022). File 2 has ranks and deciles only: IoD2019 scores were not available.
 */
export async function createImd2019(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const cols = Object.entries(IMD2019_COLUMNS).map(([key, stem]) =>
    `CAST(${q(`${stem} Rank (where 1 is most deprived)`)} AS INTEGER) AS ${key}_rank, CAST(${q(`${stem} Decile (where 1 is most deprived 10% of LSOAs)`)} AS INTEGER) AS ${key}_decile`).join(",\n      ");
  await conn.run(`CREATE OR REPLACE TABLE imd2019 AS
    SELECT "LSOA code (2011)" AS lsoa11_code, "Local Authority District code (2019)" AS lad19_code,
      ${cols}
    FROM ${csv(file(dir, "imd2019"))}`);
}

/** Creates every table the Place and Risk factors records need: the lookups.ts tables they use, then those above. */
export async function createPlaceTables(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await createLsoa21(conn, dir);
  await createLsoa11To21(conn, dir);
  await createLad(conn, dir);
  await createPopulation(conn, dir);
  await createMyeSya(conn, dir);
  await createMyeArea(conn, dir);
  await createLadSuccessor(conn, dir);
  await createEthnicity21(conn, dir);
  await createRuc(conn, dir);
  await createImd2025Domains(conn, dir);
  await createImd2025Lad(conn, dir);
  await createImd2019(conn, dir);
}
