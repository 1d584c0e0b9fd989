/**
 * The Violence profile's tables, defined once for the build (loaders/prepare/violence-tables.ts, Node DuckDB) and for
 * the live chapter in the browser (components/live/violence.ts, DuckDB-WASM): the SQL text for a reader's selection
 * (districts, months, crime types) and the pure functions that turn its rows into rates, deciles, the concentration
 * curve and the headline (components/stats, the same functions on both sides).
 *
 * The SQL reads two tables that exist under these names in both places:
 * - lsoa_month_type (lsoa21_code, month, crime_type, count): police.uk records of the area's LSOAs, non-zero cells;
 *   the build creates it from its street rows (LSOA_MONTH_TYPE_SQL) and ships it as lsoa-month-type.arrow;
 * - area_lsoa (lsoa21_code, lsoa21_name, ward_name, lad_code, lad_name, population, imd_decile): the area's 2021 LSOAs;
 *   the build creates it from the ONS tables and ships those columns as area-lsoa.csv.
 * No imports but the statistics: the browser loads this module.
 */
import {rateCI} from "../stats/rate.js";
import {rateRatio} from "../stats/rate-ratio.js";
import type {AnalysisWindow, YearOnYear} from "./window.js";

/** What a reader chose: districts (codes), months ("YYYY-MM", those with data) and the crime types counted. */
export interface Selection {
  districts: readonly string[];
  months: readonly string[];
  crimeTypes: readonly string[];
}

export const PER = 1000;
export const LEVEL = 0.95;

export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** A non-empty SQL list; an empty one is refused, as `IN ()` would mean "nothing" silently (or not parse). */
export function sqlList(what: string, values: readonly string[]): string {
  if (!values.length) throw new Error(`The selection has no ${what}: choose at least one.`);
  return values.map(sqlString).join(", ");
}

/** Build only: the area's LSOA × month × type counts from the ingested street rows (`crimes`) and `area_lsoa`. */
export const LSOA_MONTH_TYPE_SQL = `SELECT c.lsoa21_code, c.month, c.crime_type, count(*)::INTEGER AS count
FROM crimes c JOIN area_lsoa a USING (lsoa21_code)
GROUP BY ALL ORDER BY ALL`;

/** The columns of area_lsoa that the chapter's SQL reads (and the build ships as area-lsoa.csv). */
export const AREA_LSOA_SQL = `SELECT lsoa21_code, lsoa21_name, ward_code, ward_name, lad_code, lad_name, population::INTEGER AS population, imd_decile::INTEGER AS imd_decile
FROM area_lsoa ORDER BY lsoa21_code`;

/**
 * area_monthly: records by month and crime type in the selected districts, for every month given (those with data:
 * zero only when the month has data) and every type the area's files hold.
 */
export function areaMonthlySql(districts: readonly string[], months: readonly string[]): string {
  return `WITH m(month) AS (SELECT unnest([${sqlList("month", months)}])),
     t(crime_type) AS (SELECT DISTINCT crime_type FROM lsoa_month_type),
     c AS (SELECT x.month, x.crime_type, sum(x.count) AS n
           FROM lsoa_month_type x JOIN area_lsoa a USING (lsoa21_code)
           WHERE a.lad_code IN (${sqlList("district", districts)})
           GROUP BY ALL)
SELECT m.month, t.crime_type, COALESCE(c.n, 0)::INTEGER AS count
FROM m CROSS JOIN t LEFT JOIN c USING (month, crime_type)
ORDER BY month, crime_type`;
}

/** lsoa_violence before ranking: serious violence per LSOA of the selected districts over the selected months. */
export function lsoaViolenceSql(sel: Selection): string {
  return `SELECT a.lsoa21_code, a.lsoa21_name, a.ward_name, a.lad_code, a.lad_name, a.population::INTEGER AS population,
       a.imd_decile::INTEGER AS imd_decile, COALESCE(sum(x.count), 0)::INTEGER AS count
FROM area_lsoa a LEFT JOIN lsoa_month_type x ON x.lsoa21_code = a.lsoa21_code
  AND x.crime_type IN (${sqlList("crime type", sel.crimeTypes)})
  AND x.month IN (${sqlList("month", sel.months)})
WHERE a.lad_code IN (${sqlList("district", sel.districts)})
GROUP BY ALL
ORDER BY count DESC, a.lsoa21_code`;
}

const round = (x: number, dp = 3) => Math.round(x * 10 ** dp) / 10 ** dp;

/** Adds value/lower/upper per 1,000 (rounded for display files; exact figures stay reproducible from counts). */
export function withRate<T extends {count: number; population: number}>(row: T) {
  const ci = rateCI(row.count, row.population, PER, LEVEL);
  return {...row, rate: round(ci.value), lower: round(ci.lower), upper: round(ci.upper), ci_method: ci.method};
}

export interface LsoaCount {
  lsoa21_code: string;
  lsoa21_name: string;
  ward_name: string | null;
  lad_code: string;
  lad_name: string;
  population: number;
  imd_decile: number | null;
  count: number;
}

/** The rows of lsoaViolenceSql ranked (1 = most records) with their rates and CIs: the lsoa_violence table. */
export function rankLsoas<T extends LsoaCount>(rows: readonly T[]) {
  return rows.map((r, i) => ({rank: i + 1, ...withRate(r)}));
}

/** Serious violence by IMD 2025 decile of the LSOAs (1 = most deprived 10% in England). */
export function violenceByImdDecile(lsoas: readonly {imd_decile: number | null; count: number; population: number}[]) {
  const groups = new Map<number, {count: number; population: number; lsoas: number}>();
  for (const l of lsoas) {
    if (l.imd_decile == null) continue;
    const g = groups.get(l.imd_decile) ?? {count: 0, population: 0, lsoas: 0};
    g.count += l.count;
    g.population += l.population;
    g.lsoas += 1;
    groups.set(l.imd_decile, g);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([imd_decile, g]) => withRate({imd_decile, ...g}));
}

/** Share of serious violence in the top x% of LSOAs, and the cumulative curve (LSOAs sorted by count). */
export function concentration(lsoas: readonly {count: number}[]) {
  const counts = lsoas.map((l) => l.count).sort((a, b) => b - a);
  const total = counts.reduce((s, c) => s + c, 0);
  let running = 0;
  const curve = counts.map((c, i) => {
    running += c;
    return {share_of_areas: round((i + 1) / counts.length, 5), share_of_crimes: total ? round(running / total, 5) : 0};
  });
  const topShare = (fraction: number) => {
    const n = Math.max(1, Math.round(counts.length * fraction));
    return {lsoas: n, crimes: counts.slice(0, n).reduce((s, c) => s + c, 0), share: total ? round(counts.slice(0, n).reduce((s, c) => s + c, 0) / total, 4) : 0};
  };
  return {total, lsoas: counts.length, top5: topShare(0.05), top10: topShare(0.1), curve};
}

/**
 * The headline: serious violence over the window with its rate and CI, by type, and the change against the same
 * months a year earlier as a rate ratio with its CI (null where no month of the window has its year-earlier month).
 * `monthly` holds area_monthly's rows for the selection; `lsoas` the selection's LSOAs (their residents).
 */
export function headlineFrom(
  monthly: readonly {month: string; crime_type: string; count: number}[],
  lsoas: readonly {population: number}[],
  crimeTypes: readonly string[],
  window: AnalysisWindow,
  yoy: YearOnYear
) {
  const sv = new Set(crimeTypes);
  const count = (months: readonly string[]) => {
    const inMonths = new Set(months);
    return monthly.filter((m) => sv.has(m.crime_type) && inMonths.has(m.month)).reduce((s, m) => s + m.count, 0);
  };
  const population = lsoas.reduce((s, l) => s + l.population, 0);
  const inWindow = new Set(window.available);
  const byTypeCounts = new Map<string, number>();
  for (const m of monthly) if (sv.has(m.crime_type) && inWindow.has(m.month) && m.count) byTypeCounts.set(m.crime_type, (byTypeCounts.get(m.crime_type) ?? 0) + m.count);
  const byType = [...byTypeCounts].map(([crime_type, n]) => ({crime_type, count: n})).sort((a, b) => b.count - a.count || a.crime_type.localeCompare(b.crime_type));
  const current = yoy.current.length ? count(yoy.current) : null;
  const previous = yoy.previous.length ? count(yoy.previous) : null;
  // Same residents in both periods (Census 2021), so the rate ratio is the ratio of counts over equal months.
  const change = current != null && previous != null && previous + current > 0 ? {current, previous, ...rateRatio(current, population, previous, population, LEVEL)} : null;
  return {lsoas: lsoas.length, ...withRate({count: count(window.available), population}), byType: byType.map((t) => withRate({...t, population})), change, monthsCompared: yoy};
}
