/**
 * ONS geography, population and deprivation tables from the snapshot, loaded into a DuckDB connection.
 * Each function creates one table (named in its doc) and is idempotent (CREATE OR REPLACE).
 * Sources and licences: data/snapshot/manifest.json; facts: shared/data/ons/MANIFEST.md.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {sqlString} from "../duckdb.ts";
import {FORCE_BY_PFA} from "../policeuk/forces.ts";
import {SNAPSHOT_DIR} from "../snapshot/manifest.ts";

export const ONS_FILES = {
  lsoa11to21: "ons/lookups/geographr_lookup_lsoa11_lsoa21_ltla22.csv.gz",
  lsoa21ToLad: "ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz",
  ladToPfa: "ons/lookups/geographr_lookup_ltla24_csp24_pfa24.csv",
  ladToRegion: "ons/lookups/geographr_lookup_ltla23_region23.csv",
  ladToUtla: "ons/lookups/geographr_lookup_ltla23_utla23.csv",
  centroids: "ons/lookups/lsoa_latlong.csv.gz",
  census21Age: "ons/population/cwthom_hack25usefuldata_census21_pop.csv.gz",
  imd2025: "ons/imd/humaniverse_IMD_imd2025_england_lsoa21.csv.gz"
} as const;

function snapshotFile(snapshotDir: string, key: keyof typeof ONS_FILES): string {
  const path = join(snapshotDir, ONS_FILES[key]);
  if (!existsSync(path)) throw new Error(`ONS snapshot file missing: ${path}. Restore data/snapshot from git (git checkout -- data/snapshot).`);
  return sqlString(path);
}

const csv = (path: string) => `read_csv(${path}, header = true, all_varchar = true)`;

/** lsoa21(lsoa21_code, lsoa21_name, lad_code, lad_name): every 2021 LSOA of England and Wales with its 2024 district. */
export async function createLsoa21(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE lsoa21 AS
    SELECT DISTINCT lsoa21_code, lsoa21_name, ltla24_code AS lad_code, ltla24_name AS lad_name
    FROM ${csv(snapshotFile(dir, "lsoa21ToLad"))}`);
}

/** lsoa11_to_21(lsoa11_code, lsoa21_code, change_code): ONS LSOA 2011→2021 lookup (U unchanged, S split, M merged, X complex). */
export async function createLsoa11To21(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE lsoa11_to_21 AS
    SELECT lsoa11_code, lsoa21_code, change_code FROM ${csv(snapshotFile(dir, "lsoa11to21"))}`);
}

/** lsoa_centroid(lsoa_code, lat, lon): population-weighted centroids of 2011 and 2021 LSOAs. */
export async function createCentroids(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE lsoa_centroid AS
    SELECT LSOACD AS lsoa_code, CAST(latitude AS DOUBLE) AS lat, CAST(longitude AS DOUBLE) AS lon
    FROM ${csv(snapshotFile(dir, "centroids"))} WHERE LSOACD LIKE 'E01%' OR LSOACD LIKE 'W01%'`);
}

/**
 * lad(lad_code, lad_name, region_code, region_name, utla_code, utla_name, pfa_code, pfa_name, force_id):
 * English local authority districts (2024) with their region, county or unitary, police force area and force id.
 */
export async function createLad(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  const forces = Object.entries(FORCE_BY_PFA).map(([pfa, f]) => `(${sqlString(pfa)}, ${sqlString(f.id)})`).join(", ");
  await conn.run(`CREATE OR REPLACE TABLE lad AS
    WITH pfa AS (SELECT DISTINCT ltla24_code, ltla24_name, pfa24_code, pfa24_name FROM ${csv(snapshotFile(dir, "ladToPfa"))}),
         force_ids(pfa_code, force_id) AS (VALUES ${forces})
    SELECT p.ltla24_code AS lad_code, p.ltla24_name AS lad_name, r.region23_code AS region_code, r.region23_name AS region_name,
           u.utla23_code AS utla_code, u.utla23_name AS utla_name, p.pfa24_code AS pfa_code, p.pfa24_name AS pfa_name, f.force_id
    FROM pfa p
    LEFT JOIN ${csv(snapshotFile(dir, "ladToRegion"))} r ON r.ltla23_code = p.ltla24_code
    LEFT JOIN ${csv(snapshotFile(dir, "ladToUtla"))} u ON u.ltla23_code = p.ltla24_code
    LEFT JOIN force_ids f ON f.pfa_code = p.pfa24_code
    WHERE p.ltla24_code LIKE 'E%'`);
}

/**
 * lsoa21_population(lsoa21_code, population, aged_0_15, aged_16_24, aged_25_34, aged_35_49, aged_50_64, aged_65_plus):
 * Census 2021 usual residents by LSOA 2021 (ONS; small-area counts are perturbed by ONS cell-key methods).
 */
export async function createPopulation(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE lsoa21_population AS
    SELECT lsoa21_code,
      sum(CAST(usual_residents AS INTEGER)) AS population,
      sum(CAST(usual_residents AS INTEGER)) FILTER (age_group = 'Aged 15 years and under') AS aged_0_15,
      sum(CAST(usual_residents AS INTEGER)) FILTER (age_group = 'Aged 16 to 24 years') AS aged_16_24,
      sum(CAST(usual_residents AS INTEGER)) FILTER (age_group = 'Aged 25 to 34 years') AS aged_25_34,
      sum(CAST(usual_residents AS INTEGER)) FILTER (age_group = 'Aged 35 to 49 years') AS aged_35_49,
      sum(CAST(usual_residents AS INTEGER)) FILTER (age_group = 'Aged 50 to 64 years') AS aged_50_64,
      sum(CAST(usual_residents AS INTEGER)) FILTER (age_group = 'Aged 65 years and over') AS aged_65_plus
    FROM ${csv(snapshotFile(dir, "census21Age"))}
    GROUP BY lsoa21_code`);
}

/** imd2025(lsoa21_code, imd_decile, imd_rank, imd_score, <domain>_decile…): English Indices of Deprivation 2025 (MHCLG). */
export async function createImd2025(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE imd2025 AS
    SELECT lsoa21_code, CAST(IMD_decile AS INTEGER) AS imd_decile, CAST(IMD_rank AS INTEGER) AS imd_rank, CAST(IMD_score AS DOUBLE) AS imd_score,
      CAST(Income_decile AS INTEGER) AS income_decile, CAST(Employment_decile AS INTEGER) AS employment_decile,
      CAST(Education_decile AS INTEGER) AS education_decile, CAST(Health_decile AS INTEGER) AS health_decile,
      CAST(Crime_decile AS INTEGER) AS crime_decile, CAST(Housing_and_Services_decile AS INTEGER) AS housing_decile,
      CAST(Environment_decile AS INTEGER) AS environment_decile
    FROM ${csv(snapshotFile(dir, "imd2025"))}`);
}

/** Creates every ONS table above. */
export async function createOnsTables(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<void> {
  await createLsoa21(conn, dir);
  await createLsoa11To21(conn, dir);
  await createCentroids(conn, dir);
  await createLad(conn, dir);
  await createPopulation(conn, dir);
  await createImd2025(conn, dir);
}
