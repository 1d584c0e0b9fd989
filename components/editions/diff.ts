/**
 * What changed between two editions of the SNA (README "Editions and the annual review"): pure functions from two
 * summaries (a frozen edition, editions/<name>/, and the current build) to the comparison the "What changed" chapter
 * shows. Counts are compared on the same calendar months as a rate ratio with its exact 95% interval
 * (components/stats/rate-ratio.ts, as the Overview's year-on-year change), never a whole year against part of one.
 */
import {rateRatio} from "../stats/rate-ratio.js";
import {rateCI} from "../stats/rate.js";
import {addMonths, formatMonthRuns} from "../format/month.js";
import type {Row, TABLES} from "../tables/registry.js";
import type {ConfigSummary, Figures, IndicatorSummary, MeasureSummary, PartnerSummary, SourceSummary} from "../../loaders/editions/schema.ts";

export interface WindowView {
  start: string;
  end: string;
  months: string[];
  available: string[];
  missing: string[];
}

/** A neighbourhood of the lsoa_violence table (components/tables/registry.ts). */
export type LsoaView = Row<typeof TABLES.lsoa_violence>;

/** One build's figures, as an edition freezes them (loaders/editions/summary.ts makes them). */
export interface EditionView {
  name: string;
  created: string | null;
  follows: string | null;
  partnership: {name: string; areaCode: string; areaName: string};
  window: WindowView;
  config: ConfigSummary;
  configHash: string;
  sources: SourceSummary[];
  figures: Figures;
  monthly: {month: string; crime_type: string; count: number}[];
  lsoas: LsoaView[];
}

export interface RatioResult {
  ratio: number | null;
  lower: number;
  upper: number;
  pValue: number;
  significant: boolean;
}

export interface HeadlineChange {
  /** The months of each edition compared, paired by calendar month (the later edition's month is `years` later). */
  previousMonths: string[];
  currentMonths: string[];
  years: number;
  crimeTypes: string[];
  previousCount: number;
  currentCount: number;
  previousRate: {value: number; lower: number; upper: number; population: number};
  currentRate: {value: number; lower: number; upper: number; population: number};
  change: RatioResult;
}

export interface MeasureChangeRow {
  id: string;
  measure: string;
  previous: MeasureSummary | null;
  current: MeasureSummary | null;
  status: "added" | "dropped" | "no new period" | "revised" | "new period";
  /** Latest count against the previous edition's, when both are counts over periods of the same length. */
  change: RatioResult | null;
  /** A local measure's verdict against its baseline changed (Better, Worse, No significant change). */
  verdictMoved: boolean;
  /** A local measure had no verdict in the previous edition (its baseline had no later year) and has one now. */
  firstMeasured: boolean;
}

export interface LsoaMove {
  code: string;
  name: string;
  ward: string | null;
  district: string;
  previousRank: number | null;
  currentRank: number | null;
  previousCount: number | null;
  currentCount: number | null;
}

export interface IndicatorMove {
  id: string;
  name: string;
  previous: {significance: string; period: string | null; value: number | null};
  current: {significance: string; period: string | null; value: number | null};
}

export interface SourceChange {
  source: string;
  status: "updated" | "added" | "dropped";
  previous: SourceSummary | null;
  current: SourceSummary | null;
}

export interface ConfigChange {
  field: string;
  previous: string;
  current: string;
}

export interface PartnerChange {
  dataset: string;
  status: "added" | "dropped" | "changed";
  previous: PartnerSummary | null;
  current: PartnerSummary | null;
}

export interface RecommendationChange {
  id: string;
  recommendation: string;
  measure: string;
  /** The measure or indicator of the comparison its monitoring measure names, if any. */
  matched: string | null;
  moved: "moved" | "not moved" | "first measured" | "no comparable measure";
  detail: string;
}

export interface EditionDiff {
  headline: {previous: Figures["headline"]; current: Figures["headline"]; compared: HeadlineChange | null; reason: string | null; definitionChanged: boolean};
  measures: MeasureChangeRow[];
  neighbourhoods: {entering: LsoaMove[]; leaving: LsoaMove[]; stayed: number; ranksKept: number};
  indicators: {moved: IndicatorMove[]; unchanged: number; newValue: number; compared: number};
  sources: {changed: SourceChange[]; unchanged: number};
  config: ConfigChange[];
  partners: {changed: PartnerChange[]; unchanged: number};
  recommendations: RecommendationChange[] | null;
}

/** A local measure's verdicts against its baseline (components/success/measures.ts). */
const VERDICTS = new Set(["Better", "Worse", "No significant change"]);

/** The significance classes an indicator moves between (Fingertips' words). */
const CLASSES = new Set(["Better", "Similar", "Worse", "Higher", "Lower"]);

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * The calendar months of the two windows compared: each month of the current window with data whose month `years`
 * earlier has data in the previous edition's window, for the whole number of years (1 to 10) that pairs the most.
 */
export function pairMonths(previous: readonly string[], current: readonly string[]): {years: number; previous: string[]; current: string[]} | null {
  const had = new Set(previous);
  let best: {years: number; previous: string[]; current: string[]} | null = null;
  for (let years = 1; years <= 10; years++) {
    const cur = current.filter((m) => had.has(addMonths(m, -12 * years)));
    if (cur.length > (best?.current.length ?? 0)) best = {years, current: cur, previous: cur.map((m) => addMonths(m, -12 * years))};
  }
  return best;
}

/** The headline count on the same months of both editions, by the current definition, as a rate ratio. */
export function headlineChange(previous: EditionView, current: EditionView): {compared: HeadlineChange | null; reason: string | null} {
  const pairs = pairMonths(previous.window.available, current.window.available);
  if (!pairs) {
    return {compared: null, reason: `no month of this build's window (${formatMonthRuns(current.window.available)}) falls a whole number of years after a month of ${previous.name}'s (${formatMonthRuns(previous.window.available)}), so no like-for-like change can be measured`};
  }
  const types = new Set(current.figures.headline.crimeTypes);
  const count = (rows: EditionView["monthly"], months: string[]) => sum(rows.filter((r) => months.includes(r.month) && types.has(r.crime_type)).map((r) => r.count));
  const previousCount = count(previous.monthly, pairs.previous);
  const currentCount = count(current.monthly, pairs.current);
  const pPop = previous.figures.headline.population;
  const cPop = current.figures.headline.population;
  const rate = (n: number, pop: number) => {
    const r = rateCI(n, pop, 1000);
    return {value: r.value, lower: r.lower, upper: r.upper, population: pop};
  };
  return {
    compared: {
      previousMonths: pairs.previous,
      currentMonths: pairs.current,
      years: pairs.years,
      crimeTypes: [...types],
      previousCount,
      currentCount,
      previousRate: rate(previousCount, pPop),
      currentRate: rate(currentCount, cPop),
      change: rateRatio(currentCount, cPop, previousCount, pPop)
    },
    reason: null
  };
}

/** Each success and local measure of either edition: new period or not, and the change where counts compare. */
export function measureChanges(previous: readonly MeasureSummary[], current: readonly MeasureSummary[]): MeasureChangeRow[] {
  const ids = [...new Set([...previous.map((m) => m.id), ...current.map((m) => m.id)])];
  return ids.map((id) => {
    const p = previous.find((m) => m.id === id) ?? null;
    const c = current.find((m) => m.id === id) ?? null;
    const measure = (c ?? p)!.measure;
    if (!p || !c) return {id, measure, previous: p, current: c, status: p ? "dropped" : "added", change: null, verdictMoved: false, firstMeasured: false};
    const samePeriod = p.period === c.period;
    const status = samePeriod ? (p.count === c.count && p.value === c.value ? "no new period" : "revised") : "new period";
    const comparable = !samePeriod && p.count !== null && c.count !== null && p.months !== null && p.months === c.months;
    const judged = (v: string | null) => v !== null && VERDICTS.has(v);
    return {id, measure, previous: p, current: c, status, change: comparable ? rateRatio(c.count!, 1, p.count!, 1) : null, verdictMoved: judged(p.verdict) && judged(c.verdict) && p.verdict !== c.verdict, firstMeasured: !judged(p.verdict) && judged(c.verdict)};
  });
}

/** Neighbourhoods entering or leaving the ten busiest, with their ranks in the other edition where it kept them. */
export function topTenMoves(previous: readonly LsoaView[], current: readonly LsoaView[], ranksKept: number): EditionDiff["neighbourhoods"] {
  const top = (rows: readonly LsoaView[]) => rows.filter((r) => r.rank <= 10);
  const prevTop = new Set(top(previous).map((r) => r.lsoa21_code));
  const curTop = new Set(top(current).map((r) => r.lsoa21_code));
  const move = (r: LsoaView): LsoaMove => {
    const p = previous.find((x) => x.lsoa21_code === r.lsoa21_code);
    const c = current.find((x) => x.lsoa21_code === r.lsoa21_code);
    return {code: r.lsoa21_code, name: r.lsoa21_name, ward: r.ward_name, district: r.lad_name, previousRank: p?.rank ?? null, currentRank: c?.rank ?? null, previousCount: p?.count ?? null, currentCount: c?.count ?? null};
  };
  return {
    entering: top(current).filter((r) => !prevTop.has(r.lsoa21_code)).map(move).sort((a, b) => a.currentRank! - b.currentRank!),
    leaving: top(previous).filter((r) => !curTop.has(r.lsoa21_code)).map(move).sort((a, b) => a.previousRank! - b.previousRank!),
    stayed: [...curTop].filter((c) => prevTop.has(c)).length,
    ranksKept
  };
}

/** Indicators whose comparison with England moved between Better, Similar and Worse (or Higher and Lower). */
export function indicatorMoves(previous: readonly IndicatorSummary[], current: readonly IndicatorSummary[]): EditionDiff["indicators"] {
  const moved: IndicatorMove[] = [];
  let unchanged = 0;
  let newValue = 0;
  let compared = 0;
  for (const c of current) {
    const p = previous.find((x) => x.id === c.id);
    if (!p || !CLASSES.has(p.significance) || !CLASSES.has(c.significance)) continue;
    compared++;
    const view = (x: IndicatorSummary) => ({significance: x.significance, period: x.period, value: x.value});
    if (p.significance !== c.significance) moved.push({id: c.id, name: c.name, previous: view(p), current: view(c)});
    else if (p.period !== c.period || p.value !== c.value) newValue++;
    else unchanged++;
  }
  return {moved, unchanged, newValue, compared};
}

/** Snapshot sources whose newest period, release or number of files changed, or that came or went. */
export function sourceChanges(previous: readonly SourceSummary[], current: readonly SourceSummary[]): EditionDiff["sources"] {
  const names = [...new Set([...previous.map((s) => s.source), ...current.map((s) => s.source)])].sort();
  const changed: SourceChange[] = [];
  for (const source of names) {
    const p = previous.find((s) => s.source === source) ?? null;
    const c = current.find((s) => s.source === source) ?? null;
    if (!p || !c) changed.push({source, status: p ? "dropped" : "added", previous: p, current: c});
    else if (p.lastPeriod !== c.lastPeriod || p.firstPeriod !== c.firstPeriod || p.released !== c.released || p.files !== c.files) changed.push({source, status: "updated", previous: p, current: c});
  }
  return {changed, unchanged: names.length - changed.length};
}

const describeValue = (v: unknown): string => {
  if (v === undefined) return "not set";
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("; ") : "none";
  return typeof v === "string" ? v : JSON.stringify(v);
};

/** Fields of the configuration that define the figures and differ (the window is reported on its own). */
export function configChanges(previous: ConfigSummary, current: ConfigSummary): ConfigChange[] {
  const fields: (keyof ConfigSummary)[] = ["seriousViolence", "districts", "forces", "comparators", "smallNumberThreshold", "localMeasures", "indicators"];
  const out: ConfigChange[] = [];
  for (const f of fields) {
    if (f === "seriousViolence") {
      for (const k of ["label", "crimeTypes"] as const) {
        if (JSON.stringify(previous.seriousViolence[k]) !== JSON.stringify(current.seriousViolence[k])) out.push({field: `seriousViolence.${k}`, previous: describeValue(previous.seriousViolence[k]), current: describeValue(current.seriousViolence[k])});
      }
    } else if (JSON.stringify(previous[f]) !== JSON.stringify(current[f])) {
      out.push({field: f, previous: describeValue(previous[f]), current: describeValue(current[f])});
    }
  }
  return out;
}

/** Partner datasets added, dropped, or with another period, owner or EXAMPLE status. */
export function partnerChanges(previous: readonly PartnerSummary[], current: readonly PartnerSummary[]): EditionDiff["partners"] {
  const datasets = [...new Set([...previous.map((p) => p.dataset), ...current.map((p) => p.dataset)])].sort();
  const changed: PartnerChange[] = [];
  for (const dataset of datasets) {
    const p = previous.find((x) => x.dataset === dataset) ?? null;
    const c = current.find((x) => x.dataset === dataset) ?? null;
    if (!p || !c) changed.push({dataset, status: p ? "dropped" : "added", previous: p, current: c});
    else if (p.period !== c.period || p.owner !== c.owner || p.example !== c.example || p.status !== c.status || p.received !== c.received) changed.push({dataset, status: "changed", previous: p, current: c});
  }
  return {changed, unchanged: datasets.length - changed.length};
}

/** The recommendations register's ids of the Home Office measures, and the measure ids here, most local first. */
const MEASURE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  homicide: ["homicide-count", "homicide-rate"],
  "knife-offences": ["knife-partner", "knife-force"],
  "sharp-object-admissions": ["sharp-object-admissions"]
};

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/**
 * Each recommendation's monitoring measure against the comparison: matched to a success or local measure, or an
 * indicator, by id or name (either containing the other); moved when its count changed significantly, its verdict
 * changed, or the indicator moved class.
 */
export function recommendationChanges(recs: Figures["recommendations"], measures: readonly MeasureChangeRow[], indicators: EditionDiff["indicators"], current: readonly IndicatorSummary[]): RecommendationChange[] | null {
  if (recs === null) return null;
  return recs.map((r) => {
    const key = norm(r.measure);
    const hit = (id: string, name: string) => key !== "" && (norm(id) === key || norm(name).includes(key) || key.includes(norm(name)));
    // The recommendations register names Home Office measures by id (homicide, knife-offences,
    // sharp-object-admissions) and local measures by name; the partnership's own figures come first.
    const aliases = MEASURE_ALIASES[key.replace(/ /g, "-")] ?? [`local:${r.measure}`];
    const m = aliases.map((a) => measures.find((x) => x.id === a || x.id.startsWith(`${a}:`))).find(Boolean) ?? measures.find((x) => hit(x.id, x.measure));
    if (m) {
      const moved = (m.change?.significant ?? false) || m.verdictMoved;
      const verdicts = `verdict ${m.previous?.verdict ?? "none"} → ${m.current?.verdict ?? "none"}`;
      const detail = m.change ? `${m.change.significant ? "significant" : "no significant"} change (rate ratio ${m.change.ratio?.toFixed(2) ?? "n/a"})` : m.verdictMoved || m.firstMeasured ? verdicts : m.status;
      return {...r, matched: m.measure, moved: moved ? "moved" : m.firstMeasured ? "first measured" : "not moved", detail};
    }
    const ind = current.find((x) => hit(x.id, x.name));
    if (ind) {
      const mv = indicators.moved.find((x) => x.id === ind.id);
      return {...r, matched: ind.name, moved: mv ? "moved" : "not moved", detail: mv ? `${mv.previous.significance} → ${mv.current.significance}` : `still ${ind.significance}`};
    }
    return {...r, matched: null, moved: "no comparable measure", detail: r.measure ? "its monitoring measure names no success measure, local measure or indicator of this build" : "it names no monitoring measure"};
  });
}

/** Everything that changed from `previous` to `current`. */
export function diffEditions(previous: EditionView, current: EditionView, ranksKept: number): EditionDiff {
  const head = headlineChange(previous, current);
  const measures = measureChanges(previous.figures.measures, current.figures.measures);
  const indicators = indicatorMoves(previous.figures.indicators, current.figures.indicators);
  return {
    headline: {previous: previous.figures.headline, current: current.figures.headline, ...head, definitionChanged: previous.figures.headline.crimeTypes.join("|") !== current.figures.headline.crimeTypes.join("|")},
    measures,
    neighbourhoods: topTenMoves(previous.lsoas, current.lsoas, ranksKept),
    indicators,
    sources: sourceChanges(previous.sources, current.sources),
    config: configChanges(previous.config, current.config),
    partners: partnerChanges(previous.figures.partners, current.figures.partners),
    recommendations: recommendationChanges(current.figures.recommendations, measures, indicators, current.figures.indicators)
  };
}
