/**
 * Crude rate with confidence interval, as PHEindicatormethods `phe_rate` / `calculate_rate` and the Fingertips
 * technical guidance: value = count / denominator × multiplier; limits by the exact Poisson method when the count
 * is below 10 and by Byar's method at 10 or more (both on the count, then divided by the denominator).
 *
 * References: Breslow & Day 1987 (Byar); Garwood 1936 (exact); PHEindicatormethods R/Rates.R (method switch).
 */
import {isMissing, requireCount, requireLevel, requirePositive, type Maybe} from "./errors.js";
import {byarCI, exactPoissonCI} from "./poisson.js";

/** Counts below this use the exact method; at or above it, Byar's approximation. */
export const BYAR_THRESHOLD = 10;

export type RateMethod = "Byar" | "Exact";

export interface RateCI {
  value: number;
  lower: number;
  upper: number;
  method: RateMethod;
}

/** What a statistic returns when an input is missing (suppressed or not collected): never a zero. */
export interface MissingResult {
  value: null;
  lower: null;
  upper: null;
  method: null;
  reason: string;
}

/** Result for missing inputs, naming which one is absent. */
export function missingResult(names: string[]): MissingResult {
  return {value: null, lower: null, upper: null, method: null, reason: `missing ${names.join(" and ")}`};
}

/**
 * Count limits by the PHE rule: exact below 10 events, Byar at 10 or more.
 * Byar's lower limit cannot fail at 10 or more events for levels up to 99.99%, so it is never null here.
 */
export function countCI(count: number, level = 0.95): {lower: number; upper: number; method: RateMethod} {
  requireCount("count", count);
  requireLevel(level);
  if (count < BYAR_THRESHOLD) return {...exactPoissonCI(count, level), method: "Exact"};
  const byar = byarCI(count, level);
  // Unreachable for count ≥ 10 and level < 0.9999 but kept honest for extreme levels.
  const lower = byar.lower ?? exactPoissonCI(count, level).lower;
  return {lower, upper: byar.upper, method: "Byar"};
}

/**
 * Crude rate count / denominator × multiplier with its confidence interval.
 * @param count events (≥ 0; may be fractional); null/undefined when missing or suppressed
 * @param denominator population or person-years (> 0; a zero denominator is an error)
 * @param multiplier e.g. 100000 for a rate per 100,000
 * @param level confidence level as a fraction: 0.95 or 0.998
 */
export function rateCI(count: number, denominator: number, multiplier?: number, level?: number): RateCI;
export function rateCI(
  count: Maybe<number>,
  denominator: Maybe<number>,
  multiplier?: number,
  level?: number
): RateCI | MissingResult;
export function rateCI(
  count: Maybe<number>,
  denominator: Maybe<number>,
  multiplier = 1,
  level = 0.95
): RateCI | MissingResult {
  requirePositive("multiplier", multiplier);
  requireLevel(level);
  const missing = [isMissing(count) ? "count" : "", isMissing(denominator) ? "denominator" : ""].filter(Boolean);
  if (isMissing(count) || isMissing(denominator)) return missingResult(missing);
  requireCount("count", count);
  requirePositive("denominator", denominator);
  const limits = countCI(count, level);
  const scale = multiplier / denominator;
  return {value: count * scale, lower: limits.lower * scale, upper: limits.upper * scale, method: limits.method};
}
