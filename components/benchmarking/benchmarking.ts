/**
 * Benchmarking as Fingertips does it, in one place: the significance rule, the spine chart's peers and percentiles,
 * England's value, and the rows of the tartan rug, compare-areas and trend charts. Loaders (risk-tables.ts) and pages
 * (benchmarking.md, risk-factors.md) call these; pages only draw what they return.
 *
 * - Significance: the area's 95% interval against the benchmark's value (components/stats/benchmark.ts); where the
 *   snapshot has no interval, Fingertips' own published comparison when it fits the polarity; otherwise "Not compared".
 * - Peers (spine chart): every area of the same local-authority tier with a value in the same period, chosen by ONS
 *   area code (E07 districts, E10 counties; E06 unitaries, E08 metropolitan districts and E09 London boroughs belong
 *   to both tiers), never by an area-type label, which differs between extracts of the same data.
 * - Percentiles: Fingertips' own (components/stats/quantiles.ts `fingertipsPercentile`).
 * - Numbers: an indicator's decimals decide how its area, England and peer values are written.
 */
import {group as d3group} from "d3";
import {compareToBenchmark, type BenchmarkOutcome, type Polarity} from "../stats/benchmark.js";
import {spineSummary, type SpineSummary} from "../stats/quantiles.js";
import {recentTrend, type TrendResult} from "../stats/trend.js";
import {formatNumber} from "../format/number.js";
import {ENGLAND_CODE} from "../constants.js";

export {ENGLAND_CODE};

// ---------------------------------------------------------------------------------------------------------------
// Significance: the one rule

export type SignificanceSource = "computed from 95% CI" | "Fingertips' own comparison" | "none";

export interface Significance {
  outcome: BenchmarkOutcome;
  source: SignificanceSource;
}

export interface SignificanceInput {
  lower: number | null | undefined;
  upper: number | null | undefined;
  /** Fingertips' own comparison with England as published in the extract ("Better", "Similar"…), if any. */
  comparedToEngland?: string | null;
}

const JUDGED = new Set(["Better", "Worse"]);
const UNJUDGED = new Set(["Higher", "Lower"]);

/** Fingertips' published comparison, kept only when it is a known word that fits the polarity. */
function publishedOutcome(text: string | null | undefined, polarity: Polarity): BenchmarkOutcome | null {
  const t = (text ?? "").trim();
  if (t === "Similar") return "Similar";
  if (JUDGED.has(t) && polarity !== "no-judgement") return t as BenchmarkOutcome;
  if (UNJUDGED.has(t) && polarity === "no-judgement") return t as BenchmarkOutcome;
  return null;
}

/**
 * A value's comparison with a benchmark value (England's, usually): from its 95% interval when it has one and the
 * benchmark is known (Fingertips' method), else Fingertips' own published comparison, else "Not compared".
 */
export function significanceOf(row: SignificanceInput, benchmark: number | null | undefined, polarity: Polarity): Significance {
  const hasCi = row.lower !== null && row.lower !== undefined && row.upper !== null && row.upper !== undefined;
  if (hasCi && benchmark !== null && benchmark !== undefined) {
    return {outcome: compareToBenchmark({lower: row.lower, upper: row.upper}, benchmark, polarity).outcome, source: "computed from 95% CI"};
  }
  const published = publishedOutcome(row.comparedToEngland, polarity);
  return published ? {outcome: published, source: "Fingertips' own comparison"} : {outcome: "Not compared", source: "none"};
}

/** The outcome in words for running text: "significantly higher", "similar", "not compared". */
export function outcomeInWords(outcome: BenchmarkOutcome): string {
  if (outcome === "Similar") return "similar";
  if (outcome === "Not compared") return "not compared";
  return `significantly ${outcome.toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Peers and the spine

export type Tier = "lower" | "upper";

export const TIER_LABEL: Readonly<Record<Tier, string>> = {
  lower: "districts and unitary authorities",
  upper: "counties and unitary authorities"
};

/** The local-authority tiers an English area code belongs to (none for England, regions, combined authorities…). */
export function tiersOfCode(code: string): Tier[] {
  if (/^E0[689]/.test(code)) return ["lower", "upper"];
  if (code.startsWith("E07")) return ["lower"];
  if (code.startsWith("E10")) return ["upper"];
  return [];
}

/**
 * The tier to compare an area with in one period: a district with districts, a county with counties; a unitary
 * authority, metropolitan district or London borough (in both tiers) with the tier that has more areas in the
 * period's data, i.e. the tier the indicator was published for nationally (a few county rows from a local extract
 * do not turn a district indicator into a county one). Null when the code is not a local authority's.
 */
export function peerTier(areaCode: string, codesInPeriod: Iterable<string>): Tier | null {
  const own = tiersOfCode(areaCode);
  if (own.length === 0) return null;
  if (own.length === 1) return own[0] as Tier;
  const codes = new Set(codesInPeriod);
  const count = (t: Tier) => [...codes].filter((c) => tiersOfCode(c).includes(t)).length;
  return count("upper") > count("lower") ? "upper" : "lower";
}

export interface PeerValue {
  /** The code the value was published under (the area as it was in that period). */
  areaCode: string;
  period: string;
  value: number | null;
}

/**
 * The spine's peers: one value per area code of the tier in the period, England and every other kind of area left
 * out. A code with two different values is an error (the headline rows were not made unique upstream).
 */
export function spinePeers<T extends PeerValue>(rows: readonly T[], tier: Tier, period: string): T[] {
  const byCode = new Map<string, T>();
  for (const r of rows) {
    if (r.period !== period || !tiersOfCode(r.areaCode).includes(tier)) continue;
    const prior = byCode.get(r.areaCode);
    if (prior && prior.value !== r.value) {
      throw new Error(`spinePeers: area ${r.areaCode} has two values in ${period} (${prior.value} and ${r.value}); keep one headline row per area and period`);
    }
    byCode.set(r.areaCode, r);
  }
  return [...byCode.values()];
}

export type Spine = SpineSummary & {tier: Tier; label: string};

/** Worst, percentiles and best of the peers with a value (null with fewer than 4), labelled with the tier. */
export function spineFor(peers: readonly PeerValue[], tier: Tier, polarity: Polarity): Spine | null {
  const s = spineSummary(peers.map((p) => p.value), polarity);
  return s ? {...s, tier, label: `${s.areas} ${TIER_LABEL[tier]}`} : null;
}

// ---------------------------------------------------------------------------------------------------------------
// England, numbers

/** One England value per indicator and period; two different ones is an error, none is null. */
export function englandValueOf<T extends {areaCode: string; period: string; value: number | null}>(rows: readonly T[], period: string): number | null {
  const values = [...new Set(rows.filter((r) => r.areaCode === ENGLAND_CODE && r.period === period).map((r) => r.value))];
  if (values.length > 1) throw new Error(`England has ${values.length} different values in ${period} (${values.join(", ")}); keep one headline row per period`);
  return values[0] ?? null;
}

/** An indicator's value as the pages write it: the indicator's decimals, the same for area, England and peers. */
export function formatIndicatorValue(value: number | null | undefined, decimals: number, missing = "–"): string {
  return formatNumber(value, decimals, missing);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows for the charts (pages only draw these)

/** One row of the prepared indicator-values table (risk-tables.ts): areas of interest, every period. */
export interface IndicatorValueRow {
  /** A Fingertips id (a number; text once read from the CSV) or a DfE text id ("dfe-neet-nk"). */
  indicator_id: number | string;
  area_code: string;
  area_name: string;
  period: string;
  year: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  compared_to_england: string | null;
  value_note: string | null;
}

/** What the charts need to know of an indicator. */
export interface IndicatorRef {
  id: number | string;
  name: string;
  polarity: Polarity;
  decimals: number;
  /** The latest period of the partnership's own value. */
  period: string | null;
}

export interface AreaOfInterest {
  code: string;
  name: string;
  role: string;
  /** Why the area has no value of its own (e.g. formed from merged councils), shown beside the charts. */
  note?: string | null;
}

/** Ids compare as text: the CSV gives "93203" where indicators.json gives 93203, and DfE ids are text. */
export const sameIndicator = (a: number | string, b: number | string): boolean => String(a) === String(b);

const significanceFor = (v: IndicatorValueRow, ind: IndicatorRef, england: number | null): Significance =>
  significanceOf({lower: v.lower, upper: v.upper, comparedToEngland: v.compared_to_england}, england, ind.polarity);

function englandIn(values: readonly IndicatorValueRow[], ind: IndicatorRef, period: string): number | null {
  return englandValueOf(values.filter((v) => sameIndicator(v.indicator_id, ind.id)).map((v) => ({areaCode: v.area_code, period: v.period, value: v.value})), period);
}

export interface TartanCell {
  indicator: string;
  area: string;
  code: string;
  period: string;
  value: number | null;
  significance: BenchmarkOutcome;
  source: SignificanceSource;
  digits: number;
}

/**
 * The tartan rug: each indicator's latest period (the partnership's), one cell per area of interest with a value row;
 * England is the benchmark column (not compared). Areas without a row are left to the chart to draw as missing.
 * Given `now`, a period older than three years is written with its age ("2017/18, 8 years old").
 */
export function tartanCells(indicators: readonly IndicatorRef[], values: readonly IndicatorValueRow[], areas: readonly AreaOfInterest[], now?: Date): TartanCell[] {
  const cells: TartanCell[] = [];
  // Each indicator's values once, not the whole table per cell (Benchmarking's rug read 4,000 rows for each of its
  // cells: 17 ms of the page's warm reload in a CPU profile).
  const byIndicator = d3group(values, (v) => String(v.indicator_id));
  for (const ind of indicators) {
    if (!ind.period) continue;
    const period = ind.period;
    const own = byIndicator.get(String(ind.id)) ?? [];
    const eng = englandIn(own, ind, period);
    for (const a of areas) {
      const v = own.find((r) => r.period === period && r.area_code === a.code);
      if (!v) continue;
      const s: Significance = a.code === ENGLAND_CODE || v.value === null ? {outcome: "Not compared", source: "none"} : significanceFor(v, ind, eng);
      cells.push({indicator: ind.name, area: a.name, code: a.code, period: now ? periodLabel(period, now) : period, value: v.value, significance: s.outcome, source: s.source, digits: ind.decimals});
    }
  }
  return cells;
}

export interface CompareAreaRow {
  area: string;
  code: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  significance: BenchmarkOutcome;
  source: SignificanceSource;
  highlight: boolean;
}

/**
 * Compare areas: every area of interest with a row in the period (England apart, as the benchmark). `among` limits
 * the rows to those areas: the DfE values cover every upper-tier authority, not only the areas of interest.
 */
export function compareAreaRows(ind: IndicatorRef, values: readonly IndicatorValueRow[], partnershipCode: string, period = ind.period, among?: readonly string[]): {rows: CompareAreaRow[]; england: number | null; period: string | null} {
  if (!period) return {rows: [], england: null, period: null};
  const england = englandIn(values, ind, period);
  const keep = among ? new Set(among) : null;
  const rows = values
    .filter((v) => sameIndicator(v.indicator_id, ind.id) && v.period === period && v.area_code !== ENGLAND_CODE && (!keep || keep.has(v.area_code)))
    .map((v) => {
      const s = v.value === null ? {outcome: "Not compared" as const, source: "none" as const} : significanceFor(v, ind, england);
      return {area: v.area_name, code: v.area_code, value: v.value, lower: v.lower, upper: v.upper, significance: s.outcome, source: s.source, highlight: v.area_code === partnershipCode};
    });
  return {rows, england, period};
}

export interface TrendPointRow {
  period: string;
  year: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  significance: BenchmarkOutcome;
  england: number | null;
}

/**
 * The partnership's series in period order, each point compared with England in its own period, and the recent trend
 * (Fingertips' test over the last five annual points; it says why when it cannot be calculated).
 */
export function trendRows(ind: IndicatorRef, values: readonly IndicatorValueRow[], areaCode: string): {rows: TrendPointRow[]; england: {period: string; value: number | null}[]; trend: TrendResult} {
  const mine = values.filter((v) => sameIndicator(v.indicator_id, ind.id) && v.area_code === areaCode).sort((a, b) => a.year - b.year);
  const englandRows = values.filter((v) => sameIndicator(v.indicator_id, ind.id) && v.area_code === ENGLAND_CODE).sort((a, b) => a.year - b.year);
  const rows = mine.map((v) => {
    const eng = englandIn(values, ind, v.period);
    const s = v.value === null ? "Not compared" : significanceFor(v, ind, eng).outcome;
    return {period: v.period, year: v.year, value: v.value, lower: v.lower, upper: v.upper, significance: s, england: eng};
  });
  const points = rows.filter((r) => r.value !== null).map((r) => ({year: r.year, value: r.value, lower: r.lower, upper: r.upper}));
  return {rows, england: englandRows.map((e) => ({period: e.period, value: e.value})), trend: recentTrend(points, {valueType: "other"})};
}

/** What the spine chart needs of an indicator summary (risk-tables.ts `IndicatorSummary`). */
export interface SpineSource {
  name: string;
  period: string | null;
  value: number | null;
  valueNote: string | null;
  england: number | null;
  spine: Spine | null;
  significance: BenchmarkOutcome;
  polarity: Polarity;
  decimals: number;
}

export interface SpineChartRow {
  indicator: string;
  period: string;
  areaValue: number | null;
  england: number | null;
  worst: number;
  q25: number;
  q75: number;
  best: number;
  peers: string;
  significance: BenchmarkOutcome;
  polarity: Polarity;
  unit: string;
  digits: number;
  nullLabel?: string;
}

/**
 * Spine rows for the indicators with a period and a spine; each row carries its indicator's decimals. Given `now`, an
 * indicator whose period is older than three years carries its age in its label ("Children in care (8 years old)"):
 * the chart's period column is too narrow for it.
 */
export function spineChartRows(indicators: readonly SpineSource[], now?: Date): SpineChartRow[] {
  return indicators.flatMap((d) =>
    d.spine && d.period
      ? [{
          indicator: now ? withAge(d.name, d.period, now) : d.name, period: d.period, areaValue: d.value, england: d.england,
          worst: d.spine.worst, q25: d.spine.q25, q75: d.spine.q75, best: d.spine.best, peers: d.spine.label,
          significance: d.significance, polarity: d.polarity, unit: "", digits: d.decimals,
          ...(d.value === null ? {nullLabel: d.valueNote ?? "suppressed"} : {})
        }]
      : []
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The age of a period, and newer data of the same kind

/** Older than this many years, a period is written with its age ("2017/18, 8 years old"). */
export const OLD_AFTER_YEARS = 3;

/**
 * The calendar year in which a period ends: "2018" → 2018, "2017/18" → 2018, "2016 - 18" → 2018,
 * "2015/16 - 17/18" → 2018 (a two-digit year takes the century of the four-digit year before it). Null when the
 * period names no year.
 */
export function periodEndYear(period: string | null | undefined): number | null {
  const groups = (period ?? "").match(/\d+/g) ?? [];
  const full = groups.filter((g) => g.length === 4).map(Number);
  const last = groups.at(-1);
  const base = full.at(-1);
  if (last === undefined || base === undefined) return null;
  if (last.length === 4) return Number(last);
  if (last.length !== 2) return null;
  const y = Math.floor(base / 100) * 100 + Number(last);
  return y < base ? y + 100 : y;
}

/** Whole years from the end of a period to `now`, by calendar year (2017/18 on 6 December 2026: 8). Null if unknown. */
export function periodAge(period: string | null | undefined, now: Date): number | null {
  const end = periodEndYear(period);
  return end === null ? null : Math.max(0, now.getUTCFullYear() - end);
}

/** A label with the age of its period when older than three years ("Children in care (8 years old)"). */
export function withAge(label: string, period: string, now: Date): string {
  const age = periodAge(period, now);
  return age !== null && age > OLD_AFTER_YEARS ? `${label} (${age} years old)` : label;
}

/** A period as the pages write it: with its age when older than three years ("2017/18, 8 years old"). */
export function periodLabel(period: string, now: Date): string {
  const age = periodAge(period, now);
  return age !== null && age > OLD_AFTER_YEARS ? `${period}, ${age} years old` : period;
}

/** What the supersession rule needs of an indicator summary. */
export interface KindSource {
  id: number | string;
  period: string | null;
  value: number | null;
  /** The indicator this newer series replaces (a DfE series names the Fingertips indicator of the same kind). */
  sameKindAs?: number | string | null;
}

/**
 * For each indicator that newer data of the same kind replaces, the ids of the newer indicators: those naming it in
 * `sameKindAs`, with a value for a period ending after its own (or when it has none).
 */
export function supersededBy(indicators: readonly KindSource[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const old of indicators) {
    const oldEnd = periodEndYear(old.period);
    const newer = indicators.filter((d) => {
      if (d.sameKindAs === null || d.sameKindAs === undefined || !sameIndicator(d.sameKindAs, old.id) || d.value === null) return false;
      const end = periodEndYear(d.period);
      return end !== null && (oldEnd === null || end > oldEnd);
    });
    if (newer.length) out.set(String(old.id), newer.map((d) => String(d.id)));
  }
  return out;
}

/** The indicators that can be reported as current: none that newer data of the same kind replaces. */
export function currentIndicators<T extends KindSource>(indicators: readonly T[]): T[] {
  const replaced = supersededBy(indicators);
  return indicators.filter((d) => !replaced.has(String(d.id)));
}
