/**
 * Funnel limits adjusted for over-dispersion, after Spiegelhalter DJ. Handling over-dispersion of performance
 * indicators. Qual Saf Health Care 2005;14:347–351 (and Stat Med 2005;24:1185–1202, section 5).
 *
 * Plain Poisson limits assume every area shares one underlying rate, so that only chance separates them. Police-
 * recorded violence varies between districts far more than that (most districts fall outside 99.8% limits), so the
 * limits say little. Spiegelhalter's method, as NHS England (SHMI) and the NHS-R FunnelPlotR package apply it:
 *
 * 1. Transform each rate so its sampling variance is known: the **square root** (default, recommended for counts;
 *    y = √r, s = √m / (2√N)) or the **log** (y = ln r, s = 1 / √E, E = θN the expected count), where r is the
 *    rate per m people, N the population and θ the overall rate Σ events / Σ population.
 * 2. z-scores against the overall rate on that scale, zᵢ = (yᵢ − y₀) / sᵢ, **winsorised** at the 10th and 90th
 *    percentiles (R's default quantile, type 7) so that the extreme areas being judged do not set the yardstick.
 * 3. The over-dispersion factor φ = (1/n) Σ zᵢ². Without over-dispersion nφ follows χ² on n − 1 degrees of freedom;
 *    its upper tail is the test reported here.
 * 4. Either the **multiplicative** adjustment (limits widened by √φ when φ > 1), or the **additive random-effects**
 *    adjustment (DerSimonian–Laird): τ² = (nφ − (n − 1)) / (Σwᵢ − Σwᵢ² / Σwᵢ), wᵢ = 1/sᵢ², and τ² = 0 when
 *    nφ ≤ n − 1; limits y₀ ± z √(s² + τ²). The additive method keeps the limits apart for large areas, where the
 *    multiplicative one still narrows them to the average.
 * 5. Limits and each area's position are turned back to the rate scale (squared or exponentiated); a lower limit
 *    below zero on the square-root scale is 0.
 *
 * Limits use z = 1.960 (95%, "2 SD") and 3.090 (99.8%, "3 SD"), two-sided, as the Poisson funnels do. τ² is on the
 * transformed scale of the rate per `multiplier` (√ of the rate per 1,000, say); φ and the z-scores have no unit.
 */
import {requireCount, requirePositive, StatsInputError} from "./errors.js";
import type {FunnelSignificance, ProportionFunnelPoint} from "./funnel.js";
import {gammaQ, normalQuantile} from "./special.js";

export type DispersionScale = "sqrt" | "log";
export type DispersionMethod = "additive" | "multiplicative";

export interface DispersionInput {
  /** Events. */
  count: number;
  /** Population (per year when the rate is per year). */
  population: number;
}

export interface DispersionOptions {
  /** Rates per this many people (1000 for per 1,000). */
  multiplier: number;
  /** The variance-stabilising scale (default "sqrt"). */
  scale?: DispersionScale;
  /** Fraction winsorised at each end (default 0.1: the 10th and 90th percentiles). */
  winsorise?: number;
}

export interface Dispersion {
  scale: DispersionScale;
  multiplier: number;
  /** Number of areas. */
  n: number;
  /** Overall rate per multiplier, Σ events / Σ population × multiplier. */
  target: number;
  /** Unadjusted z-scores in input order. */
  zScores: number[];
  /** The winsorising bounds (the `winsorise` and 1 − `winsorise` quantiles of the z-scores). */
  winsorBounds: [number, number];
  /** Winsorised z-scores in input order. */
  winsorisedZ: number[];
  /** Over-dispersion factor φ = mean of the squared winsorised z-scores. */
  phi: number;
  /** nφ against χ² on n − 1 degrees of freedom: the upper-tail probability if there were no over-dispersion. */
  chiSquare: {statistic: number; df: number; pValue: number};
  /** Between-area variance on the transformed scale (additive method); 0 when nφ ≤ n − 1. */
  tau2: number;
}

/** A point of an adjusted funnel: the limits at one population, on the rate scale (the shape of the plain funnels). */
export type DispersionFunnelPoint = ProportionFunnelPoint;

/** Two-sided z for the 95% and 99.8% limits. */
const Z = {two: normalQuantile(0.975), three: normalQuantile(0.999)} as const;

/** The p-th quantile of `values` by linear interpolation between order statistics (R's default, type 7). */
export function quantileType7(values: readonly number[], p: number): number {
  if (!values.length) throw new StatsInputError("a quantile needs at least one value");
  if (!(p >= 0 && p <= 1)) throw new StatsInputError(`quantile probability must be between 0 and 1, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Winsorise: values beyond the `fraction` and 1 − `fraction` quantiles are set to those quantiles. */
export function winsorise(values: readonly number[], fraction: number): {values: number[]; bounds: [number, number]} {
  if (!(fraction >= 0 && fraction < 0.5)) throw new StatsInputError(`winsorise fraction must be in [0, 0.5), got ${fraction}`);
  const bounds: [number, number] = [quantileType7(values, fraction), quantileType7(values, 1 - fraction)];
  return {values: values.map((v) => Math.min(bounds[1], Math.max(bounds[0], v))), bounds};
}

/** Transformed value y and its standard error s for `count` events in `population` around the overall rate θ (per person). */
export function transformRate(count: number, population: number, theta: number, scale: DispersionScale, multiplier: number): {y: number; s: number} {
  const rate = (multiplier * count) / population;
  if (scale === "sqrt") return {y: Math.sqrt(rate), s: Math.sqrt(multiplier) / (2 * Math.sqrt(population))};
  if (count === 0) throw new StatsInputError("a rate of 0 has no logarithm; use the square-root scale for areas with no events");
  return {y: Math.log(rate), s: 1 / Math.sqrt(theta * population)};
}

/** The overall rate on the transformed scale. */
function transformedTarget(target: number, scale: DispersionScale): number {
  return scale === "sqrt" ? Math.sqrt(target) : Math.log(target);
}

/** Back from the transformed scale to the rate per multiplier (a negative root is a rate of 0). */
function untransform(y: number, scale: DispersionScale): number {
  return scale === "sqrt" ? Math.max(0, y) ** 2 : Math.exp(y);
}

function checkInputs(points: readonly DispersionInput[]): void {
  if (points.length < 2) throw new StatsInputError(`over-dispersion needs at least two areas, got ${points.length}`);
  points.forEach((p, i) => {
    requireCount(`count of point ${i + 1}`, p.count);
    requirePositive(`population of point ${i + 1}`, p.population);
  });
}

/** φ = (1/n) Σ z² (Spiegelhalter 2005, QSHC, eq. for the over-dispersion factor). */
export function dispersionFactor(z: readonly number[]): number {
  if (!z.length) throw new StatsInputError("over-dispersion needs at least one z-score");
  return z.reduce((s, v) => s + v * v, 0) / z.length;
}

/** DerSimonian–Laird between-area variance from φ and the within-area standard errors; 0 when nφ ≤ n − 1. */
export function randomEffectsTau2(phi: number, standardErrors: readonly number[]): number {
  const n = standardErrors.length;
  if (n * phi <= n - 1) return 0;
  const w = standardErrors.map((s) => 1 / (s * s));
  const sumW = w.reduce((a, b) => a + b, 0);
  const sumW2 = w.reduce((a, b) => a + b * b, 0);
  return (n * phi - (n - 1)) / (sumW - sumW2 / sumW);
}

/** Over-dispersion of rates around their overall rate: z-scores, φ with its χ² test, and τ². */
export function rateDispersion(points: readonly DispersionInput[], options: DispersionOptions): Dispersion {
  checkInputs(points);
  const {multiplier, scale = "sqrt", winsorise: fraction = 0.1} = options;
  requirePositive("multiplier", multiplier);
  const theta = points.reduce((s, p) => s + p.count, 0) / points.reduce((s, p) => s + p.population, 0);
  if (!(theta > 0)) throw new StatsInputError("no area has any events: there is no overall rate to compare with");
  const target = theta * multiplier;
  const y0 = transformedTarget(target, scale);
  const transformed = points.map((p) => transformRate(p.count, p.population, theta, scale, multiplier));
  const zScores = transformed.map(({y, s}) => (y - y0) / s);
  const w = winsorise(zScores, fraction);
  const phi = dispersionFactor(w.values);
  const n = points.length;
  const df = n - 1;
  return {
    scale,
    multiplier,
    n,
    target,
    zScores,
    winsorBounds: w.bounds,
    winsorisedZ: w.values,
    phi,
    chiSquare: {statistic: n * phi, df, pValue: gammaQ(df / 2, (n * phi) / 2)},
    tau2: randomEffectsTau2(phi, transformed.map((t) => t.s))
  };
}

/** Standard deviation of an area's transformed rate under the adjusted null: s√φ or √(s² + τ²). */
function adjustedSd(s: number, d: Dispersion, method: DispersionMethod): number {
  return method === "multiplicative" ? s * Math.sqrt(Math.max(1, d.phi)) : Math.sqrt(s * s + d.tau2);
}

/** Standard error of the transformed rate at a population, under the model of `d`. */
function standardError(population: number, d: Dispersion): number {
  return d.scale === "sqrt" ? Math.sqrt(d.multiplier) / (2 * Math.sqrt(population)) : 1 / Math.sqrt((d.target / d.multiplier) * population);
}

/** Adjusted limit (rate per multiplier) at a population: `z` is 1.960 for 95% or 3.090 for 99.8%. */
export function dispersionLimit(population: number, d: Dispersion, method: DispersionMethod, z: number, side: "low" | "high"): number {
  requirePositive("population", population);
  const sd = adjustedSd(standardError(population, d), d, method);
  const y0 = transformedTarget(d.target, d.scale);
  return untransform(side === "high" ? y0 + z * sd : y0 - z * sd, d.scale);
}

/**
 * Adjusted funnel lines at `points` populations spaced geometrically from 1% of the smallest population to 5%
 * beyond the largest (the chart clips what it does not show).
 */
export function dispersionFunnelLimits(inputs: readonly DispersionInput[], d: Dispersion, method: DispersionMethod, points = 100): DispersionFunnelPoint[] {
  checkInputs(inputs);
  const pops = inputs.map((p) => p.population);
  const lo = Math.min(...pops) / 100;
  const hi = Math.max(...pops) * 1.05;
  return Array.from({length: points}, (_, i) => {
    const population = lo * (hi / lo) ** (i / (points - 1));
    return {
      population,
      lower95: dispersionLimit(population, d, method, Z.two, "low"),
      upper95: dispersionLimit(population, d, method, Z.two, "high"),
      lower998: dispersionLimit(population, d, method, Z.three, "low"),
      upper998: dispersionLimit(population, d, method, Z.three, "high"),
      baseline: d.target
    };
  });
}

/** Each area's z-score under the adjusted model: (yᵢ − y₀) / √(sᵢ² + τ²), or zᵢ / √φ. */
export function adjustedZScores(inputs: readonly DispersionInput[], d: Dispersion, method: DispersionMethod): number[] {
  checkInputs(inputs);
  if (inputs.length !== d.n) throw new StatsInputError(`the dispersion was estimated from ${d.n} areas but ${inputs.length} were given`);
  const theta = d.target / d.multiplier;
  const y0 = transformedTarget(d.target, d.scale);
  return inputs.map((p) => {
    const {y, s} = transformRate(p.count, p.population, theta, d.scale, d.multiplier);
    return (y - y0) / adjustedSd(s, d, method);
  });
}

/** Position of each area against the adjusted limits, in the labels of the Poisson funnels. */
export function dispersionSignificance(inputs: readonly DispersionInput[], d: Dispersion, method: DispersionMethod): FunnelSignificance[] {
  return adjustedZScores(inputs, d, method).map((z) => {
    if (z > Z.three) return "High (0.001)";
    if (z > Z.two) return "High (0.025)";
    if (z < -Z.three) return "Low (0.001)";
    if (z < -Z.two) return "Low (0.025)";
    return "Not significant";
  });
}
