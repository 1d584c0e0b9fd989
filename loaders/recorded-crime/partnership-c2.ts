/**
 * Table C2 for a partnership (its CSPs, summed) and for every English CSP (the funnel plot), with rates per 1,000.
 *
 * ONS's Table C2 gives counts only, no rates. The rates here are ours: per 1,000 usual residents at Census 2021 (ONS,
 * LSOA 2021 counts summed to 2024 districts with the snapshot's LSOA → LAD lookup, as loaders/ons/lookups.ts reads
 * them), summed over the CSP's districts. This is a stated choice: Census 2021 is the population the rest of the site
 * uses for area rates, not the mid-year estimate of the crime year. A CSP whose boundary is not whole 2024 districts
 * (Cumbria, Northamptonshire, Buckinghamshire and East Suffolk CSPs still follow pre-reorganisation districts;
 * Bournemouth, Poole and Dorset split Bournemouth, Christchurch and Poole) gets no population, so no rate, and says why.
 *
 * Matching districts to CSPs uses the ONS LAD → CSP → PFA (December 2024) lookup, not the file's Local Authority
 * code: combined CSPs name no code in the file (see c2-csp.ts).
 */
import {openDuckDB, queryRows} from "../duckdb.ts";
import {createLsoa21, createPopulation} from "../ons/lookups.ts";
import {
  C2_OFFENCES, partnershipC2Schema, c2CspWithRatesSchema,
  type C2Counts, type C2CspRow, type C2CspWithRates, type C2Rates, type C2Table, type PartnershipC2
} from "./schemas.ts";

/** What partnershipC2 and englandCsps need beside Table C2: Census 2021 usual residents by 2024 district. */
export type C2Lookups = {ladPopulation: ReadonlyMap<string, number>};

/** Census 2021 usual residents by 2024 district, from the snapshot's LSOA tables (loaders/ons/lookups.ts). */
export async function loadC2Lookups(snapshotDir: string): Promise<C2Lookups> {
  const conn = await openDuckDB();
  try {
    await createLsoa21(conn, snapshotDir);
    await createPopulation(conn, snapshotDir);
    const rows = await queryRows<{lad_code: string; population: number}>(conn,
      `SELECT l.lad_code, CAST(sum(p.population) AS BIGINT) AS population FROM lsoa21 l JOIN lsoa21_population p USING (lsoa21_code) GROUP BY l.lad_code`);
    return {ladPopulation: new Map(rows.map((r) => [r.lad_code, Number(r.population)]))};
  } finally {
    conn.closeSync();
  }
}

const rates = (counts: C2Counts, population: number | null): C2Rates =>
  Object.fromEntries(C2_OFFENCES.map(({key}) => {
    const n = counts[key];
    return [key, n === null || population === null ? null : (n / population) * 1000];
  })) as C2Rates;

/** A CSP with its population (sum of its districts; null with the reason when that is not its boundary) and rates. */
function withRates(csp: C2CspRow, lookups: C2Lookups): C2CspWithRates {
  let population: number | null = null;
  let population_note: string | null = null;
  const missing = csp.la_codes.filter((l) => !lookups.ladPopulation.has(l));
  if (csp.la_codes_shared.length) {
    population_note = `${csp.csp_name} covers part of ${csp.la_codes_shared.join(", ")} (shared with another CSP): no Census 2021 population on its boundary`;
  } else if (missing.length) {
    population_note = `no Census 2021 population for ${missing.join(", ")} in the snapshot (England only)`;
  } else {
    population = csp.la_codes.reduce((s, l) => s + (lookups.ladPopulation.get(l) ?? 0), 0);
  }
  return c2CspWithRatesSchema.parse({...csp, population, population_note, rates_per_1000: rates(csp.counts, population)});
}

/** Sums counts over rows; an offence is null if any row's count is null (unavailable is never read as 0). */
export function sumCounts(rows: readonly {counts: C2Counts}[]): C2Counts {
  return Object.fromEntries(C2_OFFENCES.map(({key}) => {
    const values = rows.map((r) => r.counts[key]);
    return [key, values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0)];
  })) as C2Counts;
}

/**
 * The CSPs covering a partnership given by its 2024 district codes (Plymouth: ["E06000026"]; Surrey: its 11
 * districts), each with its counts and rates, and their sum. A county sums its district CSPs and keeps each.
 * Throws when a district is in no CSP of the table (a wrong or outdated code). `exact` is false, with a note, when a
 * CSP reaches beyond the partnership's districts.
 */
export function partnershipC2(c2: C2Table, districtCodes: readonly string[], lookups: C2Lookups): PartnershipC2 {
  const csps = c2.csps.filter((c) => c.la_codes.some((l) => districtCodes.includes(l)));
  const uncovered = districtCodes.filter((d) => !csps.some((c) => c.la_codes.includes(d)));
  if (uncovered.length) {
    throw new Error(`District(s) ${uncovered.join(", ")} are in no CSP of ${c2.file} (via the ONS LAD → CSP lookup); use 2024 district codes (E06/E07/E08/E09) in the configuration's districts.`);
  }
  const notes: string[] = [];
  for (const c of csps) {
    const outside = c.la_codes.filter((l) => !districtCodes.includes(l));
    if (outside.length) notes.push(`${c.csp_name} (${c.csp_code}) also covers ${outside.join(", ")}, outside the partnership.`);
    if (c.la_codes_shared.some((l) => districtCodes.includes(l))) notes.push(`${c.csp_name} (${c.csp_code}) covers only part of ${c.la_codes_shared.join(", ")}.`);
  }
  const rows = csps.map((c) => ({...withRates(c, lookups), la_codes_in_partnership: c.la_codes.filter((l) => districtCodes.includes(l))}));
  const counts = sumCounts(rows);
  const population = rows.some((r) => r.population === null) ? null : rows.reduce((s, r) => s + (r.population ?? 0), 0);
  return partnershipC2Schema.parse({
    district_codes: [...districtCodes], period: c2.period, csps: rows,
    total: {counts, population, rates_per_1000: rates(counts, population)},
    exact: notes.length === 0, notes
  });
}

/** Every English CSP (code E22…) with its counts, Census 2021 population and rates per 1,000 (for the funnel plot). */
export function englandCsps(c2: C2Table, lookups: C2Lookups): C2CspWithRates[] {
  return c2.csps.filter((c) => c.csp_code.startsWith("E")).map((c) => withRates(c, lookups));
}
