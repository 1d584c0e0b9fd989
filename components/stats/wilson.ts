/**
 * Proportion with Wilson score confidence interval, as PHEindicatormethods `phe_proportion` /
 * `calculate_proportion` and the Fingertips technical guidance:
 *   limits = (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)),  z = Φ⁻¹(1 − α/2).
 *
 * References: Wilson EB. Probable inference, the law of succession, and statistical inference. JASA 1927;22:209–212.
 * Newcombe RG, Altman DG. Proportions and their differences. In: Statistics with confidence, 2nd ed. BMJ Books 2000.
 */
import {isMissing, requireCount, requireLevel, requirePositive, StatsInputError, type Maybe} from "./errors.js";
import {missingResult, type MissingResult} from "./rate.js";
import {zForLevel} from "./special.js";

export interface ProportionCI {
  value: number;
  lower: number;
  upper: number;
  method: "Wilson";
}

/** Wilson score limits for x of n (as proportions of 1) with critical value z. */
export function wilsonLimits(x: number, n: number, z: number): {lower: number; upper: number} {
  const z2 = z * z;
  const centre = 2 * x + z2;
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const denom = 2 * (n + z2);
  // Clamp rounding noise: at x = 0 the lower limit is exactly 0, at x = n the upper limit exactly 1.
  return {lower: Math.max(0, (centre - spread) / denom), upper: Math.min(1, (centre + spread) / denom)};
}

/**
 * Proportion count / denominator × multiplier with its Wilson score interval.
 * @param count cases (0 ≤ count ≤ denominator; may be fractional); null/undefined when missing or suppressed
 * @param denominator sample size (> 0; a zero denominator is an error)
 * @param level confidence level as a fraction: 0.95 or 0.998
 * @param multiplier 1 for a proportion of 1, 100 for a percentage
 */
export function proportionCI(count: number, denominator: number, level?: number, multiplier?: number): ProportionCI;
export function proportionCI(
  count: Maybe<number>,
  denominator: Maybe<number>,
  level?: number,
  multiplier?: number
): ProportionCI | MissingResult;
export function proportionCI(
  count: Maybe<number>,
  denominator: Maybe<number>,
  level = 0.95,
  multiplier = 1
): ProportionCI | MissingResult {
  requireLevel(level);
  requirePositive("multiplier", multiplier);
  const missing = [isMissing(count) ? "count" : "", isMissing(denominator) ? "denominator" : ""].filter(Boolean);
  if (isMissing(count) || isMissing(denominator)) return missingResult(missing);
  requireCount("count", count);
  requirePositive("denominator", denominator);
  if (count > denominator) {
    throw new StatsInputError(
      `count (${count}) must not exceed denominator (${denominator}) for a proportion; use rateCI for rates`
    );
  }
  const {lower, upper} = wilsonLimits(count, denominator, zForLevel(level));
  return {
    value: (count / denominator) * multiplier,
    lower: lower * multiplier,
    upper: upper * multiplier,
    method: "Wilson"
  };
}
