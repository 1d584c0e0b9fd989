/**
 * The violence tables of the Overview and Violence profile chapters, computed with DuckDB from the ingested street
 * rows (`crimes`), the ONS tables and the England 2025 aggregate. Rates are per 1,000 residents (Census 2021 usual
 * residents) with 95% confidence intervals from components/stats (Byar; exact Poisson below 10 events).
 * The tables a reader can recompute in the browser (live chapters) take their SQL and derivations from
 * components/sql/violence.ts, the one definition both sides run.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {join} from "node:path";
import {AREA_LSOA_SQL, areaMonthlySql, headlineFrom, LSOA_MONTH_TYPE_SQL, lsoaViolenceSql, rankLsoas, withRate, type LsoaCount, type Selection} from "../../components/sql/violence.js";
import type {SnaConfig} from "../config/schema.ts";
import {queryRows, sqlList, sqlString} from "../duckdb.ts";
import {ONS_FILES} from "../ons/lookups.ts";
import {FORCE_BY_PFA} from "../policeuk/forces.ts";
import {SNAPSHOT_DIR} from "../snapshot/manifest.ts";
import {englandDistrictSql, englandRates, type EnglandCount} from "../../components/sql/england.js";
import type {AnalysisWindow, YearOnYear} from "./window.ts";
import type {Row, TABLES} from "../../components/tables/registry.ts";

export {concentration, violenceByImdDecile, withRate} from "../../components/sql/violence.js";

export const ENGLAND_FILES = {
  lsoaMonthType: "policeuk-england/lsoa_month_type_2025.csv.gz",
  noLocation: "policeuk-england/force_month_nolocation_2025.csv.gz",
  forceMonthRows: "policeuk-england/force_month_rows_2025.csv"
} as const;

const round = (x: number, dp = 3) => Math.round(x * 10 ** dp) / 10 ** dp;

/** The configured selection: the area's districts, the window's months with data, the local definition. */
export const configSelection = (config: SnaConfig, window: AnalysisWindow): Selection => ({
  districts: config.districts.map((d) => d.code),
  months: window.available,
  crimeTypes: config.seriousViolence.crimeTypes
});

/**
 * area_lsoa: the partnership's 2021 LSOAs with their 2024 ward (the name a board member knows a neighbourhood by),
 * district, Census 2021 residents and IMD 2025.
 */
export async function createAreaLsoa(conn: DuckDBConnection, config: SnaConfig, dir = SNAPSHOT_DIR): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE area_lsoa AS
    WITH ward AS (SELECT lsoa21_code, min(ward24_code) AS ward_code, min(ward24_name) AS ward_name
                  FROM read_csv(${sqlString(join(dir, ONS_FILES.lsoa21ToLad))}, header = true, all_varchar = true) GROUP BY 1)
    SELECT l.lsoa21_code, l.lsoa21_name, w.ward_code, w.ward_name, l.lad_code, l.lad_name, p.population, p.aged_16_24, p.aged_0_15,
           i.imd_decile, i.imd_rank, i.imd_score
    FROM lsoa21 l LEFT JOIN ward w USING (lsoa21_code) LEFT JOIN lsoa21_population p USING (lsoa21_code) LEFT JOIN imd2025 i USING (lsoa21_code)
    WHERE l.lad_code IN (${sqlList(config.districts.map((d) => d.code))})`);
  const [check] = await queryRows<{n: number; nopop: number}>(conn, `SELECT count(*) AS n, count(*) FILTER (population IS NULL) AS nopop FROM area_lsoa`);
  if (!check?.n) throw new Error(`No 2021 LSOA belongs to the configured districts (${config.districts.map((d) => d.code).join(", ")}). Check districts in the configuration.`);
  if (check.nopop) throw new Error(`${check.nopop} LSOAs of the area have no Census 2021 population in the snapshot; restore data/snapshot/ons from git.`);
  // The table the chapter's SQL reads, here and in the browser (lsoa-month-type.arrow); crimes must be ingested.
  await conn.run(`CREATE OR REPLACE TABLE lsoa_month_type AS ${LSOA_MONTH_TYPE_SQL}`);
}

/** area_lsoa's columns that the browser needs to run the chapter's SQL (area-lsoa.csv). */
export async function areaLsoaRows(conn: DuckDBConnection) {
  return queryRows<Row<typeof TABLES.area_lsoa>>(conn, AREA_LSOA_SQL);
}

/** Monthly counts by crime type for the area, every month with data (zero only when the month has data). */
export async function areaMonthly(conn: DuckDBConnection, months: readonly string[]) {
  const districts = (await queryRows<{lad_code: string}>(conn, `SELECT DISTINCT lad_code FROM area_lsoa ORDER BY 1`)).map((d) => d.lad_code);
  return queryRows<{month: string; crime_type: string; count: number}>(conn, areaMonthlySql(districts, months));
}

/** LSOA × month × type counts for the area (non-zero only; the month list says which months exist). */
export async function areaLsoaMonthType(conn: DuckDBConnection) {
  return queryRows<{lsoa21_code: string; month: string; crime_type: string; count: number}>(conn, `SELECT * FROM lsoa_month_type ORDER BY ALL`);
}

/** Serious violence per LSOA of the area over the window, with rate, CI, rank and IMD decile. */
export async function lsoaViolence(conn: DuckDBConnection, config: SnaConfig, window: AnalysisWindow) {
  return rankLsoas(await queryRows<LsoaCount>(conn, lsoaViolenceSql(configSelection(config, window))));
}

/**
 * Serious violence rate per local authority district of the configured force(s), over the given months (months whose
 * files cover the whole force: an API refresh fetches only the partnership's districts).
 */
export async function forceDistrictRates(conn: DuckDBConnection, config: SnaConfig, months: readonly string[]) {
  const rows = await queryRows<{lad_code: string; lad_name: string; population: number; count: number}>(
    conn,
    `WITH force_lads AS (SELECT lad_code, lad_name FROM lad WHERE force_id IN (${sqlList(config.forces.map((f) => f.id))})),
          pop AS (SELECT l.lad_code, sum(p.population) AS population FROM lsoa21 l JOIN lsoa21_population p USING (lsoa21_code) GROUP BY 1),
          sv AS (SELECT l.lad_code, count(*) AS n FROM crimes c JOIN lsoa21 l ON l.lsoa21_code = c.lsoa21_code
                 WHERE c.crime_type IN (${sqlList(config.seriousViolence.crimeTypes)}) AND c.month IN (${sqlList(months)}) GROUP BY 1)
     SELECT f.lad_code, f.lad_name, pop.population, COALESCE(sv.n, 0) AS count
     FROM force_lads f JOIN pop USING (lad_code) LEFT JOIN sv USING (lad_code) ORDER BY f.lad_name`
  );
  const mine = new Set(config.districts.map((d) => d.code));
  return rows.map((r) => ({...withRate(r), partnership: mine.has(r.lad_code)}));
}

const FORCE_NAME = new Map(Object.values(FORCE_BY_PFA).map((f) => [f.id, f.name]));

/**
 * The England set's tables, which the Benchmarking funnel's SQL reads in the build and in the browser
 * (components/sql/england.ts): england_district_month_type (records by district, month and type, from the LSOA
 * aggregate), england_force_months (the months each force published) and england_districts' base (every English
 * district with residents, its force and the force's name). Created in `conn`; returns the months of the set.
 */
export async function englandTables(conn: DuckDBConnection, dir = SNAPSHOT_DIR): Promise<string[]> {
  const file = (k: keyof typeof ENGLAND_FILES) => sqlString(join(dir, ENGLAND_FILES[k]));
  const forces = [...FORCE_NAME].map(([id, name]) => `(${sqlString(id)}, ${sqlString(name)})`).join(", ");
  await conn.run(`CREATE OR REPLACE TABLE england_district_month_type AS
    SELECT l.lad_code, a.month, a.crime_type, sum(a.crimes)::INTEGER AS count
    FROM read_csv(${file("lsoaMonthType")}, header = true, columns = {'lsoa_code': 'VARCHAR', 'month': 'VARCHAR', 'crime_type': 'VARCHAR', 'crimes': 'INTEGER'}) a
    JOIN lsoa21 l ON l.lsoa21_code = a.lsoa_code
    GROUP BY ALL HAVING sum(a.crimes) > 0 ORDER BY ALL`);
  await conn.run(`CREATE OR REPLACE TABLE england_force_months AS
    SELECT DISTINCT force AS force_id, month FROM read_csv(${file("forceMonthRows")}, header = true, all_varchar = true) ORDER BY ALL`);
  await conn.run(`CREATE OR REPLACE TABLE england_districts AS
    WITH pop AS (SELECT l.lad_code, sum(p.population) AS population FROM lsoa21 l JOIN lsoa21_population p USING (lsoa21_code) GROUP BY 1),
         force_names(force_id, force_name) AS (VALUES ${forces})
    SELECT d.lad_code, d.lad_name, d.region_name, d.force_id, COALESCE(f.force_name, d.force_id) AS force_name, pop.population
    FROM lad d JOIN pop USING (lad_code) LEFT JOIN force_names f USING (force_id)`);
  return (await queryRows<{month: string}>(conn, `SELECT DISTINCT month FROM england_force_months ORDER BY 1`)).map((r) => r.month);
}

/** The rows of englandTables' two count tables, as the build ships them. */
export async function englandTableRows(conn: DuckDBConnection) {
  return {
    districtMonthType: await queryRows<Row<typeof TABLES.england_district_month_type>>(conn, `SELECT * FROM england_district_month_type ORDER BY ALL`),
    forceMonths: await queryRows<Row<typeof TABLES.england_force_months>>(conn, `SELECT * FROM england_force_months ORDER BY ALL`)
  };
}

/**
 * Serious violence rate over the England set's months (2025) for every English district, with the force's
 * coverage: the funnel's SQL and rates (components/sql/england.ts) for the configured definition, the partnership's
 * districts highlighted. A district whose force has fewer months than the set gets no rate (its count covers fewer
 * months than its residents' year, so it is not a rate) and a reason instead; it is left out of rankings and averages.
 * The aggregate counts every record located in the district's LSOAs, whichever force's file it came from.
 */
export async function englandDistrictRates(conn: DuckDBConnection, config: SnaConfig, dir = SNAPSHOT_DIR) {
  const months = await englandTables(conn, dir);
  const sel = {months, crimeTypes: config.seriousViolence.crimeTypes};
  return englandRates(await queryRows<EnglandCount>(conn, englandDistrictSql(sel)), sel, new Set(config.districts.map((d) => d.code)));
}

/**
 * The partnership's districts as the England set counts them (every force's records located there), so that the
 * area is compared with England on one source; null when a district's force is not complete in the set.
 */
export function englandSetArea(england: {count: number; population: number; complete: boolean; partnership: boolean}[]) {
  const mine = england.filter((r) => r.partnership);
  if (!mine.length || mine.some((r) => !r.complete)) return null;
  return withRate(mine.reduce((a, r) => ({count: a.count + r.count, population: a.population + r.population}), {count: 0, population: 0}));
}

/** Last outcome category of serious violence in the area over the window. */
export async function outcomes(conn: DuckDBConnection, config: SnaConfig, window: AnalysisWindow) {
  return queryRows<{crime_type: string; outcome: string; count: number}>(
    conn,
    `SELECT c.crime_type, COALESCE(c.outcome, '(none recorded)') AS outcome, count(*) AS count
     FROM crimes c JOIN area_lsoa a USING (lsoa21_code)
     WHERE c.crime_type IN (${sqlList(config.seriousViolence.crimeTypes)}) AND c.month IN (${sqlList(window.available)})
     GROUP BY ALL ORDER BY c.crime_type, count DESC, outcome`
  );
}

/**
 * Records of the force in the window with no location: in no LSOA, district or area count, so in neither the area's
 * rate nor the force area's. share: their part of all the force's serious violence records in the window.
 */
export async function noLocation(conn: DuckDBConnection, config: SnaConfig, window: AnalysisWindow) {
  const sv = sqlList(config.seriousViolence.crimeTypes);
  const [row] = await queryRows<{sv: number; all_crime: number; sv_records: number}>(
    conn,
    `SELECT count(*) FILTER (crime_type IN (${sv}) AND lsoa21_code IS NULL) AS sv, count(*) FILTER (NOT is_asb AND lsoa21_code IS NULL) AS all_crime,
            count(*) FILTER (crime_type IN (${sv})) AS sv_records
     FROM crimes WHERE month IN (${sqlList(window.available)})`
  );
  const r = row ?? {sv: 0, all_crime: 0, sv_records: 0};
  return {...r, share: r.sv_records ? round(r.sv / r.sv_records, 5) : null};
}

/**
 * The England set's serious violence records with no location, as a share of all its serious violence records
 * (located in the complete forces' districts, plus those with none), for the forces with all 12 months of 2025.
 */
export async function englandNoLocation(conn: DuckDBConnection, config: SnaConfig, locatedInComplete: number, dir = SNAPSHOT_DIR) {
  const complete = sqlString(join(dir, ENGLAND_FILES.forceMonthRows));
  const [row] = await queryRows<{sv: number}>(
    conn,
    `WITH cover AS (SELECT force FROM read_csv(${complete}, header = true, all_varchar = true) GROUP BY 1 HAVING count(DISTINCT month) = 12)
     SELECT COALESCE(sum(crimes), 0) AS sv FROM read_csv(${sqlString(join(dir, ENGLAND_FILES.noLocation))}, header = true, columns = {'force': 'VARCHAR', 'month': 'VARCHAR', 'crime_type': 'VARCHAR', 'crimes': 'INTEGER'})
     WHERE force IN (SELECT force FROM cover) AND crime_type IN (${sqlList(config.seriousViolence.crimeTypes)})`
  );
  const sv = row?.sv ?? 0;
  return {sv, share: sv + locatedInComplete ? round(sv / (sv + locatedInComplete), 5) : null};
}

/** The headline: serious violence rate over the window, and the change against the same months a year earlier. */
export async function headline(conn: DuckDBConnection, config: SnaConfig, window: AnalysisWindow, yoy: YearOnYear) {
  const sel = configSelection(config, window);
  const monthly = await queryRows<{month: string; crime_type: string; count: number}>(conn, areaMonthlySql(sel.districts, [...new Set([...window.available, ...yoy.previous])].sort()));
  const lsoas = await queryRows<LsoaCount>(conn, lsoaViolenceSql(sel));
  return headlineFrom(monthly, lsoas, sel.crimeTypes, window, yoy);
}
