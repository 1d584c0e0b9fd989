import {describe, expect, it} from "vitest";
import {StatsInputError} from "../../../components/stats/errors.ts";
import {byarCI, byarLower, byarUpper, exactPoissonCI} from "../../../components/stats/poisson.ts";
import {rateCI} from "../../../components/stats/rate.ts";
import {expectClose, num, readFixture, req} from "./fixtures.ts";

const LEVELS = {"95%": 0.95, "99.8%": 0.998} as const;

describe("Byar's limits: PHEindicatormethods testdata_Byars_Wilson", () => {
  const rows = readFixture("derived-csv/testdata_Byars_Wilson__testdata_B_W.csv").filter((r) => r.method === "Byars");
  it("has the published Byar rows", () => expect(rows.length).toBe(7));
  for (const r of rows) {
    const x = req(r, "x");
    const level = LEVELS[r.confidence as keyof typeof LEVELS];
    it(`x=${x} at ${r.confidence}`, () => {
      const ci = byarCI(x, level);
      const lower = num(r, "lowercl");
      if (lower === null) expect(ci.lower).toBeNull(); // Byar fails (negative cube) for x = 1 at 99.8%
      else expectClose(ci.lower, lower, 1e-12, "lower");
      expectClose(ci.upper, req(r, "uppercl"), 1e-12, "upper");
    });
  }
});

describe("rateCI: PHEindicatormethods testdata_Rate (crude rates, 95% and 99.8%)", () => {
  const rows = readFixture("derived-csv/testdata_Rate__testdata_Rate.csv");
  for (const r of rows) {
    const count = num(r, "Numerator");
    const denom = num(r, "Denominator");
    const multiplier = req(r, "multiplier");
    it(`${r.Area} ${r.statistic}`, () => {
      const ci95 = rateCI(count, denom, multiplier, 0.95);
      const ci998 = rateCI(count, denom, multiplier, 0.998);
      const value = num(r, "value");
      if (value === null) {
        expect(ci95.value).toBeNull();
        expect(ci95.lower).toBeNull();
        expect(ci998.upper).toBeNull();
        return;
      }
      expect(ci95.method).toBe(r.method === "Byars" ? "Byar" : "Exact");
      expectClose(ci95.value, value, 1e-12, "value");
      expectClose(ci95.lower, req(r, "lower95_0cl"), 1e-10, "lower95");
      expectClose(ci95.upper, req(r, "upper95_0cl"), 1e-10, "upper95");
      expectClose(ci998.lower, req(r, "lower99_8cl"), 1e-10, "lower99.8");
      expectClose(ci998.upper, req(r, "upper99_8cl"), 1e-10, "upper99.8");
    });
  }
});

describe("rateCI: PHEindicatormethods testdata_Rate_g (grouped sums, 95%)", () => {
  for (const r of readFixture("derived-csv/testdata_Rate__testdata_Rate_g.csv")) {
    it(`${r.Area}`, () => {
      const ci = rateCI(num(r, "Numerator"), num(r, "Denominator"), req(r, "multiplier"), 0.95);
      const value = num(r, "value");
      if (value === null) return expect(ci.value).toBeNull();
      expect(ci.method).toBe(r.method === "Byars" ? "Byar" : "Exact");
      expectClose(ci.value, value, 1e-12, "value");
      expectClose(ci.lower, req(r, "lowercl"), 1e-10, "lower");
      expectClose(ci.upper, req(r, "uppercl"), 1e-10, "upper");
    });
  }
});

describe("Fingertips export (indicator 93356, real published CIs per 100,000)", () => {
  // Fingertips computed these rows itself: "All ages" by the exact method, "0-9 yrs" by Byar with z = 1.96.
  const rows = readFixture("fingertips/jargonautical_data-dev__indicators-CountyUA.data.csv", {allowShortRows: true}).filter(
    (r) => r.Count !== "" && r.Denominator !== "" && r["Lower CI 95.0 limit"] !== ""
  );
  const allAges = rows.filter((r) => r.Age === "All ages");
  const young = rows.filter((r) => r.Age === "0-9 yrs");

  it("exact Poisson limits match Fingertips' exact 'All ages' CIs", () => {
    expect(allAges.length).toBe(453);
    for (const r of allAges) {
      const scale = 1e5 / req(r, "Denominator");
      const ci = exactPoissonCI(req(r, "Count"), 0.95);
      // Fingertips' own chi-square quantile is good to ~4e-7 on some rows; ours to ~1e-13.
      expectClose(ci.lower * scale, req(r, "Lower CI 95.0 limit"), 5e-7, `${r["Area Name"]} ${r["Time period"]} lower`);
      expectClose(ci.upper * scale, req(r, "Upper CI 95.0 limit"), 5e-7, `${r["Area Name"]} ${r["Time period"]} upper`);
    }
  });

  it("Byar limits with z = 1.96 match Fingertips' '0-9 yrs' CIs to 1e-9", () => {
    expect(young.length).toBe(302);
    for (const r of young) {
      const scale = 1e5 / req(r, "Denominator");
      const count = req(r, "Count");
      expectClose((byarLower(count, 1.96) ?? NaN) * scale, req(r, "Lower CI 95.0 limit"), 1e-9, `${r["Area Name"]} lower`);
      expectClose(byarUpper(count, 1.96) * scale, req(r, "Upper CI 95.0 limit"), 1e-9, `${r["Area Name"]} upper`);
    }
  });
});

describe("rateCI edge cases", () => {
  it("count 0: value 0, lower 0, exact upper −ln(α/2)", () => {
    const ci = rateCI(0, 1000, 1000);
    expect(ci).toMatchObject({value: 0, lower: 0, method: "Exact"});
    expectClose(ci.upper, -Math.log(0.025), 1e-13, "upper"); // P(X = 0 | μ) = e^−μ = 0.025
  });

  it("count 1: exact limits solve the Poisson tail equations", () => {
    const ci = rateCI(1, 1, 1, 0.95);
    expectClose(ci.lower, -Math.log(1 - 0.025), 1e-13, "lower"); // P(X ≥ 1 | μ) = 1 − e^−μ = 0.025
    expectClose(Math.exp(-ci.upper) * (1 + ci.upper), 0.025, 1e-12, "upper"); // P(X ≤ 1 | μ) = 0.025
  });

  it("switches from exact to Byar between 9 and 10 events", () => {
    expect(rateCI(9, 100).method).toBe("Exact");
    expect(rateCI(9.99, 100).method).toBe("Exact");
    expect(rateCI(10, 100).method).toBe("Byar");
    const ten = rateCI(10, 100, 1, 0.998);
    // Published 99.8% Byar limits for x = 10 (testdata_Byars_Wilson).
    expectClose(ten.lower * 100, 2.916318374695686, 1e-12, "lower");
    expectClose(ten.upper * 100, 24.193724927880535, 1e-12, "upper");
  });

  it("missing inputs give nulls, never zeros", () => {
    expect(rateCI(null, 100)).toEqual({value: null, lower: null, upper: null, method: null, reason: "missing count"});
    expect(rateCI(5, undefined)).toMatchObject({value: null, reason: "missing denominator"});
    expect(rateCI(null, null)).toMatchObject({value: null, reason: "missing count and denominator"});
  });

  it("refuses a zero or negative denominator, negative counts, NaN and bad levels with clear errors", () => {
    expect(() => rateCI(5, 0)).toThrow(StatsInputError);
    expect(() => rateCI(5, 0)).toThrow(/denominator must be greater than 0, got 0/);
    expect(() => rateCI(-1, 10)).toThrow(/count must be 0 or more/);
    expect(() => rateCI(Number.NaN, 10)).toThrow(/pass null for a missing/);
    expect(() => rateCI(5, 10, 1, 95)).toThrow(/level must be a fraction/);
    expect(() => rateCI(5, 10, 0)).toThrow(/multiplier must be greater than 0/);
  });

  it("allows a numerator larger than the denominator (Area12 in the published sheet)", () => {
    expect(rateCI(250, 220, 1e5).value).toBeCloseTo(113636.36363636365, 8);
  });
});
