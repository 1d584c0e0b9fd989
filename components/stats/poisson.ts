/**
 * Confidence limits for an observed count of events treated as Poisson.
 *
 * Exact method (Garwood 1936): the limits for a count O at level 1 − α are
 *   lower = χ²(α/2; 2O) / 2,  upper = χ²(1 − α/2; 2O + 2) / 2,
 * i.e. Gamma quantiles: lower = G⁻¹(α/2; shape O), upper = G⁻¹(1 − α/2; shape O + 1). The lower limit of 0 is 0.
 *
 * Byar's approximation (Breslow & Day 1987, vol. II, p. 69), as in PHEindicatormethods `byars_lower/upper`:
 *   lower = O (1 − 1/(9O) − z/(3√O))³,  upper = (O + 1)(1 − 1/(9(O + 1)) + z/(3√(O + 1)))³,
 * with z the two-sided normal critical value. PHEindicatormethods uses z = qnorm(1 − α/2); Fingertips' exports
 * were computed with z = 1.96 for 95% (both are available: pass z to `byarLower`/`byarUpper`).
 *
 * References: Breslow NE, Day NE. Statistical methods in cancer research, vol. II. IARC 1987.
 * Fingertips Public Health Technical Guidance (https://fingertips.phe.org.uk/profile/guidance).
 */
import {requireCount, requireLevel} from "./errors.js";
import {gammaPInv, gammaQInv, zForLevel} from "./special.js";

/** Lower and upper confidence limits for a count, on the count scale. */
export interface CountLimits {
  lower: number;
  upper: number;
}

/** Exact (chi-square / gamma) Poisson confidence limits for an observed count. Fractional counts are allowed. */
export function exactPoissonCI(count: number, level = 0.95): CountLimits {
  requireCount("count", count);
  requireLevel(level);
  const tail = (1 - level) / 2;
  return {
    lower: count === 0 ? 0 : gammaPInv(tail, count),
    upper: gammaQInv(tail, count + 1)
  };
}

/**
 * Byar's lower limit for count O with critical value z. Returns null where the approximation fails
 * (the cube goes negative, e.g. O = 1 at 99.8%), as PHEindicatormethods returns NA; 0 for O = 0.
 */
export function byarLower(count: number, z: number): number | null {
  requireCount("count", count);
  if (count === 0) return 0;
  const lower = count * Math.pow(1 - 1 / (9 * count) - z / (3 * Math.sqrt(count)), 3);
  return lower < 0 ? null : lower;
}

/** Byar's upper limit for count O with critical value z. */
export function byarUpper(count: number, z: number): number {
  requireCount("count", count);
  const o = count + 1;
  return o * Math.pow(1 - 1 / (9 * o) + z / (3 * Math.sqrt(o)), 3);
}

/** Byar's limits at a confidence level, z = Φ⁻¹(1 − α/2) as in PHEindicatormethods. */
export function byarCI(count: number, level = 0.95): {lower: number | null; upper: number} {
  requireLevel(level);
  const z = zForLevel(level);
  return {lower: byarLower(count, z), upper: byarUpper(count, z)};
}
