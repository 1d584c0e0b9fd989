/**
 * Area-level risk factors aggregated from 2021 LSOAs, for any grouping of LSOAs into "units" (districts, counties,
 * the partnership, England). One SQL builder serves the Place and Risk factors records (place.ts) and the
 * nearest-neighbour comparison (nearest-neighbours.ts), so both use the same numbers.
 *
 * - IMD 2025 score and domain scores of a unit: the population-weighted mean of its LSOA scores (MHCLG's "average
 *   score" summary), weighted by Census 2021 usual residents. MHCLG weights by its own mid-year populations, so its
 *   published district averages differ from these in the first decimal place (tests/integration/ons-place.test.ts).
 * - Shares aged 0–15 and 16–24: Census 2021 age table; ethnic shares: Census 2021 TS021 (each over its own table's
 *   total, because ONS perturbs each table independently).
 * - Share urban: residents (Census 2021) of LSOAs whose RUC2011 class (carried to 2021 LSOAs, tables.ts) is urban.
 * Needs the tables of createPlaceTables (tables.ts).
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {z} from "zod";
import {queryRows} from "../duckdb.ts";
import {ETHNIC_GROUPS, IMD_DOMAINS} from "./tables.ts";

const share = z.number().min(0).max(1);
const domainScoreShape = Object.fromEntries(IMD_DOMAINS.map((d) => [`${d.key}_score`, z.number()])) as Record<`${(typeof IMD_DOMAINS)[number]["key"]}_score`, z.ZodNumber>;
const ethnicShape = Object.fromEntries(ETHNIC_GROUPS.map((g) => [`share_${g.key}`, share])) as Record<`share_${(typeof ETHNIC_GROUPS)[number]["key"]}`, typeof share>;

export const unitFactorsSchema = z.object({
  code: z.string(),
  name: z.string(),
  lsoas: z.number().int().positive(),
  /** Census 2021 usual residents (age table). */
  population: z.number().int().positive(),
  aged_0_15: z.number().int().nonnegative(),
  aged_16_24: z.number().int().nonnegative(),
  share_0_15: share,
  share_16_24: share,
  ...ethnicShape,
  share_non_white: share,
  share_urban: share,
  /** Share of the unit's LSOAs in England's most deprived IMD 2025 decile. */
  share_lsoas_imd_decile_1: share,
  ...domainScoreShape
});
export type UnitFactors = z.infer<typeof unitFactorsSchema>;

/**
 * Factors for each unit of `unitsSql`, a SELECT returning (lsoa21_code, unit_code, unit_name) for English LSOAs.
 * An LSOA must belong to one unit at most; units are returned sorted by code.
 */
export async function unitFactors(conn: DuckDBConnection, unitsSql: string): Promise<UnitFactors[]> {
  await assertComplete(conn, unitsSql);
  const ethnic = ETHNIC_GROUPS.map((g) => `sum(e.${g.key}) / sum(e.population) AS share_${g.key}`).join(", ");
  const scores = IMD_DOMAINS.map((d) => `sum(i.${d.key}_score * p.population) / sum(p.population) AS ${d.key}_score`).join(", ");
  const rows = await queryRows(conn, `
    WITH u AS (${unitsSql})
    SELECT u.unit_code AS code, any_value(u.unit_name) AS name, count(*) AS lsoas,
      CAST(sum(p.population) AS BIGINT) AS population, CAST(sum(p.aged_0_15) AS BIGINT) AS aged_0_15, CAST(sum(p.aged_16_24) AS BIGINT) AS aged_16_24,
      sum(p.aged_0_15) / sum(p.population) AS share_0_15, sum(p.aged_16_24) / sum(p.population) AS share_16_24,
      ${ethnic}, 1 - sum(e.white) / sum(e.population) AS share_non_white,
      coalesce(sum(p.population) FILTER (r.urban), 0) / sum(p.population) AS share_urban,
      count(*) FILTER (i.imd_decile = 1) / count(*) AS share_lsoas_imd_decile_1,
      ${scores}
    FROM u
    JOIN lsoa21_population p ON p.lsoa21_code = u.lsoa21_code
    JOIN lsoa21_ethnicity e ON e.lsoa21_code = u.lsoa21_code
    JOIN lsoa21_ruc r ON r.lsoa21_code = u.lsoa21_code
    JOIN imd2025_domains i ON i.lsoa21_code = u.lsoa21_code
    GROUP BY u.unit_code ORDER BY u.unit_code`);
  return z.array(unitFactorsSchema).parse(rows);
}

const LSOA_TABLES = ["lsoa21_population", "lsoa21_ethnicity", "lsoa21_ruc", "imd2025_domains"] as const;

/** Refuses a unit LSOA that a source table lacks, rather than silently leaving it out of the sums. */
async function assertComplete(conn: DuckDBConnection, unitsSql: string): Promise<void> {
  for (const t of LSOA_TABLES) {
    const missing = await queryRows<{lsoa21_code: string; unit_code: string}>(conn,
      `WITH u AS (${unitsSql}) SELECT u.lsoa21_code, u.unit_code FROM u ANTI JOIN ${t} x ON x.lsoa21_code = u.lsoa21_code LIMIT 1`);
    const m = missing[0];
    if (m) throw new Error(`LSOA ${m.lsoa21_code} (of ${m.unit_code}) is not in table ${t}: the snapshot's ONS files are out of step; restore data/snapshot from git.`);
  }
}
