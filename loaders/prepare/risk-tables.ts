/**
 * The risk-factor and benchmarking tables, from the Fingertips values in the snapshot and the partnership's indicator
 * set. Every indicator of the set appears: with its latest value, or as a gap ("not in this snapshot; run the refresh").
 *
 * - Significance against England: computed from the area's 95% interval and England's value (Fingertips' method,
 *   components/stats/benchmark.ts) when the snapshot has the interval; otherwise Fingertips' own published comparison,
 *   labelled as such; otherwise "Not compared".
 * - Recent trend: the Fingertips test (components/stats/trend.ts) over the last five annual points when they carry
 *   intervals; otherwise Fingertips' own published marker where the extract has one; otherwise "Cannot be calculated".
 * - Spine chart: England as the centre; worst, 25th and 75th percentiles and best of every area of the same type with
 *   a value in the same period (polarity decides which end is worst).
 */
import {quantileSorted} from "d3";
import {compareToBenchmark, type BenchmarkOutcome, type Polarity} from "../../components/stats/benchmark.js";
import {recentTrend, type TrendMarker} from "../../components/stats/trend.js";
import type {IndicatorSet, IndicatorSetEntry} from "../fingertips/indicator-set.ts";
import {GAP_MESSAGE, loadIndicatorValues} from "../fingertips/snapshot.ts";
import type {SnapshotValue} from "../fingertips/schemas.ts";

export const ENGLAND = "E92000001";

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
  period: string | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Why the value is missing: suppressed with Fingertips' note, or a gap of the snapshot. */
  valueNote: string | null;
  england: number | null;
  region: number | null;
  significance: BenchmarkOutcome;
  significanceSource: "computed from 95% CI" | "Fingertips' own comparison" | "none";
  trend: TrendMarker | string;
  trendSource: "computed (Fingertips method)" | "Fingertips' own marker" | "none";
  trendReason: string;
  spine: {worst: number; q25: number; q75: number; best: number; areas: number} | null;
  areaType: string | null;
  source: string | null;
  note: string | null;
  gap: string | null;
}

/** The headline row of an area for an indicator: persons, all ages, no breakdown category. */
const isHeadline = (v: SnapshotValue) => !v.categoryType && (v.sex === null || v.sex === "Persons");
const codeOf = (v: SnapshotValue) => v.areaCodeCurrent ?? v.areaCode;
const year = (v: SnapshotValue) => (v.periodSortable ? Math.floor(v.periodSortable / 10000) : Number(v.period.slice(0, 4)));

function spineFor(values: SnapshotValue[], polarity: Polarity) {
  const xs = values.map((v) => v.value).filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (xs.length < 4) return null;
  const [lo, hi] = [xs[0]!, xs.at(-1)!];
  const lowIsGood = polarity === "low-is-good";
  return {worst: lowIsGood ? hi : lo, q25: quantileSorted(xs, 0.25)!, q75: quantileSorted(xs, 0.75)!, best: lowIsGood ? lo : hi, areas: xs.length};
}

function summarise(entry: IndicatorSetEntry, values: SnapshotValue[], area: string, region: string | null): IndicatorSummary {
  const base = {id: entry.id, name: entry.name, kind: entry.kind, level: entry.level, polarity: entry.polarity as Polarity};
  const mine = values.filter((v) => codeOf(v) === area).sort((a, b) => (a.periodSortable ?? 0) - (b.periodSortable ?? 0));
  const latest = mine.at(-1);
  if (!latest) {
    const gap = values.length ? `no value for this area in the snapshot (the snapshot has ${new Set(values.map(codeOf)).size} other areas); run the refresh` : GAP_MESSAGE;
    return {...base, period: null, value: null, lower: null, upper: null, valueNote: null, england: null, region: null, significance: "Not compared", significanceSource: "none", trend: "Cannot be calculated", trendSource: "none", trendReason: gap, spine: null, areaType: null, source: null, note: null, gap};
  }
  const samePeriod = values.filter((v) => v.period === latest.period);
  const england = samePeriod.find((v) => codeOf(v) === ENGLAND)?.value ?? null;
  const regionValue = region ? (samePeriod.find((v) => codeOf(v) === region)?.value ?? null) : null;
  let significance: BenchmarkOutcome = "Not compared";
  let significanceSource: IndicatorSummary["significanceSource"] = "none";
  if (latest.lowerCi95 !== null && latest.upperCi95 !== null && england !== null) {
    significance = compareToBenchmark({lower: latest.lowerCi95, upper: latest.upperCi95}, england, entry.polarity as Polarity).outcome;
    significanceSource = "computed from 95% CI";
  } else if (latest.comparedToEngland && latest.comparedToEngland !== "Not compared") {
    significance = latest.comparedToEngland as BenchmarkOutcome;
    significanceSource = "Fingertips' own comparison";
  }
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
  const peers = samePeriod.filter((v) => v.areaType === latest.areaType && codeOf(v) !== ENGLAND);
  return {
    ...base,
    period: latest.period,
    value: latest.value,
    lower: latest.lowerCi95,
    upper: latest.upperCi95,
    valueNote: latest.value === null ? (latest.valueNote ?? "suppressed (no value published)") : latest.valueNote,
    england,
    region: regionValue,
    significance,
    significanceSource,
    trend,
    trendSource,
    trendReason,
    spine: spineFor(peers, entry.polarity as Polarity),
    areaType: latest.areaType,
    source: latest.sourceFile,
    note: latest.note,
    gap: null
  };
}

export interface RiskTables {
  indicators: IndicatorSummary[];
  /** Values for the trend, compare-areas and tartan-rug charts: the areas of interest, every period. */
  values: {indicator_id: number; area_code: string; area_name: string; period: string; year: number; value: number | null; lower: number | null; upper: number | null; compared_to_england: string | null; value_note: string | null}[];
  areas: (AreaRef & {role: "partnership" | "comparator" | "cipfa" | "neighbour" | "region" | "england"})[];
}

/** Builds the tables for the area (and its comparators) from the snapshot's Fingertips values. */
export function riskTables(snapshotDir: string, set: IndicatorSet, area: AreaRef, region: AreaRef | null, comparators: AreaRef[], neighbours: AreaRef[], cipfa: AreaRef[] = []): RiskTables {
  const loaded = loadIndicatorValues(snapshotDir, set);
  const byIndicator = new Map<number, SnapshotValue[]>();
  for (const v of loaded.values) {
    if (!isHeadline(v)) continue;
    const list = byIndicator.get(v.indicatorId) ?? [];
    list.push(v);
    byIndicator.set(v.indicatorId, list);
  }
  const indicators = set.map((entry) => summarise(entry, byIndicator.get(entry.id) ?? [], area.code, region?.code ?? null));
  const areas: RiskTables["areas"] = [
    {...area, role: "partnership"},
    ...comparators.map((c) => ({...c, role: "comparator" as const})),
    ...cipfa.filter((n) => !comparators.some((c) => c.code === n.code)).map((n) => ({...n, role: "cipfa" as const})),
    ...neighbours.filter((n) => ![...comparators, ...cipfa].some((c) => c.code === n.code)).map((n) => ({...n, role: "neighbour" as const})),
    ...(region ? [{...region, role: "region" as const}] : []),
    {code: ENGLAND, name: "England", role: "england"}
  ];
  const wanted = new Set(areas.map((a) => a.code));
  const ids = new Set(set.map((e) => e.id));
  const values = loaded.values
    .filter((v) => isHeadline(v) && ids.has(v.indicatorId) && wanted.has(codeOf(v)))
    .map((v) => ({
      indicator_id: v.indicatorId,
      area_code: codeOf(v),
      area_name: v.areaName ?? codeOf(v),
      period: v.period,
      year: year(v),
      value: v.value,
      lower: v.lowerCi95,
      upper: v.upperCi95,
      compared_to_england: v.comparedToEngland,
      value_note: v.valueNote
    }))
    .sort((a, b) => a.indicator_id - b.indicator_id || a.area_code.localeCompare(b.area_code) || a.year - b.year);
  return {indicators, values, areas};
}
