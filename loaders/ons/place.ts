/**
 * Records for the Place and population chapter and the ONS part of the Risk factors chapter, for the partnership of
 * the configuration (the sum of its districts) beside England. Needs createPlaceTables (tables.ts) on the connection.
 *
 * Sources and methods (README-ready):
 * - **Population pyramid.** ONS mid-year population estimates, mid-2020, on April 2021 local authority boundaries
 *   (MYE2, single year of age 0–89 and 90+, by sex; OGL v3.0). Converted once from the ONS workbook to CSV at import
 *   (scripts/import-ons-risk-snapshot.ts). The partnership is the sum of its districts; districts created in 2023
 *   (e.g. Cumberland) are the sums of their predecessors. Shares are of each geography's total population (both
 *   sexes), so the area's pyramid can be laid over England's. The mid-2021 workbook is Excel 97 (BIFF8), which
 *   exceljs cannot read; a later year comes with the refresh (Nomis).
 * - **Age groups.** Census 2021 usual residents by LSOA 2021 in six groups (ONS custom dataset). Shares aged under 16
 *   and 16–24 for the area, England and every LSOA. Small-area counts are perturbed by ONS, so sums of LSOAs differ
 *   from published totals by a few people.
 * - **Ethnicity.** Census 2021 TS021, five high-level ethnic groups by LSOA 2021 (Nomis bulk file), each share over
 *   the table's own total of usual residents.
 * - **Deprivation.** English Indices of Deprivation 2025 (MHCLG, 2021 LSOAs): decile 1 = the most deprived 10% of
 *   England's LSOAs, rank 1 the most deprived; scores for the IMD and its 7 domains. The decile profile counts the
 *   area's LSOAs and their Census 2021 residents in each decile. Area averages are population-weighted means of LSOA
 *   scores. For data on 2011 LSOAs (e.g. police.uk before 2022) use IoD2019 File 2 (ranks and deciles; no scores).
 * - **Rural-urban.** ONS Rural-Urban Classification 2011 of LSOAs (no 2021 edition for LSOAs was available), carried
 *   to 2021 LSOAs with the ONS LSOA 2011→2021 lookup: unchanged and split LSOAs take their parent's class, merged and
 *   irregular ones the class most of their parents have (ties to the more urban); the 11 English LSOAs whose parents
 *   disagree are flagged `ruc_mixed`.
 * - **Risk factors** (ecological, community level): per LSOA and per district, the IMD 2025 score and domain scores,
 *   the shares aged under 16 and 16–24, the ethnic shares and non-White share, and rural/urban, with England's values.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {z} from "zod";
import type {SnaConfig} from "../config/schema.ts";
import {queryRows, sqlList, sqlString} from "../duckdb.ts";
import {unitFactors, unitFactorsSchema, type UnitFactors} from "./factors.ts";
import {ENGLAND, SOURCE_NAMES} from "../../components/constants.js";
import {ageGroupsSql, bandLabel, CENSUS_AGE_GROUPS, ethnicitySql, imdDecilesSql, pyramidSql, ruralUrbanSql, withoutOrd, type PlaceUnit} from "../../components/sql/place.js";
import {ETHNIC_GROUPS, IMD_DOMAINS, RUC2011_CLASSES} from "./tables.ts";
import {TABLES, type Row} from "../../components/tables/registry.js";

export {ENGLAND};

/** Where a record belongs: the partnership area or England. */
export const placeGeographySchema = z.enum(["area", "england"]);

export const SOURCES = {
  mye: {source: "ONS mid-year population estimates (MYE2)", period: "mid-2020 (30 June 2020), April 2021 boundaries", released: "2021-06-25"},
  censusAge: {source: "ONS Census 2021, usual residents by age (6 groups), LSOA 2021", period: SOURCE_NAMES.census2021Period, released: "2023-03"},
  censusEthnicity: {source: "ONS Census 2021 TS021 ethnic group, LSOA 2021", period: SOURCE_NAMES.census2021Period, released: "2022-11-29"},
  imd2025: {source: "MHCLG English Indices of Deprivation 2025, LSOA 2021", period: "IoD2025 (mostly 2022/23 data)", released: "2025-10-30"},
  imd2019: {source: "MHCLG English Indices of Deprivation 2019 (File 2), LSOA 2011", period: "IoD2019 (mostly 2015/16 data)", released: "2019-09-26"},
  ruc2011: {source: "ONS Rural-Urban Classification 2011 of LSOAs, mapped to LSOA 2021", period: "2011 classification", released: "2013"}
} as const;

/** The partnership's English LSOAs 2021 as (lsoa21_code, unit_code, unit_name); every district must have some. */
async function areaUnits(conn: DuckDBConnection, config: SnaConfig): Promise<string> {
  const codes = config.districts.map((d) => d.code);
  const found = await queryRows<{lad_code: string}>(conn, `SELECT DISTINCT lad_code FROM lsoa21 WHERE lad_code IN (${sqlList(codes)})`);
  const missing = codes.filter((c) => !found.some((f) => f.lad_code === c));
  if (missing.length) {
    throw new Error(`sna.config.ts districts: ${missing.join(", ")} has no 2021 LSOA in the ONS LSOA 2021 → LAD 2024 lookup (${"ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz"}); use current (2024) district codes.`);
  }
  return `SELECT lsoa21_code, ${sqlString(config.area.code)} AS unit_code, ${sqlString(config.area.name)} AS unit_name FROM lsoa21 WHERE lad_code IN (${sqlList(codes)})`;
}

const ENGLAND_UNITS = `SELECT lsoa21_code, '${ENGLAND.code}' AS unit_code, '${ENGLAND.name}' AS unit_name FROM lsoa21 WHERE lsoa21_code LIKE 'E01%'`;

/**
 * place_lsoa's rows (components/sql/place.ts) for the LSOAs of `units`, from the ONS and MHCLG tables: an LSOA missing
 * from one of them keeps NULLs there, which the chapter's sums leave out, as the joins of each table alone did.
 */
export function placeLsoaSql(units: string): string {
  return `SELECT l.lsoa21_code, l.lsoa21_name, l.lad_code, l.lad_name,
  p.population, ${CENSUS_AGE_GROUPS.map((g) => `p.${g.key}`).join(", ")},
  e.population AS ethnic_total, ${ETHNIC_GROUPS.map((g) => `e.${g.key}`).join(", ")},
  r.ruc_code, ${IMD_DOMAINS.map((d) => `i.${d.key}_decile`).join(", ")}
FROM (${units}) u JOIN lsoa21 l USING (lsoa21_code) LEFT JOIN lsoa21_population p USING (lsoa21_code) LEFT JOIN lsoa21_ethnicity e USING (lsoa21_code)
LEFT JOIN lsoa21_ruc r USING (lsoa21_code) LEFT JOIN imd2025_domains i USING (lsoa21_code)
ORDER BY l.lsoa21_code`;
}

/** place_mye's rows (components/sql/place.ts): mid-2020 estimates of the districts (2024 codes), predecessors summed in. */
export function placeMyeSql(districts: readonly string[]): string {
  return `SELECT s.lad_code, m.sex, m.age, m.population FROM mye_sya m JOIN lad_successor s ON s.old_code = m.code
WHERE s.lad_code IN (${sqlList(districts)}) ORDER BY s.lad_code, m.sex DESC, m.age`;
}

/** The partnership's place_lsoa and place_mye rows: the build's files that the page's SQL reads for a district. */
export async function placeTables(conn: DuckDBConnection, config: SnaConfig) {
  const u = await placeUnits(conn, config);
  return {
    lsoas: await queryRows<Row<typeof TABLES.place_lsoa>>(conn, `SELECT * FROM ${u.areaLsoa}`),
    mye: await queryRows<Row<typeof TABLES.place_mye>>(conn, `SELECT * FROM ${u.areaMye}`)
  };
}

/** The partnership and England as the chapter's SQL reads them: each over its own place_lsoa and place_mye rows. */
async function placeUnits(conn: DuckDBConnection, config: SnaConfig) {
  const area: PlaceUnit = {code: config.area.code, name: config.area.name, districts: null};
  const england: PlaceUnit = {code: ENGLAND.code, name: ENGLAND.name, districts: null};
  return {
    area, england,
    areaLsoa: `(${placeLsoaSql(await areaUnits(conn, config))})`,
    englandLsoa: `(${placeLsoaSql(ENGLAND_UNITS)})`,
    areaMye: `(${placeMyeSql(config.districts.map((d) => d.code))})`,
    englandMye: `(SELECT '${ENGLAND.code}' AS lad_code, sex, age, population FROM mye_sya WHERE code = '${ENGLAND.code}')`
  };
}

// ---------------------------------------------------------------- population pyramid

export const pyramidRowSchema = z.object({
  geography: placeGeographySchema,
  code: z.string(),
  name: z.string(),
  sex: z.enum(["male", "female"]),
  /** First age of the band; the last band is open ("90+"). */
  age_start: z.number().int().min(0),
  /** Last age of the band, or null for the open band. */
  age_end: z.number().int().nullable(),
  band: z.string(),
  population: z.number().int().nonnegative(),
  /** Share of the geography's total population, both sexes. */
  share: z.number().min(0).max(1)
});
export type PyramidRow = z.infer<typeof pyramidRowSchema>;

/**
 * Population by age band and sex for the area (sum of its districts) and England, ONS mid-2020 estimates.
 * `bandYears` 1 gives single years; 5 (default) gives 0–4 … 85–89 and 90+.
 */
export async function populationPyramid(conn: DuckDBConnection, config: SnaConfig, opts: {bandYears?: 1 | 5} = {}): Promise<PyramidRow[]> {
  const width = opts.bandYears ?? 5;
  const codes = config.districts.map((d) => d.code);
  const mapped = await queryRows<{lad_code: string}>(conn, `SELECT DISTINCT s.lad_code FROM mye_sya m JOIN lad_successor s ON s.old_code = m.code WHERE s.lad_code IN (${sqlList(codes)})`);
  const missing = codes.filter((c) => !mapped.some((m) => m.lad_code === c));
  if (missing.length) throw new Error(`mid-year estimates (${SOURCES.mye.period}) have no rows for district(s) ${missing.join(", ")} of sna.config.ts, nor for any predecessor; check the codes (2024 districts).`);
  const u = await placeUnits(conn, config);
  const rows = [...(await queryRows(conn, pyramidSql(u.area, width, u.areaMye))), ...(await queryRows(conn, pyramidSql(u.england, width, u.englandMye)))];
  return rows.map((r) => pyramidRowSchema.parse({...r, band: bandLabel(Number(r.age_start), r.age_end === null ? null : Number(r.age_end))}));
}

// ---------------------------------------------------------------- age groups

export {CENSUS_AGE_GROUPS};

export const ageGroupRowSchema = z.object({
  geography: placeGeographySchema,
  code: z.string(),
  name: z.string(),
  group: z.enum(CENSUS_AGE_GROUPS.map((g) => g.label) as [string, ...string[]]),
  population: z.number().int().nonnegative(),
  share: z.number().min(0).max(1)
});
export type AgeGroupRow = z.infer<typeof ageGroupRowSchema>;

/** Census 2021 usual residents in six age groups, for the area and England, with shares. */
export async function ageGroups(conn: DuckDBConnection, config: SnaConfig): Promise<AgeGroupRow[]> {
  const u = await placeUnits(conn, config);
  const rows = [...(await queryRows(conn, ageGroupsSql(u.area, u.areaLsoa))), ...(await queryRows(conn, ageGroupsSql(u.england, u.englandLsoa)))];
  return z.array(ageGroupRowSchema).parse(withoutOrd(rows));
}

// ---------------------------------------------------------------- per-LSOA profile and risk factors

const domainColumns = IMD_DOMAINS.flatMap((d) => [`${d.key}_score`, `${d.key}_rank`, `${d.key}_decile`]);
const lsoaShape = Object.fromEntries(IMD_DOMAINS.flatMap((d) => [
  [`${d.key}_score`, z.number()], [`${d.key}_rank`, z.number().int().positive()], [`${d.key}_decile`, z.number().int().min(1).max(10)]
])) as Record<string, z.ZodNumber>;

export const lsoaRiskFactorsSchema = z.object({
  lsoa21_code: z.string().regex(/^E01\d{6}$/),
  lsoa21_name: z.string(),
  lad_code: z.string(),
  lad_name: z.string(),
  population: z.number().int().nonnegative(),
  aged_0_15: z.number().int().nonnegative(),
  aged_16_24: z.number().int().nonnegative(),
  share_0_15: z.number().min(0).max(1),
  share_16_24: z.number().min(0).max(1),
  ...Object.fromEntries(ETHNIC_GROUPS.map((g) => [`share_${g.key}`, z.number().min(0).max(1)])),
  share_non_white: z.number().min(0).max(1),
  ruc_code: z.string(),
  ruc_name: z.string(),
  urban: z.boolean(),
  ruc_mixed: z.boolean(),
  ...lsoaShape
});
export type LsoaRiskFactors = z.infer<typeof lsoaRiskFactorsSchema>;

/** Every LSOA 2021 of the area: Census 2021 age and ethnic shares, RUC class, IMD 2025 score/rank/decile and domains. */
export async function lsoaRiskFactors(conn: DuckDBConnection, config: SnaConfig): Promise<LsoaRiskFactors[]> {
  const units = await areaUnits(conn, config);
  const rows = await queryRows(conn, `
    WITH u AS (${units})
    SELECT l.lsoa21_code, l.lsoa21_name, l.lad_code, l.lad_name, p.population, p.aged_0_15, p.aged_16_24,
      p.aged_0_15 / p.population AS share_0_15, p.aged_16_24 / p.population AS share_16_24,
      ${ETHNIC_GROUPS.map((g) => `e.${g.key} / e.population AS share_${g.key}`).join(", ")}, 1 - e.white / e.population AS share_non_white,
      r.ruc_code, r.ruc_name, r.urban, r.ruc_mixed, ${domainColumns.map((c) => `i.${c}`).join(", ")}
    FROM u JOIN lsoa21 l USING (lsoa21_code) JOIN lsoa21_population p USING (lsoa21_code) JOIN lsoa21_ethnicity e USING (lsoa21_code)
    JOIN lsoa21_ruc r USING (lsoa21_code) JOIN imd2025_domains i USING (lsoa21_code)
    ORDER BY l.lsoa21_code`);
  return z.array(lsoaRiskFactorsSchema).parse(rows);
}

export const districtRiskFactorsSchema = unitFactorsSchema.extend({level: z.enum(["district", "area", "england"])});
export type DistrictRiskFactors = z.infer<typeof districtRiskFactorsSchema>;

/**
 * Risk factors for each district of the partnership, the partnership as a whole (omitted when it is a single district
 * with the area's code) and England: population-weighted IMD 2025 and domain scores, age and ethnic shares, share urban.
 */
export async function districtRiskFactors(conn: DuckDBConnection, config: SnaConfig): Promise<DistrictRiskFactors[]> {
  const area = await unitFactors(conn, await areaUnits(conn, config));
  const districts = await unitFactors(conn, `SELECT lsoa21_code, lad_code AS unit_code, lad_name AS unit_name FROM lsoa21 WHERE lad_code IN (${sqlList(config.districts.map((d) => d.code))})`);
  const england = await unitFactors(conn, ENGLAND_UNITS);
  const tag = (level: DistrictRiskFactors["level"]) => (f: UnitFactors): DistrictRiskFactors => ({...f, level});
  const areaIsDistrict = districts.length === 1 && districts[0]!.code === config.area.code;
  return [...districts.map(tag("district")), ...(areaIsDistrict ? [] : area.map(tag("area"))), ...england.map(tag("england"))];
}

// ---------------------------------------------------------------- ethnicity

export const ethnicityRowSchema = z.object({
  geography: placeGeographySchema,
  code: z.string(),
  name: z.string(),
  group: z.enum(ETHNIC_GROUPS.map((g) => g.key) as [string, ...string[]]),
  label: z.string(),
  population: z.number().int().nonnegative(),
  share: z.number().min(0).max(1)
});
export type EthnicityRow = z.infer<typeof ethnicityRowSchema>;

/** Census 2021 TS021 usual residents in the five high-level ethnic groups, area and England. */
export async function ethnicityProfile(conn: DuckDBConnection, config: SnaConfig): Promise<EthnicityRow[]> {
  const u = await placeUnits(conn, config);
  const rows = [...(await queryRows(conn, ethnicitySql(u.area, u.areaLsoa))), ...(await queryRows(conn, ethnicitySql(u.england, u.englandLsoa)))];
  return z.array(ethnicityRowSchema).parse(withoutOrd(rows));
}

// ---------------------------------------------------------------- deprivation

export const imdDecileRowSchema = z.object({
  domain: z.enum(IMD_DOMAINS.map((d) => d.key) as [string, ...string[]]),
  domain_label: z.string(),
  decile: z.number().int().min(1).max(10),
  lsoas: z.number().int().nonnegative(),
  population: z.number().int().nonnegative(),
  share_lsoas: z.number().min(0).max(1),
  share_population: z.number().min(0).max(1),
  /** England's share of residents living in LSOAs of this decile (about 10% by construction of deciles of LSOAs). */
  england_share_population: z.number().min(0).max(1)
});
export type ImdDecileRow = z.infer<typeof imdDecileRowSchema>;

/** England's share of residents (Census 2021) living in LSOAs of each decile of the IMD and of each domain, keyed "domain decile". */
export async function imdEnglandShares(conn: DuckDBConnection): Promise<Map<string, number>> {
  const rows = await queryRows<{domain: string; decile: number; share: number}>(conn, IMD_DOMAINS.map((d) => `
    SELECT '${d.key}' AS domain, ${d.key}_decile AS decile, sum(p.population) / (SELECT sum(p.population) FROM imd2025_domains i JOIN lsoa21_population p USING (lsoa21_code)) AS share
    FROM imd2025_domains i JOIN lsoa21_population p USING (lsoa21_code) GROUP BY ALL`).join(" UNION ALL "));
  return new Map(rows.map((r) => [`${r.domain} ${Number(r.decile)}`, Number(r.share)]));
}

/** The decile rows with England's share beside each (components/sql/place.ts leaves it to the build, which has England). */
export const withEnglandShares = <T extends {domain: string; decile: number}>(rows: readonly T[], england: ReadonlyMap<string, number>) =>
  rows.map((r) => ({...r, england_share_population: england.get(`${r.domain} ${Number(r.decile)}`) ?? 0}));

/**
 * The area's LSOAs and residents by IMD 2025 decile (1 = most deprived 10% in England), for the IMD and each of the
 * 7 domains (`domain` "imd" is the overall index); every decile is present, with zeros where the area has none.
 */
export async function imdDecileProfile(conn: DuckDBConnection, config: SnaConfig): Promise<ImdDecileRow[]> {
  const u = await placeUnits(conn, config);
  const england = await imdEnglandShares(conn);
  const rows = await queryRows<{domain: string; decile: number; ord: number}>(conn, imdDecilesSql(u.area, u.areaLsoa));
  return z.array(imdDecileRowSchema).parse(withEnglandShares(withoutOrd(rows), england));
}

export const imd2019RowSchema = z.object({
  lsoa11_code: z.string().regex(/^E01\d{6}$/),
  lad19_code: z.string(),
  ...Object.fromEntries(IMD_DOMAINS.flatMap((d) => [[`${d.key}_rank`, z.number().int().positive()], [`${d.key}_decile`, z.number().int().min(1).max(10)]]))
});
export type Imd2019Row = z.infer<typeof imd2019RowSchema>;

/**
 * IoD2019 ranks and deciles of the area's 2011 LSOAs, for data coded to 2011 LSOAs. A 2011 LSOA belongs to the area
 * when any of its 2021 successors lies in one of the area's districts (2011 LSOAs nest in districts, so this is exact
 * except where a district boundary itself moved).
 */
export async function imd2019ByLsoa11(conn: DuckDBConnection, config: SnaConfig): Promise<Imd2019Row[]> {
  const units = await areaUnits(conn, config);
  const rows = await queryRows(conn, `
    WITH u AS (${units}), l11 AS (SELECT DISTINCT x.lsoa11_code FROM lsoa11_to_21 x JOIN u USING (lsoa21_code))
    SELECT i.* FROM imd2019 i JOIN l11 USING (lsoa11_code) ORDER BY lsoa11_code`);
  return z.array(imd2019RowSchema).parse(rows);
}

// ---------------------------------------------------------------- rural-urban

export const ruralUrbanRowSchema = z.object({
  geography: placeGeographySchema,
  code: z.string(),
  name: z.string(),
  ruc_code: z.enum(RUC2011_CLASSES.map((c) => c.code) as [string, ...string[]]),
  ruc_name: z.string(),
  urban: z.boolean(),
  lsoas: z.number().int().nonnegative(),
  population: z.number().int().nonnegative(),
  share_population: z.number().min(0).max(1)
});
export type RuralUrbanRow = z.infer<typeof ruralUrbanRowSchema>;

/** LSOAs and Census 2021 residents by RUC2011 class (carried to 2021 LSOAs), area and England; all 8 classes listed. */
export async function ruralUrbanProfile(conn: DuckDBConnection, config: SnaConfig): Promise<RuralUrbanRow[]> {
  const u = await placeUnits(conn, config);
  const rows = [...(await queryRows(conn, ruralUrbanSql(u.area, u.areaLsoa))), ...(await queryRows(conn, ruralUrbanSql(u.england, u.englandLsoa)))];
  return z.array(ruralUrbanRowSchema).parse(withoutOrd(rows));
}
