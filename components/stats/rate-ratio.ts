/**
 * Ratio of two Poisson rates by the exact conditional method (as R's `poisson.test(c(a, b), c(Ta, Tb))`).
 *
 * Conditional on the total n = a + b, the first count is Binomial(n, π) with π = RR·Ta / (RR·Ta + Tb), where RR is
 * the rate ratio (rate A / rate B). So:
 * - estimate: RR = (a / Ta) / (b / Tb);
 * - confidence interval: the Clopper–Pearson limits for π (solving P(X ≥ a | π_L) = α/2 and P(X ≤ a | π_U) = α/2,
 *   i.e. Beta quantiles), transformed by RR = π / (1 − π) · Tb / Ta;
 * - p-value (two-sided, H0: RR = 1, i.e. π0 = Ta / (Ta + Tb)): the exact binomial test of R's binom.test, summing
 *   the probabilities of all outcomes no more likely than the one observed (with R's 1 + 1e-7 tolerance).
 *
 * `significant` is true when the confidence interval excludes 1 (the reading Fingertips uses for intervals).
 *
 * Zero counts: a = 0 gives ratio 0, lower 0 and a finite upper limit; b = 0 gives ratio Infinity, upper Infinity
 * and a finite lower limit; a = b = 0 carries no information: ratio null, interval [0, Infinity], p-value 1.
 *
 * References: Breslow NE, Day NE, vol. II (1987) §2.3 and §3.3 (conditional test for two Poisson rates);
 * Clopper CJ, Pearson ES. Biometrika 1934;26:404–413; R Core Team, stats::poisson.test and stats::binom.test.
 */
import {requireIntegerCount, requireLevel, requirePositive} from "./errors.js";
import {betaIInv, binomialCdf, binomialUpperTail, logBinomialPmf} from "./special.js";

export interface RateRatio {
  /** rate A / rate B; null when both counts are 0. */
  ratio: number | null;
  lower: number;
  upper: number;
  /** Two-sided exact p-value for RR = 1. */
  pValue: number;
  /** The confidence interval excludes 1. */
  significant: boolean;
}

/** Clopper–Pearson limits for a binomial proportion x of n (exact, "conservative"). */
export function clopperPearson(x: number, n: number, level = 0.95): {lower: number; upper: number} {
  requireIntegerCount("x", x);
  requireIntegerCount("n", n);
  requireLevel(level);
  const tail = (1 - level) / 2;
  return {
    lower: x === 0 ? 0 : betaIInv(tail, x, n - x + 1),
    upper: x === n ? 1 : betaIInv(1 - tail, x + 1, n - x)
  };
}

/** R's relative tolerance for "no more likely than the observed outcome". */
const REL_ERR = 1 + 1e-7;

/**
 * Two-sided exact binomial p-value for x of n under p0 (the method of R's binom.test): the observed tail plus the
 * opposite tail's outcomes whose probability does not exceed that of x. The pmf is unimodal, so the opposite tail
 * boundary is found by bisection.
 */
export function binomialTestTwoSided(x: number, n: number, p0: number): number {
  requireIntegerCount("x", x);
  requireIntegerCount("n", n);
  if (n === 0) return 1;
  const logD = logBinomialPmf(x, n, p0) + Math.log(REL_ERR);
  const mode = n * p0;
  if (x === mode) return 1;
  const below = (k: number): boolean => logBinomialPmf(k, n, p0) <= logD;
  if (x < mode) {
    // Smallest k ≥ ceil(mode) with pmf(k) ≤ d: every k from there to n is at most as likely as x.
    let lo = Math.ceil(mode);
    let hi = n + 1; // sentinel: none
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (below(mid)) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(1, binomialCdf(x, n, p0) + (lo <= n ? binomialUpperTail(lo, n, p0) : 0));
  }
  // x > mode: largest k ≤ floor(mode) with pmf(k) ≤ d.
  let lo = -1; // sentinel: none
  let hi = Math.floor(mode);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (below(mid)) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(1, (lo >= 0 ? binomialCdf(lo, n, p0) : 0) + binomialUpperTail(x, n, p0));
}

/**
 * Rate ratio of A to B with exact conditional confidence interval and p-value.
 * @param countA events in A (whole number ≥ 0)
 * @param denomA person-time or population of A (> 0)
 * @param countB events in B (whole number ≥ 0)
 * @param denomB person-time or population of B (> 0)
 * @param level confidence level as a fraction (0.95, 0.998)
 */
export function rateRatio(countA: number, denomA: number, countB: number, denomB: number, level = 0.95): RateRatio {
  requireIntegerCount("countA", countA);
  requirePositive("denomA", denomA);
  requireIntegerCount("countB", countB);
  requirePositive("denomB", denomB);
  requireLevel(level);
  const n = countA + countB;
  if (n === 0) return {ratio: null, lower: 0, upper: Infinity, pValue: 1, significant: false};
  const toRatio = (p: number): number => (p >= 1 ? Infinity : (p / (1 - p)) * (denomB / denomA));
  const cp = clopperPearson(countA, n, level);
  const lower = toRatio(cp.lower);
  const upper = toRatio(cp.upper);
  const ratio = countB === 0 ? Infinity : countA / denomA / (countB / denomB);
  const pValue = binomialTestTwoSided(countA, n, denomA / (denomA + denomB));
  return {ratio, lower, upper, pValue, significant: lower > 1 || upper < 1};
}
