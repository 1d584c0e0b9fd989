/**
 * The Place and population chapter's tables for one geography (the partnership, one of its districts, or England), as
 * SQL over two tables in one shape:
 * - place_lsoa: one row per LSOA 2021 with its district, Census 2021 residents in six age groups and in five ethnic
 *   groups, the IMD 2025 decile of the index and of each domain, and its rural-urban class;
 * - place_mye: ONS mid-2020 estimates by district (2024 code), sex and single year of age (90 = 90+).
 * The build runs this text in Node DuckDB over the partnership's rows and England's (loaders/ons/place.ts); the page
 * runs the same text in DuckDB-WASM over the build's place-lsoa.csv and place-mye.csv for the district a reader
 * chooses (src/place.md). Methods: loaders/ons/place.ts.
 */
import {ENGLAND} from "../constants.js";
import {sqlList, sqlString} from "./violence.js";

/** The last single year of the mid-year estimates: 90 stands for 90 and over. */
export const MYE_OPEN_AGE = 90;

/** Census 2021 age groups: column of place_lsoa and the label shown. */
export const CENSUS_AGE_GROUPS = [
  {key: "aged_0_15", label: "0–15"},
  {key: "aged_16_24", label: "16–24"},
  {key: "aged_25_34", label: "25–34"},
  {key: "aged_35_49", label: "35–49"},
  {key: "aged_50_64", label: "50–64"},
  {key: "aged_65_plus", label: "65+"}
] as const;

/** The IMD and its seven domains: key used in column names, the MHCLG column stem, and the label to show. */
export const IMD_DOMAINS = [
  {key: "imd", stem: "IMD", label: "Index of Multiple Deprivation"},
  {key: "income", stem: "Income", label: "Income"},
  {key: "employment", stem: "Employment", label: "Employment"},
  {key: "education", stem: "Education", label: "Education, skills and training"},
  {key: "health", stem: "Health", label: "Health deprivation and disability"},
  {key: "crime", stem: "Crime", label: "Crime"},
  {key: "housing", stem: "Housing_and_Services", label: "Barriers to housing and services"},
  {key: "environment", stem: "Environment", label: "Living environment"}
] as const;
export type ImdDomainKey = (typeof IMD_DOMAINS)[number]["key"];

/** Census 2021 TS021 high-level ethnic groups: column key and the ONS label. */
export const ETHNIC_GROUPS = [
  {key: "asian", label: "Asian, Asian British or Asian Welsh"},
  {key: "black", label: "Black, Black British, Black Welsh, Caribbean or African"},
  {key: "mixed", label: "Mixed or Multiple ethnic groups"},
  {key: "white", label: "White"},
  {key: "other", label: "Other ethnic group"}
] as const;
export type EthnicGroupKey = (typeof ETHNIC_GROUPS)[number]["key"];

/** RUC2011 classes (ONS codes) in order from most urban to most rural. */
export const RUC2011_CLASSES = [
  {code: "A1", label: "Urban major conurbation", urban: true},
  {code: "B1", label: "Urban minor conurbation", urban: true},
  {code: "C1", label: "Urban city and town", urban: true},
  {code: "C2", label: "Urban city and town in a sparse setting", urban: true},
  {code: "D1", label: "Rural town and fringe", urban: false},
  {code: "D2", label: "Rural town and fringe in a sparse setting", urban: false},
  {code: "E1", label: "Rural village and dispersed", urban: false},
  {code: "E2", label: "Rural village and dispersed in a sparse setting", urban: false}
] as const;

/** The geography a query is for: its rows are tagged "england" for England and "area" for the partnership or a district. */
export interface PlaceUnit {
  code: string;
  name: string;
  /** Codes of the districts whose rows it sums; null for every row of the table (England). */
  districts: readonly string[] | null;
}

const geography = (u: PlaceUnit) => (u.code === ENGLAND.code ? "'england'" : "'area'");
const head = (u: PlaceUnit) => `${geography(u)} AS geography, ${sqlString(u.code)} AS code, ${sqlString(u.name)} AS name`;
const rowsOf = (u: PlaceUnit, table: string) => (u.districts ? `SELECT * FROM ${table} WHERE lad_code IN (${sqlList("district", u.districts)})` : `SELECT * FROM ${table}`);

/** Residents by five-year band (`width` 5) or single year (1) and sex, each a share of the geography's residents. */
export function pyramidSql(u: PlaceUnit, width: 1 | 5 = 5, table = "place_mye"): string {
  const bandStart = `CASE WHEN age >= ${MYE_OPEN_AGE} THEN ${MYE_OPEN_AGE} ELSE age - age % ${width} END`;
  return `WITH banded AS (
  SELECT sex, ${bandStart} AS age_start, CAST(sum(population) AS BIGINT) AS population
  FROM (${rowsOf(u, table)}) GROUP BY ALL)
SELECT ${head(u)}, sex, age_start,
  CASE WHEN age_start >= ${MYE_OPEN_AGE} THEN NULL ELSE least(age_start + ${width} - 1, ${MYE_OPEN_AGE - 1}) END AS age_end,
  population, population / sum(population) OVER () AS share
FROM banded ORDER BY sex DESC, age_start`;
}

/** The band's label: "0–4", "85–89", "90+" (or the single year). */
export function bandLabel(start: number, end: number | null): string {
  return end === null ? `${start}+` : end === start ? String(start) : `${start}–${end}`;
}

/** Census 2021 residents in the six age groups, and each group's share. */
export function ageGroupsSql(u: PlaceUnit, table = "place_lsoa"): string {
  return `WITH t AS (SELECT ${CENSUS_AGE_GROUPS.map((g) => `sum(${g.key}) AS ${g.key}`).join(", ")}, sum(population) AS total FROM (${rowsOf(u, table)}))
${CENSUS_AGE_GROUPS.map((g, i) => `SELECT ${head(u)}, ${sqlString(g.label)} AS "group", CAST(${g.key} AS BIGINT) AS population, ${g.key} / total AS share, ${i} AS ord FROM t`).join("\nUNION ALL ")}
ORDER BY ord`;
}

/** Census 2021 TS021 residents in the five high-level ethnic groups, each a share of the table's own total. */
export function ethnicitySql(u: PlaceUnit, table = "place_lsoa"): string {
  return `WITH t AS (SELECT ${ETHNIC_GROUPS.map((g) => `sum(${g.key}) AS ${g.key}`).join(", ")}, sum(ethnic_total) AS total FROM (${rowsOf(u, table)}))
${ETHNIC_GROUPS.map((g, i) => `SELECT ${head(u)}, '${g.key}' AS "group", ${sqlString(g.label)} AS label, CAST(${g.key} AS BIGINT) AS population, ${g.key} / total AS share, ${i} AS ord FROM t`).join("\nUNION ALL ")}
ORDER BY ord`;
}

/**
 * LSOAs and residents in each IMD 2025 decile, for the index and each domain; every decile listed, zero where the
 * geography has none. England's own share of residents in each decile comes from the build (imdEnglandShares).
 */
export function imdDecilesSql(u: PlaceUnit, table = "place_lsoa"): string {
  const parts = IMD_DOMAINS.map((d, i) => `SELECT '${d.key}' AS domain, ${sqlString(d.label)} AS domain_label, ${i} AS ord, dec.decile,
  count(a.lsoa21_code) AS lsoas, CAST(coalesce(sum(a.population), 0) AS BIGINT) AS population,
  count(a.lsoa21_code) / (SELECT count(*) FROM area) AS share_lsoas,
  coalesce(sum(a.population), 0) / (SELECT sum(population) FROM area) AS share_population
FROM range(1, 11) dec(decile) LEFT JOIN area a ON a.${d.key}_decile = dec.decile GROUP BY ALL`);
  return `WITH area AS (SELECT * FROM (${rowsOf(u, table)}) WHERE imd_decile IS NOT NULL AND population IS NOT NULL)
${parts.join("\nUNION ALL ")}
ORDER BY ord, decile`;
}

/** LSOAs and residents in each of the eight rural-urban classes (all listed), each a share of the geography's residents. */
export function ruralUrbanSql(u: PlaceUnit, table = "place_lsoa"): string {
  const classes = RUC2011_CLASSES.map((c, i) => `(${sqlString(c.code)}, ${sqlString(c.label)}, ${c.urban}, ${i})`).join(", ");
  return `WITH cls(ruc_code, ruc_name, urban, ord) AS (VALUES ${classes}),
j AS (SELECT ruc_code, population FROM (${rowsOf(u, table)}) WHERE ruc_code IS NOT NULL AND population IS NOT NULL)
SELECT ${head(u)}, c.ruc_code, c.ruc_name, c.urban, count(j.ruc_code) AS lsoas, CAST(coalesce(sum(j.population), 0) AS BIGINT) AS population,
  coalesce(sum(j.population), 0) / (SELECT sum(population) FROM j) AS share_population, c.ord
FROM cls c LEFT JOIN j ON j.ruc_code = c.ruc_code
GROUP BY c.ruc_code, c.ruc_name, c.urban, c.ord
ORDER BY c.ord`;
}

/** The SQL of each of the chapter's tables for a geography: what the build and the page run, and Explore can run. */
export function placeSql(u: PlaceUnit) {
  return {pyramid: pyramidSql(u), ageGroups: ageGroupsSql(u), ethnicity: ethnicitySql(u), imdDeciles: imdDecilesSql(u), ruralUrban: ruralUrbanSql(u)};
}

/** Drops the `ord` column the queries sort by. */
export const withoutOrd = <T extends {ord?: unknown}>(rows: readonly T[]): Omit<T, "ord">[] => rows.map(({ord: _ord, ...r}) => r);
