/**
 * The risk-factor and benchmarking tables, from the Fingertips values in the snapshot and the partnership's indicator
 * set. Every indicator of the set appears: with its latest value, or as a gap ("not in this snapshot; run the refresh").
 * The rules (significance, peers, percentiles, England) are components/benchmarking's; this file only selects rows.
 *
 * - An area's own value: a row published under its current code, or under an old code of the *same* area (status
 *   "recoded"). An old council merged into a larger one ("merged") never stands in for its successor: Bournemouth,
 *   Christchurch and Poole (E06000058) has no value in extracts older than April 2019, and the page says why.
 * - Spine chart: the peers are every area of the same tier in the same period, by the code the value was published
 *   under (so the 326 districts of 2016 stay 326, whichever extract each value came from).
 * - One headline row per area and period: persons, no breakdown category, all ages (else the most common age band).
 * - Newer series of the same kind (DfE NEET and absence, loaders/dfe/neet-indicators.ts) join the Fingertips ones
 *   (`withNewerSeries`): text ids beside the Fingertips numbers, every upper-tier authority's values, and the old
 *   indicator they replace marked `supersededBy`, so that it is never reported as current.
 */
import {
  englandValueOf,
  ENGLAND_CODE,
  supersededBy,
  peerTier,
  significanceOf,
  spineFor,
  tiersOfCode,
  spinePeers,
  type Significance,
  type Spine,
  type Tier
} from "../../components/benchmarking/benchmarking.js";
import type {BenchmarkOutcome, Polarity} from "../../components/stats/benchmark.js";
import {recentTrend, type TrendMarker} from "../../components/stats/trend.js";
import type {IndicatorSet, IndicatorSetEntry} from "../fingertips/indicator-set.ts";
import {GAP_MESSAGE, loadIndicatorValues, readAreaCodeMap} from "../fingertips/snapshot.ts";
import type {AreaCodeMapRow, SnapshotValue} from "../fingertips/schemas.ts";
import type {NeetIndicatorSummary, NeetIndicatorTables} from "../dfe/neet-indicators.ts";

export const ENGLAND = ENGLAND_CODE;

export interface AreaRef {
  code: string;
  name: string;
}

export interface IndicatorSummary {
  id: number;
  name: string;
  kind: IndicatorSetEntry["kind"];
  level: IndicatorSetEntry["level"];
  polarity: Polarity;
  /** Decimal places for every value of this indicator on the pages. */
  decimals: number;
  period: string | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Why the value is missing: suppressed with Fingertips' note, or a gap of the snapshot. */
  valueNote: string | null;
  england: number | null;
  region: number | null;
  significance: BenchmarkOutcome;
  significanceSource: Significance["source"];
  trend: TrendMarker | string;
  trendSource: "computed (Fingertips method)" | "Fingertips' own marker" | "none";
  trendReason: string;
  spine: Spine | null;
  areaType: string | null;
  source: string | null;
  note: string | null;
  gap: string | null;
}

/** Persons, no breakdown category. */
const isHeadlineSex = (v: SnapshotValue) => !v.categoryType && (v.sex === null || v.sex === "Persons");
const year = (v: SnapshotValue) => (v.periodSortable ? Math.floor(v.periodSortable / 10000) : Number(v.period.slice(0, 4)));

/** The current code a row describes as a whole: its own code, or the code of the same area renamed; never a merger's. */
export function sameAreaCode(v: SnapshotValue): string | null {
  if (v.areaCodeStatus === "current") return v.areaCodeCurrent ?? v.areaCode;
  if (v.areaCodeStatus === "recoded") return v.areaCodeCurrent;
  return null;
}

/**
 * The code an area's values are filed under: an area given by a code since replaced for the same area (Sheffield
 * E08000019, now E08000039) is looked up under its current code; any other code as it is.
 */
export function valuesCodeOf(code: string, map: ReadonlyMap<string, AreaCodeMapRow>): string {
  const row = map.get(code);
  return row?.status === "recoded" && row.currentCode ? row.currentCode : code;
}

/** One headline row per indicator: persons, no category, "All ages" where there is such a row, else the age band most rows carry. */
export function headlineRows(values: readonly SnapshotValue[]): SnapshotValue[] {
  const rows = values.filter(isHeadlineSex);
  const ageCounts = new Map<string, number>();
  for (const v of rows) ageCounts.set(v.age ?? "", (ageCounts.get(v.age ?? "") ?? 0) + 1);
  const age = ageCounts.has("All ages") ? "All ages" : ([...ageCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "");
  return rows.filter((v) => (v.age ?? "") === age);
}

/** Rows of the area (its current code), one per period: a row under the current code beats one under an old code. */
function ownRows(values: readonly SnapshotValue[], area: string): SnapshotValue[] {
  const byPeriod = new Map<string, SnapshotValue>();
  for (const v of values) {
    if (sameAreaCode(v) !== area) continue;
    const prior = byPeriod.get(v.period);
    if (!prior || (prior.areaCode !== area && v.areaCode === area)) byPeriod.set(v.period, v);
  }
  return [...byPeriod.values()].sort((a, b) => (a.periodSortable ?? 0) - (b.periodSortable ?? 0) || a.period.localeCompare(b.period));
}

const peerValues = (rows: readonly SnapshotValue[]) => rows.map((v) => ({areaCode: v.areaCode, period: v.period, value: v.value}));

/** The one tier a code belongs to (a district, a county), or null for a unitary authority (both) or any other code. */
function tierOnly(code: string): Tier | null {
  const tiers = tiersOfCode(code);
  return tiers.length === 1 ? (tiers[0] ?? null) : null;
}

function gapReason(values: readonly SnapshotValue[], area: string): string {
  if (!values.length) return GAP_MESSAGE;
  const merged = [...new Set(values.filter((v) => v.areaCodeStatus === "merged" && v.areaCodeCurrent === area).map((v) => v.areaName ?? v.areaCode))];
  if (merged.length) return `no value for this area in the snapshot: its values describe the former councils (${merged.sort().join(", ")}) before they merged, and one council's value cannot stand in for the new area; run the refresh`;
  // A district where no other district has a value (children in care: counties and unitary authorities only), or a
  // county where no other county has one (low-income families: districts): say so, and where to look instead.
  const tier = tierOnly(area);
  if (tier && !values.some((v) => tierOnly(v.areaCode) === tier)) {
    return tier === "lower"
      ? `the snapshot has this indicator for upper-tier authorities (counties and unitary authorities) only, and ${area} is a district: see its county's value`
      : `the snapshot has this indicator for districts and unitary authorities only, and ${area} is a county: see its districts' values`;
  }
  return `no value for this area in the snapshot (the snapshot has ${new Set(values.map((v) => v.areaCode)).size} other areas); run the refresh`;
}

function summarise(entry: IndicatorSetEntry, values: SnapshotValue[], area: string, region: string | null): IndicatorSummary {
  const polarity = entry.polarity as Polarity;
  const base = {id: entry.id, name: entry.name, kind: entry.kind, level: entry.level, polarity, decimals: entry.decimals};
  const mine = ownRows(values, area);
  const latest = mine.at(-1);
  if (!latest) {
    const gap = gapReason(values, area);
    return {...base, period: null, value: null, lower: null, upper: null, valueNote: null, england: null, region: null, significance: "Not compared", significanceSource: "none", trend: "Cannot be calculated", trendSource: "none", trendReason: gap, spine: null, areaType: null, source: null, note: null, gap};
  }
  const samePeriod = values.filter((v) => v.period === latest.period);
  const england = englandValueOf(peerValues(samePeriod), latest.period);
  const regionValue = region ? (samePeriod.find((v) => sameAreaCode(v) === region)?.value ?? null) : null;
  const sig = latest.value === null
    ? {outcome: "Not compared" as const, source: "none" as const}
    : significanceOf({lower: latest.lowerCi95, upper: latest.upperCi95, comparedToEngland: latest.comparedToEngland}, england, polarity);
  const points = mine.filter((v) => v.value !== null).map((v) => ({year: year(v), value: v.value, lower: v.lowerCi95, upper: v.upperCi95}));
  const withCi = points.filter((p) => p.lower !== null && p.upper !== null);
  let trend: IndicatorSummary["trend"] = "Cannot be calculated";
  let trendSource: IndicatorSummary["trendSource"] = "none";
  let trendReason = "no confidence intervals in the snapshot (the test needs them)";
  if (withCi.length >= 5) {
    const t = recentTrend(withCi, {valueType: "other"});
    [trend, trendSource, trendReason] = [t.marker, "computed (Fingertips method)", t.reason];
  } else if (latest.recentTrend) {
    [trend, trendSource, trendReason] = [latest.recentTrend, "Fingertips' own marker", "as published by Fingertips in the extract"];
  } else if (points.length < 5) {
    trendReason = `only ${points.length} annual point${points.length === 1 ? "" : "s"} for this area; the test needs 5`;
  }
  const tier = peerTier(latest.areaCode, samePeriod.map((v) => v.areaCode));
  const spine = tier ? spineFor(spinePeers(peerValues(samePeriod), tier, latest.period), tier, polarity) : null;
  return {
    ...base,
    period: latest.period,
    value: latest.value,
    lower: latest.lowerCi95,
    upper: latest.upperCi95,
    valueNote: latest.value === null ? (latest.valueNote ?? "suppressed (no value published)") : latest.valueNote,
    england,
    region: regionValue,
    significance: sig.outcome,
    significanceSource: sig.source,
    trend,
    trendSource,
    trendReason,
    spine,
    areaType: latest.areaType,
    source: latest.sourceFile,
    note: latest.note,
    gap: null
  };
}

export type AreaRole = "partnership" | "comparator" | "cipfa" | "neighbour" | "region" | "england";

export interface RiskTables {
  indicators: IndicatorSummary[];
  /** Values for the trend, compare-areas and tartan-rug charts: the areas of interest (their own values), every period. */
  values: {indicator_id: number | string; area_code: string; area_name: string; period: string; year: number; value: number | null; lower: number | null; upper: number | null; compared_to_england: string | null; value_note: string | null}[];
  /** The areas of interest; `note` says why one has no value of its own (e.g. formed from merged councils). */
  areas: (AreaRef & {role: AreaRole; note: string | null})[];
}

/** The snapshot's Fingertips values of the set, read once: each indicator's headline rows, and the area code map. */
export interface RiskSnapshot {
  byIndicator: Map<number, SnapshotValue[]>;
  codeMap: ReadonlyMap<string, AreaCodeMapRow>;
}

export function readRiskSnapshot(snapshotDir: string, set: IndicatorSet): RiskSnapshot {
  const loaded = loadIndicatorValues(snapshotDir, set);
  const byIndicator = new Map<number, SnapshotValue[]>();
  for (const v of loaded.values) {
    const list = byIndicator.get(v.indicatorId) ?? [];
    list.push(v);
    byIndicator.set(v.indicatorId, list);
  }
  for (const [id, list] of byIndicator) byIndicator.set(id, headlineRows(list));
  return {byIndicator, codeMap: readAreaCodeMap(snapshotDir)};
}

/** Builds the tables for the area (and its comparators) from the snapshot's Fingertips values (a folder, or read already). */
export function riskTables(snapshot: string | RiskSnapshot, set: IndicatorSet, area: AreaRef, region: AreaRef | null, comparators: AreaRef[], neighbours: AreaRef[], cipfa: AreaRef[] = []): RiskTables {
  const {byIndicator, codeMap} = typeof snapshot === "string" ? readRiskSnapshot(snapshot, set) : snapshot;
  const filed = (code: string) => valuesCodeOf(code, codeMap);
  const indicators = set.map((entry) => summarise(entry, byIndicator.get(entry.id) ?? [], filed(area.code), region ? filed(region.code) : null));
  const listed: (AreaRef & {role: AreaRole})[] = [
    {...area, role: "partnership"},
    ...comparators.map((c) => ({...c, role: "comparator" as const})),
    ...cipfa.filter((n) => !comparators.some((c) => c.code === n.code)).map((n) => ({...n, role: "cipfa" as const})),
    ...neighbours.filter((n) => ![...comparators, ...cipfa].some((c) => c.code === n.code)).map((n) => ({...n, role: "neighbour" as const})),
    ...(region ? [{...region, role: "region" as const}] : []),
    {code: ENGLAND, name: "England", role: "england"}
  ];
  const ids = new Set(set.map((e) => e.id));
  const inSet = [...byIndicator.entries()].filter(([id]) => ids.has(id));
  const values: RiskTables["values"] = [];
  const areas: RiskTables["areas"] = listed.map((a) => {
    let own = 0;
    let merged = false;
    for (const [, rows] of inSet) {
      for (const v of ownRows(rows, filed(a.code))) {
        own++;
        values.push({
          indicator_id: v.indicatorId, area_code: a.code, area_name: a.name, period: v.period, year: year(v),
          value: v.value, lower: v.lowerCi95, upper: v.upperCi95, compared_to_england: v.comparedToEngland, value_note: v.valueNote
        });
      }
      merged ||= rows.some((v) => v.areaCodeStatus === "merged" && v.areaCodeCurrent === filed(a.code));
    }
    const note = own === 0 && merged
      ? `${a.name} has no value of its own in this snapshot: the extracts predate its formation, and a former council's value never stands in for the new area`
      : null;
    return {...a, note};
  });
  values.sort((a, b) => compareIds(a.indicator_id, b.indicator_id) || a.area_code.localeCompare(b.area_code) || a.year - b.year || a.period.localeCompare(b.period));
  return {indicators, values, areas};
}

/** Fingertips ids (numbers) in numeric order, then text ids (DfE) in alphabetical order. */
export function compareIds(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a.localeCompare(b);
}

/** An indicator of indicators.json: a Fingertips one or a newer series, with the newer indicators that replace it. */
export type ListedIndicator = (IndicatorSummary | NeetIndicatorSummary) & {supersededBy: string[] | null};

/**
 * The Fingertips tables with the newer series of the same kind: each newer indicator listed just after the one it
 * supersedes (else at the end), its values after the Fingertips ones, and every indicator marked with the newer
 * ones that replace it (the pages never report a replaced indicator as current).
 */
export function withNewerSeries(risk: RiskTables, newer: Pick<NeetIndicatorTables, "indicators" | "values">): {indicators: ListedIndicator[]; values: (RiskTables["values"][number] & {indicator_id: string})[]} {
  const clash = newer.indicators.find((n) => risk.indicators.some((d) => String(d.id) === n.id));
  if (clash) throw new Error(`indicator id ${clash.id} is both a Fingertips and a newer series' id; rename the newer one`);
  const listed: (IndicatorSummary | NeetIndicatorSummary)[] = [];
  for (const d of risk.indicators) listed.push(d, ...newer.indicators.filter((n) => n.sameKindAs === d.id));
  listed.push(...newer.indicators.filter((n) => !listed.includes(n)));
  const replaced = supersededBy(listed);
  const values = [...risk.values, ...newer.values]
    .sort((a, b) => compareIds(a.indicator_id, b.indicator_id) || a.area_code.localeCompare(b.area_code) || a.year - b.year || a.period.localeCompare(b.period))
    .map((v) => ({...v, indicator_id: String(v.indicator_id)}));
  return {indicators: listed.map((d) => ({...d, supersededBy: replaced.get(String(d.id)) ?? null})), values};
}
