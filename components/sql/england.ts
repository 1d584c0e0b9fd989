/**
 * The Benchmarking chapter's funnel of English districts, defined once for the build (loaders/prepare/prepare.ts,
 * Node DuckDB) and for the live chapter in the browser (src/benchmarking.md, DuckDB-WASM): the SQL text for a
 * reader's months and crime types, and the function that turns its rows into rates with CIs, or a reason for none.
 *
 * The SQL reads three tables that exist under these names in both places (and in Explore):
 * - england_district_month_type (lad_code, month, crime_type, count): police.uk records of the England set, by the
 *   district their LSOA lies in; non-zero cells. Shipped as england-district-month-type.csv;
 * - england_force_months (force_id, month): the months of the set each force published;
 * - england_districts (lad_code, lad_name, region_name, force_id, force_name, population, …): every English district
 *   with its force and Census 2021 residents (the build's own table, whose other columns the SQL does not read).
 * No imports but the statistics: the browser loads this module.
 */
import {sqlList, withRate} from "./violence.js";

/** A reader's choice for the funnel: the months of the England set and the crime types counted. */
export interface EnglandSelection {
  months: readonly string[];
  crimeTypes: readonly string[];
}

/** Count and coverage per English district for the months and types chosen; one row per district. */
export function englandDistrictSql(sel: EnglandSelection): string {
  const months = sqlList("month", sel.months);
  return `WITH sv AS (SELECT lad_code, sum(count) AS n FROM england_district_month_type
            WHERE crime_type IN (${sqlList("crime type", sel.crimeTypes)}) AND month IN (${months}) GROUP BY 1),
     cover AS (SELECT force_id, count(DISTINCT month) AS months_read FROM england_force_months
               WHERE month IN (${months}) GROUP BY 1)
SELECT d.lad_code, d.lad_name, d.region_name, d.force_id, d.force_name, d.population::INTEGER AS population,
       COALESCE(sv.n, 0)::INTEGER AS count, COALESCE(cover.months_read, 0)::INTEGER AS months_read
FROM england_districts d LEFT JOIN sv USING (lad_code) LEFT JOIN cover USING (force_id)
ORDER BY d.lad_name, d.lad_code`;
}

export interface EnglandCount {
  lad_code: string;
  lad_name: string;
  region_name: string;
  force_id: string;
  force_name: string;
  population: number;
  count: number;
  months_read: number;
}

/**
 * Rates per 1,000 residents over the months chosen. A district whose force did not publish every one of them gets
 * no rate (its count covers fewer months than the others', so it is not comparable) and a reason instead; it is left
 * out of the funnel. `partnership`: the districts highlighted (the area's, or the one a reader chose).
 */
export function englandRates(rows: readonly EnglandCount[], sel: EnglandSelection, partnership: ReadonlySet<string>) {
  const months = new Set(sel.months).size;
  return rows.map((r) => {
    const complete = r.months_read === months;
    const rated = withRate(r);
    return {
      ...rated,
      rate: complete ? rated.rate : null,
      lower: complete ? rated.lower : null,
      upper: complete ? rated.upper : null,
      ci_method: complete ? rated.ci_method : null,
      complete,
      partnership: partnership.has(r.lad_code),
      reason: complete ? "" : r.months_read ? `${r.force_name}: ${r.months_read} of ${months} months in the set` : `${r.force_name}: no month in the set`
    };
  });
}
