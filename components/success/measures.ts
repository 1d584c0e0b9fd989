/**
 * The success measures' arithmetic, for the Success measures chapter: change from a baseline as a rate ratio with its
 * exact 95% interval and significance (components/stats/rate-ratio.ts: conditional binomial method), words a board can
 * read, a caution for rates on few events, and the partnership's local measures (counts by month from a prepared
 * table, baseline months against the same months of the latest year that has them all).
 * Pure functions: the page only draws what these return.
 */
import {rateRatio} from "../stats/rate-ratio.js";
import {countCI} from "../stats/rate.js";

export type MeasurePolarity = "low-is-good" | "high-is-good";

export interface PeriodCount {
  /** "Jan to Apr 2024", "YE Dec 2018". */
  label: string;
  count: number;
  /** Residents (or any exposure) the count is over; equal for both periods when only counts are compared. */
  denominator: number;
}

export interface MeasureChange {
  baseline: PeriodCount;
  latest: PeriodCount;
  /** Latest rate over baseline rate (null when the baseline has no events). */
  ratio: number | null;
  lower: number;
  upper: number;
  significant: boolean;
  /** "Better", "Worse", or "No significant change" (for polarity no-judgement: "Higher", "Lower"). */
  verdict: "Better" | "Worse" | "No significant change";
  words: string;
}

const pct = (x: number): string => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(Math.round(x * 100))}%`;

/** Change from baseline to latest: rate ratio, its exact 95% CI, and a verdict by polarity. */
export function changeFrom(baseline: PeriodCount, latest: PeriodCount, polarity: MeasurePolarity): MeasureChange {
  const rr = rateRatio(latest.count, latest.denominator, baseline.count, baseline.denominator);
  const ratio = rr.ratio === null || !Number.isFinite(rr.ratio) ? null : rr.ratio;
  const up = rr.lower > 1;
  const down = rr.upper < 1;
  const verdict = !rr.significant ? "No significant change" : (up && polarity === "high-is-good") || (down && polarity === "low-is-good") ? "Better" : "Worse";
  const interval = Number.isFinite(rr.upper) ? `95% CI ${pct(rr.lower - 1)} to ${pct(rr.upper - 1)}` : "95% CI unbounded";
  const words =
    ratio === null
      ? `${latest.count} in ${latest.label} against none in ${baseline.label}: no ratio can be formed.`
      : `${latest.label}: ${latest.count.toLocaleString("en-GB")}, against ${baseline.count.toLocaleString("en-GB")} in ${baseline.label} (${pct(ratio - 1)}, ${interval}): ${rr.significant ? `a significant ${up ? "rise" : "fall"}, ${verdict.toLowerCase()}` : "no significant change"}.`;
  return {baseline, latest, ratio, lower: rr.lower, upper: rr.upper, significant: rr.significant, verdict, words};
}

/**
 * The caution a small count needs: below 10 events an exact Poisson interval is wide and a rate moves by chance, so
 * one period's figure is not a trend (PHE Technical Guide, small numbers). Null from 10 events.
 */
export function smallCountCaution(count: number | null, what: string): string | null {
  if (count === null || count >= 10) return null;
  const ci = countCI(count);
  return `${count} ${what}: with so few events the 95% interval runs from ${ci.lower.toFixed(1)} to ${ci.upper.toFixed(1)}, so a rate on this count moves a long way by chance from one year to the next, and a rise or fall between two years is not a trend.`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2024-01".."2024-04" → "Jan to Apr 2024"; across years "Nov 2024 to Feb 2025". */
export function monthRunLabel(from: string, to: string): string {
  const [fy, fm] = from.split("-");
  const [ty, tm] = to.split("-");
  const f = MONTHS[Number(fm) - 1];
  const t = MONTHS[Number(tm) - 1];
  if (from === to) return `${f} ${fy}`;
  return fy === ty ? `${f} to ${t} ${ty}` : `${f} ${fy} to ${t} ${ty}`;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const here = `${y}-${String(m).padStart(2, "0")}`;
    if (here > to) break;
    out.push(here);
    m === 12 ? (y++, (m = 1)) : m++;
  }
  return out;
}

const shiftYears = (month: string, years: number): string => `${Number(month.slice(0, 4)) + years}${month.slice(4)}`;

export interface LocalMeasureDef {
  name: string;
  table: string;
  where: Readonly<Record<string, string | readonly string[]>>;
  polarity: MeasurePolarity;
  baseline: {from: string; to: string};
  source?: string;
}

export type LocalMeasureResult =
  | {name: string; ok: true; monthly: {month: string; count: number}[]; change: MeasureChange; latest: {from: string; to: string}}
  | {name: string; ok: false; reason: string};

/**
 * A local measure over rows with a month and a count. partner_records rows are by month when their row dimension is
 * "Month": their `row` is the month. Suppressed partner cells have no count: a month with one is not summed (it would
 * understate), and the measure says so instead of comparing.
 */
export function localMeasure(def: LocalMeasureDef, rows: readonly Record<string, unknown>[]): LocalMeasureResult {
  const matches = (r: Record<string, unknown>) =>
    Object.entries(def.where).every(([k, v]) => (Array.isArray(v) ? v.includes(String(r[k])) : String(r[k]) === v));
  const monthOf = (r: Record<string, unknown>): string | null =>
    def.table === "partner_records" ? (r.row_dim === "Month" && !r.total && /^\d{4}-\d{2}$/.test(String(r.row)) && (r.col_dim === null || r.col_dim === "" || r.col === "Total") ? String(r.row) : null) : typeof r.month === "string" ? r.month : null;
  const byMonth = new Map<string, number | null>();
  for (const r of rows) {
    if (!matches(r)) continue;
    const m = monthOf(r);
    if (!m) continue;
    const c = typeof r.count === "number" ? r.count : null;
    byMonth.set(m, c === null || byMonth.get(m) === null ? null : (byMonth.get(m) ?? 0) + c);
  }
  if (!byMonth.size) return {name: def.name, ok: false, reason: `no rows of ${def.table} match ${JSON.stringify(def.where)}: check the configuration's successMeasures`};
  const baseMonths = monthsBetween(def.baseline.from, def.baseline.to);
  const missing = baseMonths.filter((m) => !byMonth.has(m));
  if (missing.length) return {name: def.name, ok: false, reason: `the baseline months ${monthRunLabel(def.baseline.from, def.baseline.to)} are not all in this build (no data for ${missing.join(", ")})`};
  const latestYear = Number([...byMonth.keys()].sort().at(-1)!.slice(0, 4));
  const baseYear = Number(def.baseline.to.slice(0, 4));
  for (let shift = latestYear - baseYear; shift > 0; shift--) {
    const months = baseMonths.map((m) => shiftYears(m, shift));
    if (!months.every((m) => byMonth.has(m))) continue;
    const sum = (ms: string[]) => ms.map((m) => byMonth.get(m));
    const [b, l] = [sum(baseMonths), sum(months)];
    if ([...b, ...l].some((v) => v === null)) return {name: def.name, ok: false, reason: "a month of the comparison has a suppressed count, so the totals would understate: compare longer periods"};
    const total = (vs: (number | null | undefined)[]) => vs.reduce<number>((s, v) => s + (v ?? 0), 0);
    const change = changeFrom(
      {label: monthRunLabel(def.baseline.from, def.baseline.to), count: total(b), denominator: 1},
      {label: monthRunLabel(months[0]!, months.at(-1)!), count: total(l), denominator: 1},
      def.polarity
    );
    const monthly = [...byMonth.entries()].filter(([, c]) => c !== null).map(([month, count]) => ({month, count: count as number})).sort((x, y) => x.month.localeCompare(y.month));
    return {name: def.name, ok: true, monthly, change, latest: {from: months[0]!, to: months.at(-1)!}};
  }
  return {name: def.name, ok: false, reason: `no later year in this build has all of the baseline's calendar months (${monthRunLabel(def.baseline.from, def.baseline.to)})`};
}
