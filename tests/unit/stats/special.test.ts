import {describe, expect, it} from "vitest";
import {
  betaI,
  betaIInv,
  chiSquareQuantile,
  chiSquareUpperQuantile,
  gammaP,
  gammaPInv,
  gammaQ,
  gammaQInv,
  logGamma,
  normalCdf,
  normalQuantile,
  zForLevel
} from "../../../components/stats/special.ts";
import {expectClose} from "./fixtures.ts";

describe("special functions: published constants", () => {
  it("normal quantiles (R qnorm; Fingertips' 1.96 and 3.09)", () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-15, "qnorm(0.975)");
    expectClose(normalQuantile(0.999), 3.090232306167813, 1e-15, "qnorm(0.999)");
    expectClose(zForLevel(0.998), 3.090232306167813, 1e-15, "z for 99.8%");
    expectClose(normalQuantile(0.5), 0, 1e-15, "median");
    expectClose(normalQuantile(0.025), -1.959963984540054, 1e-15, "lower tail");
  });
  it("chi-square quantiles (R qchisq; Fingertips' trend threshold)", () => {
    expectClose(chiSquareQuantile(0.95, 1), 3.841458820694124, 1e-14, "qchisq(0.95, 1)");
    expectClose(chiSquareQuantile(0.998, 1), 9.54953570608324, 1e-13, "qchisq(0.998, 1)");
    expectClose(chiSquareQuantile(0.025, 2), -2 * Math.log(0.975), 1e-14, "qchisq(0.025, 2)");
    expectClose(chiSquareUpperQuantile(0.05, 2), -2 * Math.log(0.05), 1e-14, "upper qchisq(0.05, 2)");
  });
  it("log gamma at integers and one half", () => {
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, "lgamma(0.5)");
    expectClose(logGamma(10), Math.log(362880), 1e-14, "lgamma(10)");
    expectClose(logGamma(171), 706.5730622457874, 1e-14, "lgamma(171)");
  });
});

describe("special functions: identities and round trips", () => {
  it("P(1, x) = 1 − e^−x and Q(k + 1, μ) is the Poisson CDF", () => {
    for (const x of [1e-8, 0.3, 2, 25]) expectClose(gammaP(1, x), -Math.expm1(-x), 1e-13, `P(1, ${x})`);
    const mu = 7.3;
    let cdf = 0;
    let term = Math.exp(-mu);
    for (let i = 0; i <= 12; i++) {
      cdf += term;
      term *= mu / (i + 1);
    }
    expectClose(gammaQ(13, mu), cdf, 1e-13, "Poisson CDF");
  });
  it("Φ from the incomplete gamma, in both tails", () => {
    expectClose(normalCdf(1.959963984540054), 0.975, 1e-15, "Φ(1.96)");
    expectClose(normalCdf(-8), 6.22096057427178e-16, 1e-12, "Φ(−8)");
  });
  it("gamma quantiles invert P and Q across shapes and tails to 1e-10", () => {
    for (const a of [0.5, 1, 3.7, 10, 250, 1e4]) {
      for (const p of [1e-10, 0.001, 0.025, 0.5, 0.975, 0.999]) {
        expectClose(gammaP(a, gammaPInv(p, a)), p, 1e-10, `P(${a}, P⁻¹(${p}))`);
        expectClose(gammaQ(a, gammaQInv(p, a)), p, 1e-10, `Q(${a}, Q⁻¹(${p}))`);
      }
    }
  });
  it("for huge shapes (P is ill-conditioned there) the quantile brackets p within 1e-12 relative in x", () => {
    for (const a of [1e6, 5e6]) {
      for (const p of [1e-10, 0.025, 0.975]) {
        const x = gammaPInv(p, a);
        expect(gammaP(a, x * (1 - 1e-12)), `a=${a} p=${p} below`).toBeLessThan(p);
        expect(gammaP(a, x * (1 + 1e-12)), `a=${a} p=${p} above`).toBeGreaterThan(p);
      }
    }
  });
  it("incomplete beta: I_x(a, 1) = x^a, symmetry, and the inverse", () => {
    expectClose(betaI(0.3, 2.5, 1), 0.3 ** 2.5, 1e-14, "I_x(a,1)");
    expectClose(betaI(0.3, 2, 7) + betaI(0.7, 7, 2), 1, 1e-14, "symmetry");
    for (const [a, b] of [[1, 1], [11, 22], [0.5, 0.5], [3, 5000], [2000, 1500]] as const) {
      for (const p of [1e-9, 0.025, 0.5, 0.975]) expectClose(betaI(betaIInv(p, a, b), a, b), p, 1e-10, `I⁻¹(${p}; ${a}, ${b})`);
    }
    expect(betaIInv(0, 2, 3)).toBe(0);
    expect(betaIInv(1, 2, 3)).toBe(1);
  });
});
