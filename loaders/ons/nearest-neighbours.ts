/**
 * "Similar areas" computed offline from ONS and MHCLG data, for when the CIPFA nearest neighbours (Fingertips, at
 * refresh) are not at hand, and as a transparent second opinion on them.
 *
 * Method. Every English area of the same tier as the partnership is described by eight variables that the Serious
 * Violence Duty guidance and the violence literature tie to violence and that CIPFA-style models use: the IMD 2025
 * average score and its income, employment and crime domain scores (population-weighted means of LSOA scores,
 * Census 2021 weights), the share of residents aged 16–24 (Census 2021), population density (log10 of residents per
 * km², ONS mid-2020 estimates and land area), the share living in urban LSOAs (RUC2011 on 2021 LSOAs) and the share
 * of residents not in the White ethnic groups (Census 2021; without it, dense provincial cities such as Plymouth match
 * inner-London boroughs of similar density and deprivation but a very different population, as the ONS area
 * classification for local authorities also recognises). Each
 * variable is standardised to a z-score over the candidate set (the partnership included; population standard
 * deviation), and the distance between two areas is the Euclidean distance between their z-score vectors (every
 * variable weighted equally unless weights are given). The N areas with the smallest distance are the neighbours;
 * ties are broken by area code so the list is deterministic. Density enters as a logarithm because it spans three
 * orders of magnitude (rural counties to inner London).
 *
 * Tier. A county or unitary partnership is compared with England's upper-tier authorities (counties built from their
 * districts, unitaries, metropolitan districts and London boroughs: Fingertips' "Counties and UAs"); a district
 * partnership with all lower-tier districts (tier "lower"). The partnership itself is always the sum of its configured
 * districts, and every candidate that shares a district with it is left out.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {z} from "zod";
import type {SnaConfig} from "../config/schema.ts";
import {queryRows, sqlList, sqlString} from "../duckdb.ts";
import {unitFactors, type UnitFactors} from "./factors.ts";

export const NN_VARIABLES = [
  {key: "imd_score", label: "IMD 2025 average score", source: "MHCLG IoD2025, population-weighted (Census 2021)"},
  {key: "income_score", label: "Income deprivation (IoD2025 domain score)", source: "MHCLG IoD2025"},
  {key: "employment_score", label: "Employment deprivation (IoD2025 domain score)", source: "MHCLG IoD2025"},
  {key: "crime_score", label: "Crime (IoD2025 domain score)", source: "MHCLG IoD2025"},
  {key: "share_16_24", label: "Share of residents aged 16–24", source: "ONS Census 2021"},
  {key: "log10_density", label: "Population density (log10 residents per km²)", source: "ONS mid-2020 estimates (MYE 5)"},
  {key: "share_urban", label: "Share of residents in urban LSOAs", source: "ONS RUC2011 on 2021 LSOAs, Census 2021"},
  {key: "share_non_white", label: "Share of residents not in the White ethnic groups", source: "ONS Census 2021 TS021"}
] as const;
export type NnVariable = (typeof NN_VARIABLES)[number]["key"];

export const nnTierSchema = z.enum(["upper", "lower"]);
export type NnTier = z.infer<typeof nnTierSchema>;

const valuesSchema = z.object(Object.fromEntries(NN_VARIABLES.map((v) => [v.key, z.number()])) as Record<NnVariable, z.ZodNumber>);

export const nnAreaSchema = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int().positive(),
  values: valuesSchema,
  z: valuesSchema
});
export type NnArea = z.infer<typeof nnAreaSchema>;

export const nnNeighbourSchema = nnAreaSchema.extend({rank: z.number().int().positive(), distance: z.number().nonnegative()});
export type NnNeighbour = z.infer<typeof nnNeighbourSchema>;

export const nnResultSchema = z.object({
  method: z.string(),
  tier: nnTierSchema,
  candidates: z.number().int().positive(),
  variables: z.array(z.object({key: z.string(), label: z.string(), source: z.string(), weight: z.number(), mean: z.number(), sd: z.number().positive()})),
  area: nnAreaSchema,
  neighbours: z.array(nnNeighbourSchema)
});
export type NnResult = z.infer<typeof nnResultSchema>;

export interface NnOptions {
  /** How many neighbours (default 15, as CIPFA's lists). */
  n?: number;
  /** Default: "lower" for a district partnership, else "upper". */
  tier?: NnTier;
  /** Weight per variable (default 1 each); 0 leaves a variable out. */
  weights?: Partial<Record<NnVariable, number>>;
}

export const NN_METHOD =
  "Euclidean distance between z-scores (over the candidate set) of IMD 2025 average score, income, employment and crime domain scores, share aged 16–24, log10 population density, share urban and share non-White";

/** The default tier for the partnership's kind. */
export const defaultTier = (config: SnaConfig): NnTier => (config.area.kind === "district" ? "lower" : "upper");

/** English 2021 LSOAs grouped into the candidate units of a tier, with the districts each unit is made of. */
function tierUnitsSql(tier: NnTier): string {
  return tier === "upper"
    ? `SELECT s.lsoa21_code, l.utla_code AS unit_code, l.utla_name AS unit_name, l.lad_code FROM lsoa21 s JOIN lad l ON l.lad_code = s.lad_code WHERE s.lsoa21_code LIKE 'E01%'`
    : `SELECT s.lsoa21_code, l.lad_code AS unit_code, l.lad_name AS unit_name, l.lad_code FROM lsoa21 s JOIN lad l ON l.lad_code = s.lad_code WHERE s.lsoa21_code LIKE 'E01%'`;
}

/** log10 density per unit from MYE 5 (mid-2020 population and land area), districts mapped to their 2024 successors. */
async function densities(conn: DuckDBConnection, unitsSql: string): Promise<Map<string, number>> {
  const rows = await queryRows<{unit_code: string; density: number}>(conn, `
    WITH u AS (SELECT DISTINCT unit_code, lad_code FROM (${unitsSql})),
    d AS (SELECT s.lad_code, sum(m.area_sq_km) AS area, sum(m.population) AS population
          FROM mye_area m JOIN lad_successor s ON s.old_code = m.code GROUP BY s.lad_code)
    SELECT u.unit_code, sum(d.population) / sum(d.area) AS density, count(d.lad_code) AS found, count(*) AS districts
    FROM u LEFT JOIN d USING (lad_code) GROUP BY u.unit_code`);
  const out = new Map<string, number>();
  for (const r of rows as (typeof rows[number] & {found: number; districts: number})[]) {
    if (r.found !== r.districts) throw new Error(`mid-2020 land area (MYE 5) is missing for a district of ${r.unit_code}; restore data/snapshot/ons/population/mye2020_area_lad.csv from git.`);
    out.set(r.unit_code, Math.log10(r.density));
  }
  return out;
}

const toValues = (f: UnitFactors, density: number): Record<NnVariable, number> => ({
  imd_score: f.imd_score, income_score: f.income_score, employment_score: f.employment_score, crime_score: f.crime_score,
  share_16_24: f.share_16_24, log10_density: density, share_urban: f.share_urban, share_non_white: f.share_non_white
});

/** The n English areas of the partnership's tier most similar to it on the ONS variables above, nearest first. */
export async function nearestNeighbours(conn: DuckDBConnection, config: SnaConfig, opts: NnOptions = {}): Promise<NnResult> {
  const n = opts.n ?? 15;
  if (!Number.isInteger(n) || n < 1) throw new Error(`nearest neighbours: n must be a whole number of at least 1 (got ${n}).`);
  const tier = opts.tier ?? defaultTier(config);
  const weights = Object.fromEntries(NN_VARIABLES.map((v) => [v.key, opts.weights?.[v.key] ?? 1])) as Record<NnVariable, number>;
  if (Object.values(weights).some((w) => !(w >= 0)) || Object.values(weights).every((w) => w === 0)) {
    throw new Error("nearest neighbours: weights must be 0 or more, and at least one must be above 0.");
  }
  const districts = config.districts.map((d) => d.code);

  const candidatesSql = `WITH t AS (${tierUnitsSql(tier)}) SELECT * FROM t WHERE unit_code NOT IN (SELECT unit_code FROM t WHERE lad_code IN (${sqlList(districts)}) OR unit_code = ${sqlString(config.area.code)})`;
  const areaSql = `SELECT s.lsoa21_code, ${sqlString(config.area.code)} AS unit_code, ${sqlString(config.area.name)} AS unit_name, s.lad_code FROM lsoa21 s WHERE s.lad_code IN (${sqlList(districts)})`;
  const [areaF] = await unitFactors(conn, areaSql);
  if (!areaF) throw new Error(`nearest neighbours: no 2021 LSOA lies in the districts of sna.config.ts (${districts.join(", ")}); use current (2024) district codes.`);
  const candF = await unitFactors(conn, candidatesSql);
  if (candF.length < n) throw new Error(`nearest neighbours: only ${candF.length} ${tier}-tier areas to compare with, fewer than the ${n} asked for.`);
  const density = new Map([...(await densities(conn, areaSql)), ...(await densities(conn, candidatesSql))]);

  const all = [areaF, ...candF].map((f) => ({f, values: toValues(f, density.get(f.code)!)}));
  const stats = NN_VARIABLES.map((v) => {
    const xs = all.map((a) => a.values[v.key]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    if (!(sd > 0)) throw new Error(`nearest neighbours: variable ${v.key} does not vary across the ${xs.length} areas, so it cannot be standardised.`);
    return {...v, weight: weights[v.key], mean, sd};
  });
  const zOf = (values: Record<NnVariable, number>) => Object.fromEntries(stats.map((s) => [s.key, (values[s.key] - s.mean) / s.sd])) as Record<NnVariable, number>;
  const area: NnArea = {code: areaF.code, name: areaF.name, population: areaF.population, values: all[0]!.values, z: zOf(all[0]!.values)};
  const ranked = all.slice(1)
    .map(({f, values}) => {
      const z = zOf(values);
      const distance = Math.sqrt(stats.reduce((s, v) => s + v.weight * (z[v.key] - area.z[v.key]) ** 2, 0));
      return {code: f.code, name: f.name, population: f.population, values, z, distance};
    })
    .sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code))
    .slice(0, n)
    .map((r, i) => ({...r, rank: i + 1}));
  return nnResultSchema.parse({method: NN_METHOD, tier, candidates: candF.length, variables: stats, area, neighbours: ranked});
}
