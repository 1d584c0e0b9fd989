/**
 * Recent trend marker, as Fingertips (`TrendMarkerCalculator`) and PHEindicatormethods `assign_trend_markers`:
 * the last five annual points are tested for a linear trend with a chi-square test (1 df) at 99.8%
 * (threshold χ²₁(0.998) = 9.5495…), then a leave-one-out check drops each point in turn and requires every slope to
 * keep the sign of the full slope (otherwise an outlier drives the trend and the marker is "No significant change").
 *
 * - Values with confidence intervals ("other": rates, DSRs, ratios, means…): weighted least squares of value on
 *   year with weights 1/SE², SE = (upper − lower) / 3.92 (Fingertips; 2·Φ⁻¹(1 − α/2) if `ciLevel` is given, as
 *   PHEindicatormethods); χ² = β² / var(β) with var(β) = Σw / (Σw·Σwt² − (Σwt)²).
 * - Proportions (count of denominator): the chi-square test for trend in proportions (Armitage), with
 *   χ² = N (N·Σct − C·Σnt)² / (C (N − C)(N·Σnt² − (Σnt)²)) (N = Σn, C = Σc), and the direction and leave-one-out
 *   slopes from the least-squares slope of logit(c / n) on year.
 *
 * Preconditions (PHEindicatormethods notes): at least five points, annual and non-overlapping periods, no breaks in
 * the series, and confidence limits for non-proportions. Anything else gives "Cannot be calculated" with a reason.
 * Years are centred before the sums, which changes nothing mathematically but avoids cancellation with t ≈ 2024.
 *
 * References: Fingertips Public Health Technical Guidance, "Recent trends"; Armitage P, Berry G, Matthews JNS.
 * Statistical methods in medical research, 4th ed. 2002 (chi-square test for trend).
 */
import type {Polarity} from "./benchmark.js";
import {isMissing, requireFinite, requireLevel, StatsInputError, type Maybe} from "./errors.js";
import {chiSquareQuantile, zForLevel} from "./special.js";

export type TrendMarker = "Increasing" | "Decreasing" | "No significant change" | "Cannot be calculated";

/** Number of most recent points tested. */
export const TREND_POINTS = 5;
/** χ² critical value for 1 df at 99.8% (Fingertips' ChiSquareConfidence 9.54953570608324). */
export const TREND_THRESHOLD = chiSquareQuantile(0.998, 1);
/** Fingertips' divisor turning a 95% interval width into a standard error (2 × 1.96). */
export const SE_DIVISOR_95 = 3.92;

export interface TrendPoint {
  /** Calendar or financial year start (annual data only). */
  year: number;
  value?: Maybe<number>;
  lower?: Maybe<number>;
  upper?: Maybe<number>;
  count?: Maybe<number>;
  denominator?: Maybe<number>;
}

export interface TrendOptions {
  /** "proportion" uses counts and denominators; "other" uses values and confidence limits. */
  valueType: "proportion" | "other";
  /** Confidence level of the supplied limits, to derive SE as PHEindicatormethods does; default: width / 3.92. */
  ciLevel?: number;
}

export interface TrendResult {
  marker: TrendMarker;
  reason: string;
  chiSquare: number | null;
  /** Slope per year (value units per year, or logit units per year for proportions). */
  slope: number | null;
  /** Years of the points tested. */
  years: number[];
}

function cannot(reason: string, years: number[]): TrendResult {
  return {marker: "Cannot be calculated", reason, chiSquare: null, slope: null, years};
}

/** Weighted least-squares slope and its χ² for values y at centred times t with weights w. */
function weightedSlope(t: number[], y: number[], w: number[]): {slope: number; chiSquare: number} {
  let sw = 0, swt = 0, swy = 0, swtt = 0, swty = 0;
  t.forEach((ti, i) => {
    const wi = w[i] as number;
    const yi = y[i] as number;
    sw += wi;
    swt += wi * ti;
    swy += wi * yi;
    swtt += wi * ti * ti;
    swty += wi * ti * yi;
  });
  const det = sw * swtt - swt * swt;
  const slope = (sw * swty - swt * swy) / det;
  const variance = sw / det;
  return {slope, chiSquare: (slope * slope) / variance};
}

/** Chi-square test for trend in proportions (Armitage) at centred times t. */
function proportionTrendChiSquare(t: number[], c: number[], n: number[]): number {
  let sn = 0, sc = 0, sct = 0, snt = 0, sntt = 0;
  t.forEach((ti, i) => {
    const ni = n[i] as number;
    const ci = c[i] as number;
    sn += ni;
    sc += ci;
    sct += ci * ti;
    snt += ni * ti;
    sntt += ni * ti * ti;
  });
  return (sn * (sn * sct - sc * snt) ** 2) / (sc * (sn - sc) * (sn * sntt - snt * snt));
}

/** Slope of the series without point `skip` (or with all points when skip < 0). */
type SlopeFn = (skip: number) => number;

function leaveOneOutAgrees(slopeOf: SlopeFn, full: number, points: number): boolean {
  for (let j = 0; j < points; j++) {
    if (Math.sign(slopeOf(j)) !== Math.sign(full)) return false;
  }
  return true;
}

function without<T>(xs: T[], skip: number): T[] {
  return skip < 0 ? xs : xs.filter((_, i) => i !== skip);
}

/** Validate the series and return its last five points, or a reason why it cannot be tested. */
function lastFive(points: readonly TrendPoint[]): TrendPoint[] | string {
  const years = points.map((p) => requireFinite("year", p.year));
  if (new Set(years).size !== years.length) {
    throw new StatsInputError(`years must be unique in a trend series, got ${years.join(", ")}; one point per year`);
  }
  if (points.length < TREND_POINTS) return `not enough data points: ${points.length} of ${TREND_POINTS}`;
  const recent = [...points].sort((a, b) => a.year - b.year).slice(-TREND_POINTS);
  const ys = recent.map((p) => p.year);
  if (ys.some((y, i) => i > 0 && y !== (ys[i - 1] as number) + 1)) {
    return `the last ${TREND_POINTS} points are not consecutive years (${ys.join(", ")}); breaks in the series are not tested`;
  }
  return recent;
}

function decide(chiSquare: number, slope: number, agrees: boolean, years: number[]): TrendResult {
  if (!(chiSquare > TREND_THRESHOLD)) {
    return {marker: "No significant change", reason: `chi-square ${chiSquare.toFixed(4)} is not above ${TREND_THRESHOLD.toFixed(4)}`, chiSquare, slope, years};
  }
  if (!agrees) {
    return {marker: "No significant change", reason: "outlier found: a leave-one-out slope changes sign", chiSquare, slope, years};
  }
  return {
    marker: slope < 0 ? "Decreasing" : "Increasing",
    reason: `chi-square ${chiSquare.toFixed(4)} is above ${TREND_THRESHOLD.toFixed(4)} and no outlier`,
    chiSquare,
    slope,
    years
  };
}

function otherTrend(recent: TrendPoint[], options: TrendOptions, years: number[]): TrendResult {
  if (recent.some((p) => isMissing(p.value))) return cannot("missing values in the last five points", years);
  if (recent.some((p) => isMissing(p.lower) || isMissing(p.upper))) {
    return cannot("missing confidence limits in the last five points", years);
  }
  const divisor = options.ciLevel === undefined ? SE_DIVISOR_95 : 2 * zForLevel(requireLevel(options.ciLevel));
  const y = recent.map((p) => requireFinite("value", p.value as number));
  const se = recent.map((p) => (requireFinite("upper", p.upper as number) - requireFinite("lower", p.lower as number)) / divisor);
  if (se.some((s) => !(s > 0))) return cannot("a confidence interval has zero or negative width", years);
  const mean = years.reduce((a, b) => a + b, 0) / years.length;
  const t = years.map((yr) => yr - mean);
  const w = se.map((s) => 1 / (s * s));
  const full = weightedSlope(t, y, w);
  const slopeOf: SlopeFn = (skip) => weightedSlope(without(t, skip), without(y, skip), without(w, skip)).slope;
  return decide(full.chiSquare, full.slope, leaveOneOutAgrees(slopeOf, full.slope, TREND_POINTS), years);
}

/** Ordinary least-squares slope of y on t. */
function olsSlope(t: number[], y: number[]): number {
  return weightedSlope(t, y, t.map(() => 1)).slope;
}

function proportionTrend(recent: TrendPoint[], years: number[]): TrendResult {
  if (recent.some((p) => isMissing(p.count) || isMissing(p.denominator))) {
    return cannot("missing counts or denominators in the last five points", years);
  }
  const c = recent.map((p) => requireFinite("count", p.count as number));
  const n = recent.map((p) => requireFinite("denominator", p.denominator as number));
  if (c.some((ci, i) => !(ci > 0 && ci < (n[i] as number)))) {
    return cannot("a proportion is 0 or 100%, so its logit is undefined", years);
  }
  const mean = years.reduce((a, b) => a + b, 0) / years.length;
  const t = years.map((yr) => yr - mean);
  const logit = c.map((ci, i) => Math.log(ci / ((n[i] as number) - ci)));
  const slope = olsSlope(t, logit);
  const chiSquare = proportionTrendChiSquare(t, c, n);
  const slopeOf: SlopeFn = (skip) => olsSlope(without(t, skip), without(logit, skip));
  return decide(chiSquare, slope, leaveOneOutAgrees(slopeOf, slope, TREND_POINTS), years);
}

/** Recent trend marker for an annual series (any order; the five most recent years are tested). */
export function recentTrend(points: readonly TrendPoint[], options: TrendOptions): TrendResult {
  if (options.valueType !== "proportion" && options.valueType !== "other") {
    throw new StatsInputError(`valueType must be "proportion" or "other", got ${String(options.valueType)}`);
  }
  const recent = lastFive(points);
  if (typeof recent === "string") return cannot(recent, []);
  const years = recent.map((p) => p.year);
  return options.valueType === "proportion" ? proportionTrend(recent, years) : otherTrend(recent, options, years);
}

export type TrendWithPolarity =
  | "Increasing and getting better"
  | "Increasing and getting worse"
  | "Decreasing and getting better"
  | "Decreasing and getting worse"
  | TrendMarker;

/** Fingertips' wording once polarity is known (FingertipsNext `AdjustForPolarity`): no judgement keeps the marker. */
export function trendWithPolarity(marker: TrendMarker, polarity: Polarity): TrendWithPolarity {
  if (polarity === "no-judgement" || (marker !== "Increasing" && marker !== "Decreasing")) return marker;
  const better = (marker === "Increasing") === (polarity === "high-is-good");
  return `${marker} and getting ${better ? "better" : "worse"}`;
}
