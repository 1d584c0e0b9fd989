import {describe, expect, it} from "vitest";
import {binomialTestTwoSided, clopperPearson, rateRatio} from "../../../components/stats/rate-ratio.ts";
import {logBinomialPmf, zForLevel} from "../../../components/stats/special.ts";
import {expectClose} from "./fixtures.ts";

/** P(X ≥ k) and P(X ≤ k) for Binomial(n, p) by direct summation (independent of the incomplete beta). */
function upperTailSum(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = k; i <= n; i++) s += Math.exp(logBinomialPmf(i, n, p));
  return s;
}
function lowerTailSum(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = 0; i <= k; i++) s += Math.exp(logBinomialPmf(i, n, p));
  return s;
}

describe("rateRatio: R poisson.test documentation example (eba1977, Fredericia vs three other cities, ages 55–59)", () => {
  // poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)) prints: rate ratio 1.971488,
  // 95 percent confidence interval 0.8584264 4.2772659, p-value = 0.07967.
  const rr = rateRatio(11, 800, 6 + 8 + 7, 1083 + 1050 + 878);
  it("matches the printed estimate, interval and p-value to the digits printed", () => {
    expect(rr.ratio).not.toBeNull();
    expect(Math.abs((rr.ratio as number) - 1.971488)).toBeLessThan(5e-7);
    expect(Math.abs(rr.lower - 0.8584264)).toBeLessThan(5e-8);
    expect(Math.abs(rr.upper - 4.2772659)).toBeLessThan(5e-8);
    expect(Math.abs(rr.pValue - 0.07967)).toBeLessThan(5e-6);
    expect(rr.significant).toBe(false);
  });

  it("its bounds solve the defining binomial tail equations to 1e-10", () => {
    const n = 32;
    const toP = (ratio: number): number => (ratio * 800) / (ratio * 800 + 3011);
    expect(Math.abs(upperTailSum(11, n, toP(rr.lower)) - 0.025)).toBeLessThan(1e-10);
    expect(Math.abs(lowerTailSum(11, n, toP(rr.upper)) - 0.025)).toBeLessThan(1e-10);
  });
});

describe("rateRatio: properties", () => {
  it("Clopper–Pearson limits solve the tail equations at 99.8% too", () => {
    const {lower, upper} = clopperPearson(37, 120, 0.998);
    expect(Math.abs(upperTailSum(37, 120, lower) - 0.001)).toBeLessThan(1e-10);
    expect(Math.abs(lowerTailSum(37, 120, upper) - 0.001)).toBeLessThan(1e-10);
  });

  it("agrees with the large-count normal approximation on the log scale", () => {
    const a = 20000;
    const b = 18000;
    const rr = rateRatio(a, 1e6, b, 1.1e6);
    const est = a / 1e6 / (b / 1.1e6);
    const se = Math.sqrt(1 / a + 1 / b);
    const z = zForLevel(0.95);
    expectClose(rr.ratio, est, 1e-12, "ratio");
    expectClose(rr.lower, est * Math.exp(-z * se), 2e-4, "lower");
    expectClose(rr.upper, est * Math.exp(z * se), 2e-4, "upper");
    expect(rr.significant).toBe(true);
    expect(rr.pValue).toBeLessThan(1e-10);
  });

  it("swapping A and B inverts the ratio and the interval, with the same p-value", () => {
    const ab = rateRatio(30, 1000, 12, 900);
    const ba = rateRatio(12, 900, 30, 1000);
    expectClose(ba.ratio, 1 / (ab.ratio as number), 1e-12, "ratio");
    expectClose(ba.lower, 1 / ab.upper, 1e-10, "lower");
    expectClose(ba.upper, 1 / ab.lower, 1e-10, "upper");
    expectClose(ba.pValue, ab.pValue, 1e-10, "p");
  });

  it("equal rates: ratio 1 and p-value 1", () => {
    const rr = rateRatio(25, 1000, 25, 1000);
    expect(rr.ratio).toBe(1);
    expect(rr.pValue).toBe(1);
    expect(rr.significant).toBe(false);
  });

  it("the two-sided p-value matches an explicit sum over outcomes no more likely than the observed", () => {
    const n = 40;
    const p0 = 0.3;
    for (const x of [2, 7, 12, 19, 25]) {
      const d = Math.exp(logBinomialPmf(x, n, p0)) * (1 + 1e-7);
      let s = 0;
      for (let k = 0; k <= n; k++) {
        const pk = Math.exp(logBinomialPmf(k, n, p0));
        if (pk <= d) s += pk;
      }
      expectClose(binomialTestTwoSided(x, n, p0), Math.min(1, s), 1e-10, `x=${x}`);
    }
  });
});

describe("rateRatio: zero counts and bad input", () => {
  it("countA = 0: ratio 0, lower 0, finite upper solving P(X ≤ 0) = α/2", () => {
    const rr = rateRatio(0, 100, 5, 100);
    expect(rr.ratio).toBe(0);
    expect(rr.lower).toBe(0);
    const p = rr.upper / (rr.upper + 1);
    expect(Math.abs(Math.pow(1 - p, 5) - 0.025)).toBeLessThan(1e-12);
    expectClose(rr.pValue, 2 * 0.5 ** 5, 1e-12, "p");
  });

  it("countB = 0: ratio and upper limit infinite, finite lower limit", () => {
    const rr = rateRatio(5, 100, 0, 100);
    expect(rr.ratio).toBe(Infinity);
    expect(rr.upper).toBe(Infinity);
    expect(rr.lower).toBeGreaterThan(0);
    expect(Number.isFinite(rr.lower)).toBe(true);
  });

  it("both zero: no information", () => {
    expect(rateRatio(0, 100, 0, 200)).toEqual({ratio: null, lower: 0, upper: Infinity, pValue: 1, significant: false});
  });

  it("refuses zero denominators, fractional and negative counts", () => {
    expect(() => rateRatio(3, 0, 4, 10)).toThrow(/denomA must be greater than 0/);
    expect(() => rateRatio(3, 10, 4, 0)).toThrow(/denomB must be greater than 0/);
    expect(() => rateRatio(2.5, 10, 4, 10)).toThrow(/countA must be a whole number/);
    expect(() => rateRatio(3, 10, -1, 10)).toThrow(/countB must be 0 or more/);
  });
});
