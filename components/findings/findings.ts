/**
 * "The findings that matter", written from the data: each sentence is built from figures computed in the prepare
 * step and says how sure we can be (significance from confidence intervals or the exact rate-ratio test). Pure: the
 * build writes the configured default's (loaders/prepare/prepare.ts) and the Overview writes those of a reader's
 * selection from the tables it recomputed in the browser, with the same functions.
 */
import {formatMonth, formatMonthRuns as formatMonthList} from "../format/month.js";
import {currentIndicators, formatIndicatorValue, periodLabel, type KindSource} from "../benchmarking/benchmarking.js";
import type {BenchmarkOutcome} from "../stats/benchmark.js";

export interface Finding {
  /**
   * Stable across builds, so that registers can cite a finding (data/registers/recommendations.csv): one of
   * FINDING_IDS, or `risk:<indicator id>` for a risk factor worse than England. The text changes with the data.
   */
  id: string;
  kind: "change" | "benchmark" | "concentration" | "deprivation" | "peak" | "coverage" | "risk-factor";
  text: string;
}

/** The ids of the findings written from police.uk data, in the order they appear; each is there only when the data allow it. */
export const FINDING_IDS = ["headline-change", "england-comparison", "force-comparison", "concentration", "deprivation", "peak-month", "coverage"] as const;
/** A risk factor's finding: `risk:` and the indicator's id (Fingertips "90813" or DfE "dfe-neet"). */
export const riskFindingId = (indicatorId: number | string): string => `risk:${indicatorId}`;

interface Rate {
  rate: number;
  lower: number;
  upper: number;
}

export interface FindingsInput {
  label: string;
  areaName: string;
  headline: Rate & {
    count: number;
    change: {current: number; previous: number; ratio: number | null; lower: number; upper: number; significant: boolean; pValue: number} | null;
    monthsCompared: {current: string[]; previous: string[]; notCompared: string[]};
  };
  england: (Rate & {count: number; population: number}) | null;
  /** The area as the England set counts it (every force's records located there); null when its force is not complete in the set. */
  englandArea?: (Rate & {count: number}) | null;
  force: (Rate & {name: string}) | null;
  /** The area's districts are exactly the force's: the area is the force area, so it is not compared with it. */
  sameAsForce?: boolean;
  concentration: {top10: {lsoas: number; share: number}; lsoas: number};
  /** The neighbourhood with most serious violence, named as residents know it (LSOA name, ward, code). */
  topLsoa?: {code: string; name: string; ward: string | null; count: number} | null;
  byDecile: readonly (Rate & {imd_decile: number})[];
  peak: {month: string; count: number} | null;
  windowMissing: string[];
}

/**
 * What the police.uk findings read of a selection's tables (components/sql/violence.ts: the headline, the LSOAs
 * ranked most first, the deprivation deciles, the concentration and the monthly records), one definition for the build
 * and the live Overview: the top neighbourhood, and the peak month of the chosen types among the window's months.
 */
export interface ViolenceTables {
  headline: FindingsInput["headline"];
  lsoas: readonly {lsoa21_code: string; lsoa21_name: string; ward_name: string | null; count: number}[];
  deciles: FindingsInput["byDecile"];
  concentration: FindingsInput["concentration"];
  monthly: readonly {month: string; crime_type: string; count: number}[];
  window: {available: readonly string[]; missing: readonly string[]};
}

export function violenceFindingsInput(t: ViolenceTables, crimeTypes: readonly string[]): Pick<FindingsInput, "headline" | "concentration" | "topLsoa" | "byDecile" | "peak" | "windowMissing"> {
  const sv = new Set(crimeTypes);
  const byMonth = t.window.available.map((month) => ({month, count: t.monthly.filter((m) => m.month === month && sv.has(m.crime_type)).reduce((s, m) => s + m.count, 0)}));
  const peak = byMonth.reduce<{month: string; count: number} | null>((best, m) => (!best || m.count > best.count ? m : best), null);
  const top = t.lsoas[0];
  return {
    headline: t.headline,
    concentration: t.concentration,
    topLsoa: top ? {code: top.lsoa21_code, name: top.lsoa21_name, ward: top.ward_name, count: top.count} : null,
    byDecile: t.deciles,
    peak,
    windowMissing: [...t.window.missing]
  };
}

/** The findings that compare the area with England and with its force: of the configured default only (one calendar year of every district). */
export const COMPARISON_FINDING_IDS: readonly string[] = ["england-comparison", "force-comparison"];

/** A ratio to 2 decimals, or 3 when 2 would round a limit onto 1 and hide which side of 1 it lies. */
export const formatRatio = (x: number): string => (Math.abs(x - 1) < 0.005 && x !== 1 ? x.toFixed(3) : x.toFixed(2));
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const r1 = (x: number) => x.toFixed(1);
const overlap = (a: Rate, b: Rate) => a.lower <= b.upper && b.lower <= a.upper;

function compare(a: Rate, b: Rate): "higher" | "lower" | "similar" {
  if (overlap(a, b)) return "similar";
  return a.rate > b.rate ? "higher" : "lower";
}

export function writeFindings(input: FindingsInput): Finding[] {
  const out: Finding[] = [];
  const {headline: h, label, areaName} = input;
  const change = h.change;
  if (change && change.ratio !== null) {
    const direction = change.ratio > 1 ? "rose" : "fell";
    const pctChange = Math.abs(change.ratio - 1);
    const months = formatMonthList(h.monthsCompared.current);
    out.push({
      id: "headline-change",
      kind: "change",
      text: change.significant && Number.isFinite(change.ratio)
        ? `${label} in ${areaName} ${direction} by ${pct(pctChange)} in ${months} against the same months a year earlier (${change.current.toLocaleString("en-GB")} against ${change.previous.toLocaleString("en-GB")}; rate ratio ${formatRatio(change.ratio)}, 95% CI ${formatRatio(change.lower)} to ${formatRatio(change.upper)}): a statistically significant change.`
        : `${label} in ${areaName} in ${months} (${change.current.toLocaleString("en-GB")}) shows no statistically significant change against the same months a year earlier (${change.previous.toLocaleString("en-GB")}; rate ratio ${formatRatio(change.ratio)}, 95% CI ${formatRatio(change.lower)} to ${formatRatio(change.upper)}).`
    });
  }
  if (input.england) {
    // One source per comparison: the England set's count of the area against the set, never the force files' count.
    const area = input.englandArea;
    if (area) {
      const c = compare(area, input.england);
      const counted = `In the England police.uk 2025 set, which counts the records every force located in ${areaName} (${area.count.toLocaleString("en-GB")} offences in 2025), its rate is ${r1(area.rate)} per 1,000 residents`;
      out.push({
        id: "england-comparison",
        kind: "benchmark",
        text:
          c === "similar"
            ? `${counted}: similar to the set as a whole (${r1(input.england.rate)} per 1,000; the confidence intervals overlap).`
            : `${counted} (95% CI ${r1(area.lower)} to ${r1(area.upper)}): significantly ${c} than the set as a whole (${r1(input.england.rate)} per 1,000).`
      });
    } else if (input.englandArea === null) {
      out.push({id: "england-comparison", kind: "benchmark", text: `${areaName} is not compared with the England police.uk 2025 set: its force does not have all 12 months of 2025 in the set.`});
    }
  }
  if (input.force && input.sameAsForce) {
    out.push({id: "force-comparison", kind: "benchmark", text: `${areaName} is the whole ${input.force.name} area (the same districts), so it is ${input.englandArea ? "compared with England rather than with the force" : "not compared with the force"}.`});
  } else if (input.force) {
    const c = compare(h, input.force);
    out.push({
      id: "force-comparison",
      kind: "benchmark",
      text: `Counted from the ${input.force.name} files, as the headline is, the rate of ${areaName} (${r1(h.rate)} per 1,000 residents) is ${c === "similar" ? "similar to" : `significantly ${c} than`} that of the ${input.force.name} area as a whole (${r1(input.force.rate)} per 1,000${c === "similar" ? "; the confidence intervals overlap" : ""}).`
    });
  }
  out.push({
    id: "concentration",
    kind: "concentration",
    text: `Violence is concentrated: the ${input.concentration.top10.lsoas} neighbourhoods (LSOAs) with most serious violence, 10% of the area's ${input.concentration.lsoas}, had ${pct(input.concentration.top10.share)} of it.${input.topLsoa ? ` The most was in ${input.topLsoa.name}${input.topLsoa.ward ? `, ${input.topLsoa.ward}` : ""} (${input.topLsoa.code}): ${input.topLsoa.count.toLocaleString("en-GB")} offences.` : ""}`
  });
  const most = input.byDecile.find((d) => d.imd_decile === 1) ?? input.byDecile[0];
  const least = input.byDecile.find((d) => d.imd_decile === 10) ?? input.byDecile.at(-1);
  if (most && least && most !== least) {
    const c = compare(most, least);
    out.push({
      id: "deprivation",
      kind: "deprivation",
      text: `In the area's most deprived neighbourhoods (IMD 2025 decile ${most.imd_decile}) the rate was ${r1(most.rate)} per 1,000 against ${r1(least.rate)} in the least deprived (decile ${least.imd_decile})${c === "similar" ? ", a difference within the margin of error" : `: ${(most.rate / least.rate).toFixed(1)} times as high`}.`
    });
  }
  if (input.peak) out.push({id: "peak-month", kind: "peak", text: `The highest month was ${formatMonth(input.peak.month)} (${input.peak.count.toLocaleString("en-GB")} offences).`});
  if (input.windowMissing.length) {
    out.push({id: "coverage", kind: "coverage", text: `No police.uk data for ${formatMonthList(input.windowMissing)}: those months are gaps, not zeros, and are left out of every total.`});
  }
  return out;
}

/** What a risk-factor finding needs of an indicator summary (loaders/prepare/risk-tables.ts `ListedIndicator`). */
export interface RiskFindingSource extends KindSource {
  name: string;
  lower: number | null;
  upper: number | null;
  england: number | null;
  decimals: number;
  significance: BenchmarkOutcome;
  significanceSource: string;
  unit?: string;
  /** How the interval was made, when it is not the publisher's (DfE: Wilson, added by SNA Workbench). */
  ciMethod?: string;
}

/**
 * The risk factors significantly worse than England, as findings: only indicators that no newer data of the same kind
 * replaces (Fingertips NEET 2018 gives way to DfE NEET 2025), each period older than three years with its age.
 */
export function riskFactorFindings(indicators: readonly RiskFindingSource[], now: Date): Finding[] {
  return currentIndicators(indicators)
    .filter((d) => d.significance === "Worse" && d.value !== null && d.period !== null)
    .map((d) => {
      const unit = d.unit === "%" ? "%" : "";
      const v = (x: number | null) => `${formatIndicatorValue(x, d.decimals)}${unit}`;
      const ci = d.lower !== null && d.upper !== null ? ` (95% CI ${v(d.lower)} to ${v(d.upper)}${d.ciMethod?.includes("added by SNA Workbench") ? ", a Wilson interval added by SNA Workbench" : ""})` : "";
      return {id: riskFindingId(d.id), kind: "risk-factor" as const, text: `${d.name}: ${v(d.value)} in ${periodLabel(d.period as string, now)}${ci}, against ${v(d.england)} for England: worse (${d.significanceSource}).`};
    });
}
