/**
 * The DfE NEET, absence and SEND figures (loaders/dfe/neet.ts) as risk-factor indicators, in the shapes of the
 * Fingertips ones (loaders/prepare/risk-tables.ts): an indicator summary for indicators.json and value rows for
 * indicator-values.csv. The benchmarking rules (England's value, significance, spine peers) are
 * components/benchmarking's; this file only chooses denominators and rows.
 *
 * - Confidence intervals: DfE publishes none. We add Wilson 95% limits (components/stats/wilson.ts) on
 *   round(value% × cohort) of the cohort, and say so. The SEND subgroups' cohorts are estimated from DfE's published
 *   share of the cohort (1 dp); the absence measures have no denominator in the files, hence no interval.
 * - Every area in every year: England, the regions and every upper-tier authority (the spine and the tartan need
 *   them all), under today's code when the same area was recoded (North Yorkshire E10000023 → E06000065); a county
 *   since divided (Cumbria, Northamptonshire) keeps its old code and stands in for no successor.
 * - Years with no DfE file (2024) are gaps, listed as such, never rows of zeros. A measure DfE gives for England
 *   alone in a year (the 2021 file's SEND and absence columns) is not used for that year, and the gap says why.
 */
import type {Row, TABLES} from "../../components/tables/registry.ts";
import {
  ENGLAND_CODE,
  englandValueOf,
  peerTier,
  significanceOf,
  spineFor,
  spinePeers,
  tiersOfCode
} from "../../components/benchmarking/benchmarking.js";
import {proportionCI} from "../../components/stats/wilson.js";
import {recentTrend, TREND_POINTS} from "../../components/stats/trend.js";
import type {EcologicalLevel, IndicatorSet} from "../fingertips/indicator-set.ts";
import type {IndicatorSummary} from "../prepare/risk-tables.ts";
import {MISSING_CODE_NOTE, type NeetData, type NeetMeasure, type NeetRow} from "./neet.ts";

export const NEET_CI_METHOD = "confidence intervals: Wilson score on the 16–17 cohort, added by SNA Workbench; DfE publishes none";
const SUBGROUP_CI_METHOD =
  "confidence intervals: Wilson score on the subgroup's 16–17 cohort, estimated from DfE's published share of the cohort (1 dp), added by SNA Workbench; DfE publishes none";
const NO_CI_ABSENCE = "no confidence interval: DfE's file gives no pupil or session count for absence";

/** How an indicator's Wilson denominator is found: the whole cohort, a subgroup's share of it, or none. */
type Denominator = {kind: "cohort"} | {kind: "share"; share: NeetMeasure} | {kind: "none"; why: string};

export interface NeetIndicatorDef {
  /** Stable text id (the Fingertips ids are numbers; these never clash with them). */
  id: string;
  /** Short name for pages. */
  name: string;
  /** What is counted, in a sentence. */
  definition: string;
  measure: NeetMeasure;
  /** Only rows read from this DfE column (the persistent absence columns are two different measures). */
  column?: string;
  denominator: Denominator;
  ciMethod: string;
  /** The configured Fingertips indicator of the same kind: its WHO level is used, and this newer series supersedes it. */
  sameKindAs: number | null;
  /** WHO level when the configured set does not have `sameKindAs` (as the default set places NEET and absence). */
  defaultLevel: EcologicalLevel;
}

/** The indicators made from the DfE files. NEET and absence sit at the community level, as 93203 and 10301 do in the default set. */
export const NEET_INDICATORS: readonly NeetIndicatorDef[] = [
  {
    id: "dfe-neet-nk", name: "16–17 year olds NEET or activity not known (%)", measure: "neet_nk_pct",
    definition: "16 and 17 year olds known to the local authority who are not in education, employment or training, or whose activity is not known, as a share of the cohort (December–February average)",
    denominator: {kind: "cohort"}, ciMethod: NEET_CI_METHOD, sameKindAs: 93203, defaultLevel: "community"
  },
  {
    id: "dfe-neet", name: "16–17 year olds NEET (%)", measure: "neet_pct",
    definition: "16 and 17 year olds not in education, employment or training, as a share of the cohort (December–February average)",
    denominator: {kind: "cohort"}, ciMethod: NEET_CI_METHOD, sameKindAs: 93203, defaultLevel: "community"
  },
  {
    id: "dfe-neet-nk-ehcp", name: "NEET or not known, 16–17 year olds with an EHC plan (%)", measure: "neet_nk_send_ehcp_pct",
    definition: "16 and 17 year olds with an education, health and care plan who are NEET or whose activity is not known, as a share of those with a plan",
    denominator: {kind: "share", share: "cohort_send_ehcp_share_pct"}, ciMethod: SUBGROUP_CI_METHOD, sameKindAs: 93203, defaultLevel: "community"
  },
  {
    id: "dfe-neet-nk-sen-support", name: "NEET or not known, 16–17 year olds with SEN support (%)", measure: "neet_nk_send_support_pct",
    definition: "16 and 17 year olds with special educational needs support (no plan) who are NEET or whose activity is not known, as a share of that group",
    denominator: {kind: "share", share: "cohort_send_support_share_pct"}, ciMethod: SUBGROUP_CI_METHOD, sameKindAs: 93203, defaultLevel: "community"
  },
  {
    id: "dfe-persistent-absence", name: "Pupils persistently absent (% of pupils)", measure: "persistent_absence_pct", column: "enrolments_pa_10_exact_percent",
    definition: "pupil enrolments missing 10% or more of their possible sessions (DfE column enrolments_pa_10_exact_percent)",
    denominator: {kind: "none", why: NO_CI_ABSENCE}, ciMethod: NO_CI_ABSENCE, sameKindAs: 10301, defaultLevel: "community"
  },
  {
    id: "dfe-persistent-absentee-absence-rate", name: "Absence rate of persistently absent pupils (% of sessions)", measure: "persistent_absence_pct", column: "sess_overall_percent_pa_10_exact",
    definition: "sessions missed by persistent absentees as a share of their possible sessions (DfE column sess_overall_percent_pa_10_exact: another measure than the share of pupils persistently absent)",
    denominator: {kind: "none", why: NO_CI_ABSENCE}, ciMethod: NO_CI_ABSENCE, sameKindAs: 10301, defaultLevel: "community"
  },
  {
    id: "dfe-pupil-absence", name: "Pupil absence (% of sessions missed)", measure: "overall_absence_pct",
    definition: "sessions missed through authorised and unauthorised absence as a share of possible sessions (DfE column sess_overall_percent)",
    denominator: {kind: "none", why: NO_CI_ABSENCE}, ciMethod: NO_CI_ABSENCE, sameKindAs: 10301, defaultLevel: "community"
  }
];

/** One row of indicator-values.csv, as the registry of prepared tables defines it (with a text id). */
export type NeetValueRow = Row<typeof TABLES.indicator_values>;

export interface MissingPeriod {
  period: string;
  note: string;
}

/** An indicator summary for indicators.json: risk-tables' shape with a text id and the DfE metadata. */
export type NeetIndicatorSummary = Omit<IndicatorSummary, "id"> & {
  id: string;
  title: string;
  definition: string;
  unit: "%";
  publisher: string | null;
  licence: string | null;
  ciMethod: string;
  /** Periods with a value for the area, oldest first. */
  periods: string[];
  /** Periods between the first and last release with no value: no release (2024), or not published at local level. */
  missingPeriods: MissingPeriod[];
  sameKindAs: number | null;
};

export interface NeetIndicatorOptions {
  /** The partnership's area (an upper-tier authority: DfE publishes nothing for districts). */
  areaCode: string;
  regionCode: string | null;
  /** Areas of interest to report on (comparators, neighbours): each gets a line saying which years it has. */
  peers: readonly string[];
  /** The configured indicator set: a DfE indicator takes the WHO level of its `sameKindAs` entry when present. */
  set?: IndicatorSet;
}

export interface NeetIndicatorTables {
  indicators: NeetIndicatorSummary[];
  values: NeetValueRow[];
  /** Years with no DfE file at all, between the first and the last (2024): "no 2024 release". */
  missingReleases: MissingPeriod[];
  /** Each peer: the years it has a NEET value, and why any is missing. */
  peers: {code: string; name: string | null; years: number[]; note: string | null}[];
  /** Codes published under an older code of the same area, moved to today's code. */
  recoded: {year: number; from: string; to: string; name: string}[];
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const codeOf = (r: NeetRow) => (r.area_code_status === "recoded" && r.area_code_current ? r.area_code_current : r.area_code);

/** The Wilson denominator of a row for an indicator, or why there is none. */
function denominatorOf(def: NeetIndicatorDef, r: NeetRow): {n: number} | {why: string} {
  const d = def.denominator;
  if (d.kind === "none") return {why: d.why};
  if (r.cohort === null) return {why: "no confidence interval: DfE gives no cohort for this area"};
  if (d.kind === "cohort") return {n: r.cohort};
  const share = r[d.share];
  if (share === null || share <= 0) return {why: "no confidence interval: DfE gives no size for this subgroup here"};
  return {n: Math.round((r.cohort * share) / 100)};
}

/** Wilson 95% limits on round(value% × n) of n, in %. */
function wilson(value: number, n: number): {lower: number; upper: number} {
  const x = Math.min(n, Math.round((value / 100) * n));
  const ci = proportionCI(x, n, 0.95, 100);
  return {lower: round4(ci.lower), upper: round4(ci.upper)};
}

/** Years a measure is published for local authorities (a value or a DfE code on some authority's row). */
function publishedYears(def: NeetIndicatorDef, rows: readonly NeetRow[]): Set<number> {
  return new Set(rows.filter((r) => r.level === "local authority" && usesRow(def, r) && (r[def.measure] !== null || (r.missing[def.measure] ?? "blank") !== "blank")).map((r) => r.year));
}

const usesRow = (def: NeetIndicatorDef, r: NeetRow) => !def.column || r.persistent_absence_column === def.column;

/** Value rows of one indicator: every area of every year in which DfE publishes the measure for local authorities. */
function valueRows(def: NeetIndicatorDef, rows: readonly NeetRow[], polarity: IndicatorSummary["polarity"]): NeetValueRow[] {
  const years = publishedYears(def, rows);
  const used = rows.filter((r) => years.has(r.year) && usesRow(def, r));
  const out: NeetValueRow[] = used.map((r) => {
    const value = r[def.measure];
    const den = value === null ? null : denominatorOf(def, r);
    const ci = den && "n" in den && value !== null ? wilson(value, den.n) : null;
    const missing = r.missing[def.measure];
    const note = value === null ? MISSING_CODE_NOTE[missing ?? "blank"] : den && "why" in den ? den.why : null;
    return {indicator_id: def.id, area_code: codeOf(r), area_name: r.area_name, period: String(r.year), year: r.year, value, lower: ci?.lower ?? null, upper: ci?.upper ?? null, compared_to_england: null, value_note: note};
  });
  // Compared with England in the same year by the benchmarking module's rule (only where we have an interval).
  for (const v of out) {
    if (v.area_code === ENGLAND_CODE || v.value === null) continue;
    const england = englandValueOf(out.map((o) => ({areaCode: o.area_code, period: o.period, value: o.value})), v.period);
    const s = significanceOf({lower: v.lower, upper: v.upper}, england, polarity);
    v.compared_to_england = s.source === "computed from 95% CI" ? s.outcome : null;
  }
  return out;
}

/** Periods with no value rows for an indicator: no DfE release, another measure under the column, or England only. */
function missingPeriodsOf(def: NeetIndicatorDef, rows: readonly NeetRow[], releases: readonly number[], values: readonly NeetValueRow[]): MissingPeriod[] {
  const first = Math.min(...releases);
  const last = Math.max(...releases);
  const withRows = new Set(values.map((v) => v.year));
  const out: MissingPeriod[] = [];
  for (let y = first; y <= last; y++) {
    if (withRows.has(y)) continue;
    if (!releases.includes(y)) {
      out.push({period: String(y), note: `no ${y} release: the snapshot has no DfE NEET local authority file for ${y} (a gap, not a zero)`});
      continue;
    }
    const inYear = rows.filter((r) => r.year === y);
    const column = inYear[0]?.persistent_absence_column;
    if (def.column && column !== def.column) {
      out.push({period: String(y), note: `DfE's ${y} file gives "${column}" instead of "${def.column}": another measure, never joined to this series`});
      continue;
    }
    const england = inYear.find((r) => r.level === "national")?.[def.measure] ?? null;
    const twin = england === null ? undefined : rows.find((r) => r.level === "national" && r.year !== y && usesRow(def, r) && r[def.measure] === england);
    out.push({
      period: String(y),
      note: `DfE's ${y} file gives this for England only, with no local authority or region value${twin ? ` (and its England figure is the ${twin.year} file's)` : ""}: not used for ${y}`
    });
  }
  return out;
}

function trendOf(mine: readonly NeetValueRow[]): Pick<IndicatorSummary, "trend" | "trendSource" | "trendReason"> {
  const points = mine.filter((v) => v.value !== null && v.lower !== null && v.upper !== null).map((v) => ({year: v.year, value: v.value, lower: v.lower, upper: v.upper}));
  if (points.length >= TREND_POINTS) {
    const t = recentTrend(points, {valueType: "other"});
    return {trend: t.marker, trendSource: "computed (Fingertips method)", trendReason: t.reason};
  }
  const why = mine.some((v) => v.value !== null) && points.length === 0 ? "no confidence intervals (the test needs them)" : `only ${points.length} annual point${points.length === 1 ? "" : "s"} with an interval for this area; the test needs ${TREND_POINTS}`;
  return {trend: "Cannot be calculated", trendSource: "none", trendReason: why};
}

function gapFor(areaCode: string): string {
  if (tiersOfCode(areaCode).includes("upper")) return `no value for ${areaCode} in the DfE files of the snapshot`;
  return `DfE publishes these figures for upper-tier authorities (counties and unitary authorities) only; ${areaCode} is not one: use its county`;
}

function summarise(def: NeetIndicatorDef, values: readonly NeetValueRow[], missing: MissingPeriod[], data: NeetData, opts: NeetIndicatorOptions): NeetIndicatorSummary {
  const level = opts.set?.find((e) => e.id === def.sameKindAs)?.level ?? def.defaultLevel;
  const latestFile = data.files.at(-1);
  const mine = values.filter((v) => v.area_code === opts.areaCode).sort((a, b) => a.year - b.year);
  const latest = mine.at(-1);
  const base = {
    id: def.id, name: def.name, kind: "risk-factor" as const, level, polarity: "low-is-good" as const, decimals: 1,
    title: def.name, definition: def.definition, unit: "%" as const, publisher: latestFile?.publisher ?? null, licence: latestFile?.licence ?? null,
    ciMethod: def.ciMethod, periods: mine.filter((v) => v.value !== null).map((v) => v.period), missingPeriods: missing, sameKindAs: def.sameKindAs,
    areaType: "Upper tier local authority", note: def.ciMethod
  };
  if (!latest) {
    const gap = gapFor(opts.areaCode);
    return {...base, period: null, value: null, lower: null, upper: null, valueNote: null, england: null, region: null, significance: "Not compared", significanceSource: "none", trend: "Cannot be calculated", trendSource: "none", trendReason: gap, spine: null, source: null, gap};
  }
  const samePeriod = values.filter((v) => v.period === latest.period).map((v) => ({areaCode: v.area_code, period: v.period, value: v.value}));
  const england = englandValueOf(samePeriod, latest.period);
  const region = opts.regionCode ? (samePeriod.find((v) => v.areaCode === opts.regionCode)?.value ?? null) : null;
  const sig = latest.value === null ? {outcome: "Not compared" as const, source: "none" as const} : significanceOf({lower: latest.lower, upper: latest.upper}, england, base.polarity);
  const tier = peerTier(opts.areaCode, samePeriod.map((v) => v.areaCode));
  const spine = tier ? spineFor(spinePeers(samePeriod, tier, latest.period), tier, base.polarity) : null;
  const file = data.files.find((f) => String(f.year) === latest.period);
  return {
    ...base, period: latest.period, value: latest.value, lower: latest.lower, upper: latest.upper, valueNote: latest.value_note,
    england, region, significance: sig.outcome, significanceSource: sig.source, ...trendOf(mine), spine,
    source: file ? `${file.title ?? "DfE NEET and participation: local authority figures"} (${file.file})` : null, gap: null
  };
}

/** What each peer has: the years with a NEET or not known value, and why others are missing. */
function peerReport(code: string, values: readonly NeetValueRow[], releases: readonly number[], rows: readonly NeetRow[]): NeetIndicatorTables["peers"][number] {
  const own = values.filter((v) => v.indicator_id === "dfe-neet-nk" && v.area_code === code);
  const years = own.filter((v) => v.value !== null).map((v) => v.year).sort((a, b) => a - b);
  const name = own[0]?.area_name ?? null;
  if (own.length === 0) return {code, name, years, note: gapFor(code)};
  const absent = releases.filter((y) => !own.some((v) => v.year === y));
  if (absent.length === 0) return {code, name, years, note: null};
  const divided = rows.filter((r) => absent.includes(r.year) && r.area_code_status === "split" && (r.area_code_note ?? "").includes(code)).map((r) => `${r.area_name} (${r.area_code})`);
  const why = divided.length ? `; those years' files have ${[...new Set(divided)].join(", ")}, since divided, whose values never stand in for a successor` : "";
  return {code, name, years, note: `no row in DfE's ${absent.join(", ")} file${absent.length > 1 ? "s" : ""}${why}`};
}

/** The DfE indicators for the partnership: summaries, value rows of every area and year, gaps and peers. */
export function neetIndicators(data: NeetData, opts: NeetIndicatorOptions): NeetIndicatorTables {
  const releases = data.files.map((f) => f.year).sort((a, b) => a - b);
  const values: NeetValueRow[] = [];
  const indicators = NEET_INDICATORS.map((def) => {
    const own = valueRows(def, data.rows, "low-is-good");
    values.push(...own);
    return summarise(def, own, missingPeriodsOf(def, data.rows, releases, own), data, opts);
  });
  const missingReleases: MissingPeriod[] = [];
  for (let y = releases[0] ?? 0; y <= (releases.at(-1) ?? -1); y++) {
    if (!releases.includes(y)) missingReleases.push({period: String(y), note: `no ${y} release: the snapshot has no DfE NEET local authority file for ${y} (a gap, not a zero)`});
  }
  const recoded = data.rows.filter((r) => r.area_code_status === "recoded" && r.area_code_current).map((r) => ({year: r.year, from: r.area_code, to: r.area_code_current as string, name: r.area_name}));
  values.sort((a, b) => a.indicator_id.localeCompare(b.indicator_id) || a.area_code.localeCompare(b.area_code) || a.year - b.year);
  return {indicators, values, missingReleases, peers: opts.peers.map((p) => peerReport(p, values, releases, data.rows)), recoded};
}
