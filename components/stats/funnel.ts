/**
 * Funnel plot control limits and significance, as PHEindicatormethods `calculate_funnel_limits`,
 * `assign_funnel_significance` and `calculate_funnel_points`, following the Fingertips technical guidance.
 * Limits are drawn at "2 SD" (95%, p = 0.025 each side) and "3 SD" (99.8%, p = 0.001 each side).
 *
 * - Proportions: the limit at population n is the observed proportion whose Wilson score interval just touches the
 *   baseline average a (the funnel "sigma adjustment"): the roots x of B x² − 2A x + C = 0 with
 *   A = a(n/z² + 1), B = 1/z² + 1/n, C = a(n(a(n/z² + 2) − 1) + z²(a − 1)), divided by n.
 * - Ratios (observed / expected, e.g. ISR): for O observed events the expected counts on the limits are the exact
 *   Poisson limits of O (the expected E with P(X ≤ O | E) = p gives the lower funnel, P(X ≥ O | E) = p the upper).
 *   PHEindicatormethods finds them by bisection to 1e-7 on v = E / (1 + O + E); here they are exact gamma quantiles.
 * - Rates (crude or DSR): the same Poisson limits turned into populations with the baseline rate.
 * - Significance of points: ratio and rate points use exact Poisson limits below 10 events and Byar's at 10 or more
 *   (PHEindicatormethods `funnel_ratio_significance`); DSR points with fewer than 10 events are not assessed.
 *
 * The 100 x-axis points reproduce the package's spacing (geometric, rounded half to even as R's round, at least 1
 * apart) and its "neat" axis bounds, including R's way of counting the digits of a number.
 *
 * References: Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med 2005;24:1185–1202.
 * Fingertips Public Health Technical Guidance ("Funnel plots"); PHEindicatormethods R/Funnels.R (v2.x).
 */
import {isMissing, requireCount, requirePositive, StatsInputError, type Maybe} from "./errors.js";
import {byarLower, byarUpper} from "./poisson.js";
import {gammaPInv, gammaQInv, normalQuantile} from "./special.js";

export type FunnelSignificance =
  | "High (0.001)"
  | "High (0.025)"
  | "Low (0.001)"
  | "Low (0.025)"
  | "Not significant"
  | "Not applicable for events less than 10 for dsrs";

/** One-sided tail probabilities of the two funnels: 2 SD (95%) and 3 SD (99.8%). */
export const FUNNEL_TAILS = {twoSigma: 0.025, threeSigma: 0.001} as const;

/** Number of points on a funnel line. */
export const FUNNEL_POINTS = 100;

// ---------------------------------------------------------------------------------------------------------------
// Axis helpers (R semantics)

/** Number of characters R prints for a whole number (R switches to "1e+05" style when that is shorter). */
export function rDigits(n: number): number {
  const fixed = String(Math.abs(n)).length;
  if (n === 0) return 1;
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  // 15 significant digits strip floating-point noise (1.2000000000000002) before counting R's digits.
  const mantissa = (Math.abs(n) / 10 ** exponent).toPrecision(15).replace(".", "");
  const sig = mantissa.replace(/0+$/, "").length || 1;
  const sci = (sig === 1 ? 1 : sig + 1) + 2 + Math.max(2, String(exponent).length);
  return Math.min(fixed, sci);
}

/** Round half to even, as R's round(). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Round down to a neat axis minimum (5% below, to the leading digit). */
function neatFloor(x: number): number {
  if (x === 0) return 0;
  const n = rDigits(Math.floor(x * 0.95)) - 1;
  return Math.floor((x * 0.95) / 10 ** n) * 10 ** n;
}

/** Round up to a neat axis maximum (5% above, to two leading digits). */
function neatCeiling(x: number): number {
  if (x === 0) return 0;
  const n = rDigits(Math.ceil(x * 1.05)) - 2;
  return Math.ceil((x * 1.05) / 10 ** n) * 10 ** n;
}

/** The 100 x-axis values between `first` and `max`, geometric with a minimum step of 1. */
function axisPoints(first: number, max: number, offsetShift: number): number[] {
  const xs = [first];
  for (let j = 2; j <= FUNNEL_POINTS; j++) {
    const prev = xs[xs.length - 1] as number;
    const offset = j - offsetShift;
    xs.push(Math.max(roundHalfEven(Math.pow(max / prev, 1 / (101 - offset)) * prev), prev + 1));
  }
  return xs;
}

/** Axis minimum: 0 when the denominators spread over more than a factor 2, else a neat value below the smallest. */
function axisMinimum(min: number, max: number, neat: (x: number) => number): number {
  return max > 2 * min ? 0 : neat(min);
}

// ---------------------------------------------------------------------------------------------------------------
// Poisson limits used by ratio and rate funnels

/** Expected count E at which O observed events sit on the funnel: "low" side P(X ≥ O | E) = p, "high" P(X ≤ O | E) = p. */
export function poissonFunnelExpected(observed: number, p: number, side: "low" | "high"): number {
  requireCount("observed", observed);
  if (side === "low") return observed === 0 ? 0 : gammaPInv(p, observed);
  return gammaQInv(p, observed + 1);
}

/**
 * Limit of the observed count O for significance testing at two-sided level `level` (0.95 or 0.998): exact
 * Poisson limits below 10 events, Byar's at 10 or more.
 */
export function funnelCountLimit(observed: number, level: number, side: "low" | "high"): number {
  requireCount("observed", observed);
  const tail = (1 - level) / 2;
  if (side === "low" && observed === 0) return 0;
  if (observed < 10) return side === "low" ? gammaPInv(tail, observed) : gammaQInv(tail, observed + 1);
  const z = normalQuantile(0.5 + level / 2);
  return side === "low" ? (byarLower(observed, z) ?? 0) : byarUpper(observed, z);
}

function classify(high999: boolean, high975: boolean, low999: boolean, low975: boolean): FunnelSignificance {
  if (high999) return "High (0.001)";
  if (high975) return "High (0.025)";
  if (low999) return "Low (0.001)";
  if (low975) return "Low (0.025)";
  return "Not significant";
}

// ---------------------------------------------------------------------------------------------------------------
// Proportions

export interface ProportionFunnelInput {
  numerator: number;
  denominator: number;
}

export interface ProportionFunnelPoint {
  population: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  baseline: number;
}

/** Funnel limit for a proportion at population n around average a, for one-sided probability pQuantile (0.975/0.999). */
export function proportionFunnelLimit(
  pQuantile: number,
  population: number,
  average: number,
  side: "low" | "high",
  multiplier = 100
): number {
  const z2 = normalQuantile(pQuantile) ** 2;
  const n = population;
  const a = average;
  const A = a * (n / z2 + 1);
  const B = 1 / z2 + 1 / n;
  const C = a * (n * (a * (n / z2 + 2) - 1) + z2 * (a - 1));
  const root = Math.sqrt(A * A - B * C);
  const count = side === "low" ? (A - root) / B : (A + root) / B;
  return (count / n) * multiplier;
}

function checkProportions(points: readonly ProportionFunnelInput[]): void {
  if (points.length === 0) throw new StatsInputError("a funnel needs at least one point");
  points.forEach((p, i) => {
    requireCount(`numerator of point ${i + 1}`, p.numerator);
    requirePositive(`denominator of point ${i + 1}`, p.denominator);
    if (p.numerator > p.denominator) {
      throw new StatsInputError(`numerator of point ${i + 1} (${p.numerator}) exceeds its denominator (${p.denominator})`);
    }
  });
}

function average(points: readonly ProportionFunnelInput[]): number {
  return points.reduce((s, p) => s + p.numerator, 0) / points.reduce((s, p) => s + p.denominator, 0);
}

/**
 * Funnel lines for proportions: 100 populations across the axis, with 95% and 99.8% limits around the average
 * Σ numerators / Σ denominators. Limits are clamped to [0, multiplier] (PHEindicatormethods clamps at 100).
 */
export function proportionFunnelLimits(points: readonly ProportionFunnelInput[], multiplier = 100): ProportionFunnelPoint[] {
  checkProportions(points);
  requirePositive("multiplier", multiplier);
  const av = average(points);
  const dens = points.map((p) => p.denominator);
  const min = Math.min(...dens);
  const max = Math.max(...dens);
  const first = Math.max(1, axisMinimum(min, max, neatFloor));
  return axisPoints(first, neatCeiling(max), 0).map((population) => ({
    population,
    lower95: Math.max(0, proportionFunnelLimit(0.975, population, av, "low", multiplier)),
    upper95: Math.min(multiplier, proportionFunnelLimit(0.975, population, av, "high", multiplier)),
    lower998: Math.max(0, proportionFunnelLimit(0.999, population, av, "low", multiplier)),
    upper998: Math.min(multiplier, proportionFunnelLimit(0.999, population, av, "high", multiplier)),
    baseline: av * multiplier
  }));
}

/** Significance of each proportion against the funnel around the overall average. */
export function proportionFunnelSignificance(points: readonly ProportionFunnelInput[]): FunnelSignificance[] {
  checkProportions(points);
  const av = average(points);
  return points.map(({numerator, denominator}) => {
    const p = numerator / denominator;
    const limit = (q: number, side: "low" | "high"): number => proportionFunnelLimit(q, denominator, av, side, 1);
    return classify(p > limit(0.999, "high"), p > limit(0.975, "high"), p < limit(0.999, "low"), p < limit(0.975, "low"));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Ratios (observed / expected)

export interface RatioFunnelInput {
  observed: number;
  expected: number;
}

export interface RatioFunnelPoint {
  observed: number;
  /** Expected counts at which `observed` lies on each funnel line. */
  lower95Expected: number;
  upper95Expected: number;
  lower998Expected: number;
  upper998Expected: number;
  /** Limits on the chart's scale: O/E − 1 for "count", O/E × 100 for "isr". */
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

function checkRatios(points: readonly RatioFunnelInput[]): void {
  if (points.length === 0) throw new StatsInputError("a funnel needs at least one point");
  points.forEach((p, i) => {
    requireCount(`observed of point ${i + 1}`, p.observed);
    requirePositive(`expected of point ${i + 1}`, p.expected);
  });
}

/** Funnel lines for ratios: 100 observed counts across the axis of expected counts. */
export function ratioFunnelLimits(points: readonly RatioFunnelInput[], ratioType: "count" | "isr"): RatioFunnelPoint[] {
  checkRatios(points);
  const exp = points.map((p) => p.expected);
  const min = Math.min(...exp);
  const max = Math.max(...exp);
  const first = Math.max(1, axisMinimum(min, max, neatFloor));
  const scale = (ratio: number): number => (ratioType === "count" ? ratio - 1 : ratio * 100);
  return axisPoints(first, neatCeiling(max), 1).map((observed) => {
    const lower95Expected = poissonFunnelExpected(observed, FUNNEL_TAILS.twoSigma, "high");
    const upper95Expected = poissonFunnelExpected(observed, FUNNEL_TAILS.twoSigma, "low");
    const lower998Expected = poissonFunnelExpected(observed, FUNNEL_TAILS.threeSigma, "high");
    const upper998Expected = poissonFunnelExpected(observed, FUNNEL_TAILS.threeSigma, "low");
    return {
      observed,
      lower95Expected,
      upper95Expected,
      lower998Expected,
      upper998Expected,
      lower95: scale(observed / lower95Expected),
      upper95: scale(observed / upper95Expected),
      lower998: scale(observed / lower998Expected),
      upper998: scale(observed / upper998Expected)
    };
  });
}

/** Significance of each observed/expected ratio against 1. */
export function ratioFunnelSignificance(points: readonly RatioFunnelInput[]): FunnelSignificance[] {
  checkRatios(points);
  return points.map(({observed, expected}) => {
    const ratio = (level: number, side: "low" | "high"): number => funnelCountLimit(observed, level, side) / expected;
    return classify(1 < ratio(0.998, "low"), 1 < ratio(0.95, "low"), 1 > ratio(0.998, "high"), 1 > ratio(0.95, "high"));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Rates (crude or directly standardised)

export interface RateFunnelInput {
  /** Events. */
  count: number;
  /** The rate per `multiplier` (DSR or crude); may be missing when there are no events. */
  rate: Maybe<number>;
  /** Population; needed for crude rates with 0 events (a rate of 0 says nothing about the population). */
  denominator?: number;
}

export interface RateFunnelOptions {
  rateType: "dsr" | "crude";
  /** e.g. 100000 for rates per 100,000. */
  multiplier: number;
}

export interface RateFunnelPoint {
  events: number;
  /** Annual populations at which `events` lies on each funnel line. */
  lower95Population: number;
  upper95Population: number;
  lower998Population: number;
  upper998Population: number;
  /** Rates on the funnel lines, per multiplier. */
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  baseline: number;
}

/**
 * Denominator implied by each point: multiplier × count / rate; for 0 events a DSR gives none (null) and a crude
 * rate uses the supplied denominator.
 */
export function rateFunnelDenominators(points: readonly RateFunnelInput[], options: RateFunnelOptions): (number | null)[] {
  requirePositive("multiplier", options.multiplier);
  return points.map((p, i) => {
    requireCount(`count of point ${i + 1}`, p.count);
    if (p.count > 0) {
      if (isMissing(p.rate)) throw new StatsInputError(`point ${i + 1} has ${p.count} events but no rate`);
      return (options.multiplier * p.count) / requirePositive(`rate of point ${i + 1}`, p.rate);
    }
    if (options.rateType === "dsr") return null;
    if (p.denominator === undefined) {
      throw new StatsInputError(`point ${i + 1} has 0 events: give its denominator, a crude rate of 0 does not imply one`);
    }
    return requirePositive(`denominator of point ${i + 1}`, p.denominator);
  });
}

function rateAverage(points: readonly RateFunnelInput[], dens: (number | null)[]): number {
  const total = dens.reduce<number>((s, d) => s + (d ?? 0), 0);
  if (!(total > 0)) throw new StatsInputError("no point has a usable denominator for the funnel average");
  return points.reduce((s, p) => s + p.count, 0) / total;
}

/**
 * Funnel lines for rates over `yearsOfData` years: 100 event counts across the axis, populations given per year.
 */
export function rateFunnelLimits(
  points: readonly RateFunnelInput[],
  options: RateFunnelOptions & {yearsOfData: number}
): RateFunnelPoint[] {
  if (points.length === 0) throw new StatsInputError("a funnel needs at least one point");
  requirePositive("yearsOfData", options.yearsOfData);
  const dens = rateFunnelDenominators(points, options);
  const av = rateAverage(points, dens);
  const known = dens.filter((d): d is number => d !== null);
  const years = options.yearsOfData;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const axisMin = Math.floor(axisMinimum(min, max, (x) => neatFloor(x / years) * years) * av);
  const axisMax = Math.ceil(neatCeiling(max / years) * years * av);
  const m = options.multiplier;
  return axisPoints(Math.max(1, axisMin), axisMax, 0).map((events) => {
    const pop = (p: number, side: "low" | "high"): number => poissonFunnelExpected(events, p, side) / av;
    const lower95Pop = pop(FUNNEL_TAILS.twoSigma, "high");
    const upper95Pop = pop(FUNNEL_TAILS.twoSigma, "low");
    const lower998Pop = pop(FUNNEL_TAILS.threeSigma, "high");
    const upper998Pop = pop(FUNNEL_TAILS.threeSigma, "low");
    return {
      events,
      lower95Population: lower95Pop / years,
      upper95Population: upper95Pop / years,
      lower998Population: lower998Pop / years,
      upper998Population: upper998Pop / years,
      lower95: (events / lower95Pop) * m,
      upper95: (events / upper95Pop) * m,
      lower998: (events / lower998Pop) * m,
      upper998: (events / upper998Pop) * m,
      baseline: av * m
    };
  });
}

/** Significance of each rate against the weighted average rate; DSRs with fewer than 10 events are not assessed. */
export function rateFunnelSignificance(points: readonly RateFunnelInput[], options: RateFunnelOptions): FunnelSignificance[] {
  const dens = rateFunnelDenominators(points, options);
  const av = rateAverage(points, dens);
  return points.map((p, i) => {
    if (options.rateType === "dsr" && p.count < 10) return "Not applicable for events less than 10 for dsrs";
    const den = dens[i] as number; // only DSRs with 0 events have none, and those were returned above
    const rate = (level: number, side: "low" | "high"): number => funnelCountLimit(p.count, level, side) / den;
    return classify(av < rate(0.998, "low"), av < rate(0.95, "low"), av > rate(0.998, "high"), av > rate(0.95, "high"));
  });
}

/** Chart points for rates (PHEindicatormethods `calculate_funnel_points`): the rate to plot and annual population. */
export function rateFunnelChartPoints(
  points: readonly RateFunnelInput[],
  options: RateFunnelOptions & {yearsOfData: number}
): {rate: number | null; annualDenominator: number | null}[] {
  // DSRs with fewer than 10 events are not plotted; other points plot their own rate.
  requirePositive("yearsOfData", options.yearsOfData);
  const dens = rateFunnelDenominators(points, options);
  return points.map((p, i) => {
    const d = dens[i] ?? null;
    if (options.rateType === "dsr" && p.count < 10) return {rate: null, annualDenominator: null};
    return {rate: p.rate ?? null, annualDenominator: d === null ? null : d / options.yearsOfData};
  });
}
