/**
 * The official statistics tables of the build: police recorded crime by Community Safety Partnership (ONS Table C2),
 * homicide (ONS rates per million by force, 3-year rolling; counts by force from the police force area tables), and
 * knife or sharp instrument offences by force (Tables P4 and P5). The parsing is loaders/recorded-crime's; this module
 * selects the rows a partnership needs, adds rates and intervals (components/stats) and says which level each figure
 * exists at. Every table is in the registry (components/tables/registry.ts).
 *
 * Intervals: exact Poisson below 10 events, Byar above (components/stats/rate.ts), on counts ONS publishes. The
 * official counts are public statistics, not partner data: small ones are shown, never suppressed.
 */
import type {DuckDBConnection} from "@duckdb/node-api";
import {countCI, rateCI} from "../../components/stats/rate.js";
import type {Row} from "../../components/tables/registry.ts";
import type {TABLES} from "../../components/tables/registry.ts";
import type {SnaConfig} from "../config/schema.ts";
import {queryRows} from "../duckdb.ts";
import {readTableC2} from "../recorded-crime/c2-csp.ts";
import {forceRegions, pfaCodeOfForce, readHomicideRates} from "../recorded-crime/homicide-rates.ts";
import {englandCsps, loadC2Lookups, partnershipC2, sumCounts} from "../recorded-crime/partnership-c2.ts";
import {readPfaTables} from "../recorded-crime/pfa-tables.ts";
import {C2_OFFENCES, type C2Counts, type C2OffenceKey} from "../recorded-crime/schemas.ts";

/** The C2 offences the chapters show (Table C2 has 23; Explore's users can read the rest from the snapshot). */
export const C2_SHOWN: readonly C2OffenceKey[] = [
  "total_recorded_crime",
  "violence_against_the_person",
  "homicide",
  "violence_with_injury",
  "violence_without_injury",
  "stalking_and_harassment",
  "sexual_offences",
  "robbery",
  "possession_of_weapons_offences"
];

type CspRow = Row<typeof TABLES.csp_crime>;
type Level = "partnership" | "partnership CSP" | "similar area" | "force" | "England CSP";

function cspRows(base: {code: string; name: string; level: Level; pfa_code: string | null; pfa_name: string | null; population: number | null; population_note: string | null}, counts: C2Counts): CspRow[] {
  return C2_SHOWN.map((key) => {
    const count = counts[key];
    const r = count !== null && base.population ? rateCI(count, base.population, 1000) : null;
    return {
      area_code: base.code,
      area_name: base.name,
      level: base.level,
      pfa_code: base.pfa_code,
      pfa_name: base.pfa_name,
      offence: key,
      offence_label: C2_OFFENCES.find((o) => o.key === key)!.label,
      count,
      population: base.population,
      rate: r ? r.value : null,
      lower: r ? r.lower : null,
      upper: r ? r.upper : null,
      ci_method: r ? r.method : null,
      population_note: base.population_note,
      partnership: base.level === "partnership" || base.level === "partnership CSP"
    };
  });
}

/** The districts of each similar area (a unitary or county code, or a district code), from the ONS lookups. */
async function districtsOf(conn: DuckDBConnection, codes: readonly string[]): Promise<Map<string, string[]>> {
  if (!codes.length) return new Map();
  const rows = await queryRows<{code: string; lad_code: string}>(
    conn,
    `SELECT c.code, l.lad_code FROM (VALUES ${codes.map((c) => `('${c.replace(/'/g, "")}')`).join(", ")}) c(code) JOIN lad l ON l.lad_code = c.code OR l.utla_code = c.code`
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.code, [...(out.get(r.code) ?? []), r.lad_code]);
  return out;
}

export interface OfficialTables {
  cspCrime: CspRow[];
  homicideRates: Row<typeof TABLES.homicide_rates>[];
  homicideCounts: Row<typeof TABLES.homicide_counts>[];
  knifeSeries: Row<typeof TABLES.knife_series>[];
  knifeByOffence: Row<typeof TABLES.knife_by_offence>[];
  /** For partnership.json: what the page says about levels, periods and coverage. */
  summary: {
    c2: {period: {start: string; end: string; label: string}; exact: boolean; notes: string[]; csps: {code: string; name: string; districts: string[]}[]; corrections: number; similarAreasLeftOut: string[]};
    forces: {id: string; name: string; pfa_code: string | null; region_code: string | null; region_name: string | null}[];
  };
}

/** Everything official for the partnership, from the snapshot. */
export async function officialTables(conn: DuckDBConnection, config: SnaConfig, snapshotDir: string, similar: readonly {code: string; name: string}[]): Promise<OfficialTables> {
  const c2 = readTableC2(snapshotDir);
  const lookups = await loadC2Lookups(snapshotDir);
  const districts = config.districts.map((d) => d.code);
  const mine = partnershipC2(c2, districts, lookups);
  const england = englandCsps(c2, lookups);
  const mineCodes = new Set(mine.csps.map((c) => c.csp_code));

  const cspCrime: CspRow[] = [
    ...cspRows({code: config.area.code, name: config.area.name, level: "partnership", pfa_code: null, pfa_name: null, population: mine.total.population, population_note: mine.exact ? null : mine.notes.join(" ")}, mine.total.counts),
    ...mine.csps.flatMap((c) => cspRows({code: c.csp_code, name: c.csp_name, level: "partnership CSP", pfa_code: c.pfa_code, pfa_name: c.pfa_name, population: c.population, population_note: c.population_note}, c.counts))
  ];
  // The most similar areas (ONS nearest neighbours), each as the sum of the CSPs that make it up exactly.
  const byArea = await districtsOf(conn, similar.map((s) => s.code));
  const similarAreasLeftOut: string[] = [];
  for (const s of similar) {
    const lads = byArea.get(s.code) ?? [];
    const csps = england.filter((c) => c.la_codes.some((l) => lads.includes(l)));
    const exact = lads.length > 0 && csps.every((c) => c.la_codes.every((l) => lads.includes(l)) && !c.la_codes_shared.length) && lads.every((l) => csps.some((c) => c.la_codes.includes(l)));
    if (!exact || csps.some((c) => c.population === null)) {
      similarAreasLeftOut.push(`${s.name}: its Community Safety Partnerships do not follow its 2024 districts`);
      continue;
    }
    const population = csps.reduce((sum, c) => sum + (c.population ?? 0), 0);
    cspCrime.push(...cspRows({code: s.code, name: s.name, level: "similar area", pfa_code: null, pfa_name: null, population, population_note: null}, sumCounts(csps)));
  }
  for (const f of c2.forceTotals.filter((t) => config.forces.some((cf) => pfaCodeOfForce(cf.id) === t.pfa_code))) {
    cspCrime.push(...cspRows({code: f.pfa_code, name: f.pfa_name, level: "force", pfa_code: f.pfa_code, pfa_name: f.pfa_name, population: null, population_note: "the force total includes records no CSP was assigned; no population is given for it here"}, f.counts));
  }
  // Every English CSP, the partnership's own included (flagged), for the funnel plot and ranks.
  for (const c of england) {
    cspCrime.push(...cspRows({code: c.csp_code, name: c.csp_name, level: "England CSP", pfa_code: c.pfa_code, pfa_name: c.pfa_name, population: c.population, population_note: c.population_note}, c.counts).map((r) => ({...r, partnership: mineCodes.has(c.csp_code)})));
  }

  // Homicide: the partnership's force(s), their region, England, England and Wales, and every other force for context.
  const regions = forceRegions(snapshotDir);
  const forces = config.forces.map((f) => {
    const pfa = pfaCodeOfForce(f.id) ?? null;
    const region = regions.find((r) => r.force_id === f.id);
    return {id: f.id, name: f.name, pfa_code: pfa, region_code: region?.region_code ?? null, region_name: region?.region_name ?? null};
  });
  const forceCodes = new Set(forces.map((f) => f.pfa_code));
  const regionCodes = new Set(forces.map((f) => f.region_code));
  const role = (code: string | null, type: string): string =>
    code && forceCodes.has(code) ? "partnership force" : code && regionCodes.has(code) ? "region" : code === "E92000001" ? "England" : code === "K04000001" ? "England and Wales" : type;
  const homicideRates = readHomicideRates(snapshotDir).map((h) => ({
    area_code: h.area_code,
    area_name: h.area_name,
    geography: h.geography,
    role: role(h.area_code, h.geography === "Police Force Area" ? "other force" : "other area"),
    period_start: h.period_start,
    period_end: h.period_end,
    label: h.label,
    rate_per_million: h.rate_per_million,
    status: h.status
  })).sort((a, b) => a.area_code.localeCompare(b.area_code) || a.period_start.localeCompare(b.period_start));

  const pfa = await readPfaTables(snapshotDir);
  const populationOf = (key: string, edition: string): {population: number | null; population_basis: string} | null => {
    const own = pfa.population.find((p) => p.area_key === key && p.edition === edition);
    if (own) return own;
    // ONS's totals "excluding Greater Manchester Police" have no row of their own in Table P3. From the YE September
    // 2019 edition the nation rows already leave Greater Manchester out (their footnote says so); before it, the
    // nation's population less Greater Manchester's, both from the same edition.
    const nation = key.startsWith("england-and-wales-excluding") ? "K04000001" : key.startsWith("england-excluding") ? "E92000001" : null;
    if (!nation) return null;
    const whole = pfa.population.find((p) => p.area_key === nation && p.edition === edition);
    if (!whole?.population) return null;
    if (edition >= "2019-09") return whole;
    const gmp = pfa.population.find((p) => p.force_id === "greater-manchester" && p.edition === edition);
    return gmp?.population ? {population: whole.population - gmp.population, population_basis: `${whole.population_basis}, less Greater Manchester`} : null;
  };
  const wanted = (r: {area_code: string | null; area_key: string}) => {
    const which = role(r.area_code, "");
    return which !== "" || r.area_key.startsWith("england-and-wales-excluding") || r.area_key.startsWith("england-excluding");
  };
  const homicideCounts = pfa.homicide.filter(wanted).map((h) => {
    const pop = populationOf(h.area_key, h.edition);
    const ci = h.count === null ? null : countCI(h.count);
    const rate = h.count !== null && pop?.population ? rateCI(h.count, pop.population, 1_000_000) : null;
    return {
      area_code: h.area_code,
      area_name: h.area_name,
      force_id: h.force_id,
      role: role(h.area_code, h.area_name),
      year_ending: h.year_ending,
      label: h.label,
      count: h.count,
      lower: ci ? ci.lower : null,
      upper: ci ? ci.upper : null,
      ci_method: ci ? ci.method : null,
      population: pop?.population ?? null,
      population_basis: pop?.population ? pop.population_basis : null,
      rate_per_million: rate ? rate.value : null,
      rate_lower: rate ? rate.lower : null,
      rate_upper: rate ? rate.upper : null,
      note: h.note
    };
  });
  const knifeSeries = pfa.knifeSeries.filter(wanted).map((k) => {
    // ONS gives a population only in the editions' own tables (P3): a rate for the years an edition ends, else none.
    const pop = populationOf(k.area_key, k.year_ending);
    const rate = k.count !== null && pop?.population ? rateCI(k.count, pop.population, 100_000) : null;
    return {
      area_code: k.area_code,
      area_name: k.area_name,
      area_type: k.area_type,
      force_id: k.force_id,
      role: role(k.area_code, k.area_name),
      year_ending: k.year_ending,
      label: k.label,
      period_kind: k.period_kind,
      count: k.count,
      pct_involving_knife: k.pct_involving_knife,
      population: pop?.population ?? null,
      population_basis: pop?.population ? pop.population_basis : null,
      rate_per_100k: rate ? rate.value : null,
      lower: rate ? rate.lower : null,
      upper: rate ? rate.upper : null,
      break_before: k.break_before,
      break_note: k.break_note,
      note: k.note
    };
  });
  const knifeByOffence = pfa.knifeByOffence.filter(wanted).map((k) => ({
    edition: k.edition,
    edition_label: k.edition_label,
    area_code: k.area_code,
    area_name: k.area_name,
    force_id: k.force_id,
    role: role(k.area_code, k.area_name),
    offence: k.offence,
    offence_label: k.offence_label,
    count: k.count,
    pct_involving_knife: k.pct_involving_knife,
    break_before: k.break_before,
    break_note: k.break_note
  }));

  return {
    cspCrime,
    homicideRates,
    homicideCounts,
    knifeSeries,
    knifeByOffence,
    summary: {
      c2: {period: c2.period, exact: mine.exact, notes: mine.notes, csps: mine.csps.map((c) => ({code: c.csp_code, name: c.csp_name, districts: c.la_codes_in_partnership})), corrections: c2.corrections.length, similarAreasLeftOut},
      forces
    }
  };
}
