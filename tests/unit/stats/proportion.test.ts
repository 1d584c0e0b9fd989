import {describe, expect, it} from "vitest";
import {StatsInputError} from "../../../components/stats/errors.ts";
import {proportionCI} from "../../../components/stats/wilson.ts";
import {expectClose, num, readFixture, req} from "./fixtures.ts";

describe("Wilson score: PHEindicatormethods testdata_Byars_Wilson", () => {
  const rows = readFixture("derived-csv/testdata_Byars_Wilson__testdata_B_W.csv").filter((r) => r.method === "Wilson");
  it("has the published Wilson rows", () => expect(rows.length).toBe(6));
  for (const r of rows) {
    const level = r.confidence === "95%" ? 0.95 : 0.998;
    it(`${r.x}/${r.n} at ${r.confidence}`, () => {
      const ci = proportionCI(req(r, "x"), req(r, "n"), level);
      expect(ci.method).toBe("Wilson");
      expectClose(ci.lower, req(r, "lowercl"), 1e-12, "lower");
      expectClose(ci.upper, req(r, "uppercl"), 1e-12, "upper");
    });
  }
});

describe("proportionCI: PHEindicatormethods testdata_Prop (proportion of 1 and percentage, 95% and 99.8%)", () => {
  for (const r of readFixture("derived-csv/testdata_Proportion__testdata_Prop.csv")) {
    it(`${r.Area} ${r.statistic}`, () => {
      const count = num(r, "Numerator");
      const denom = num(r, "Denominator");
      const multiplier = req(r, "multiplier");
      const ci95 = proportionCI(count, denom, 0.95, multiplier);
      const ci998 = proportionCI(count, denom, 0.998, multiplier);
      const value = num(r, "value");
      if (value === null) {
        expect([ci95.value, ci95.lower, ci95.upper, ci998.value]).toEqual([null, null, null, null]);
        return;
      }
      expectClose(ci95.value, value, 1e-12, "value");
      expectClose(ci95.lower, req(r, "lower95_0cl"), 1e-10, "lower95");
      expectClose(ci95.upper, req(r, "upper95_0cl"), 1e-10, "upper95");
      expectClose(ci998.lower, req(r, "lower99_8cl"), 1e-10, "lower99.8");
      expectClose(ci998.upper, req(r, "upper99_8cl"), 1e-10, "upper99.8");
    });
  }
});

describe("proportionCI: PHEindicatormethods testdata_Prop_g (grouped sums, 95%)", () => {
  for (const r of readFixture("derived-csv/testdata_Proportion__testdata_Prop_g.csv")) {
    it(`${r.Area}`, () => {
      const ci = proportionCI(num(r, "Numerator"), num(r, "Denominator"), 0.95, req(r, "multiplier"));
      const value = num(r, "value");
      if (value === null) return expect(ci.value).toBeNull();
      expectClose(ci.value, value, 1e-12, "value");
      expectClose(ci.lower, req(r, "lowercl"), 1e-10, "lower");
      expectClose(ci.upper, req(r, "uppercl"), 1e-10, "upper");
    });
  }
});

describe("proportionCI edge cases", () => {
  it("count 0 has lower limit exactly 0; count = denominator has upper limit exactly 1", () => {
    const zero = proportionCI(0, 50);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeGreaterThan(0);
    // Wilson upper for 0/n is z²/(n + z²).
    const z2 = 1.959963984540054 ** 2;
    expectClose(zero.upper, z2 / (50 + z2), 1e-12, "upper 0/50");
    const all = proportionCI(50, 50, 0.95, 100);
    expect(all.upper).toBe(100);
    expectClose(all.lower, (50 / (50 + z2)) * 100, 1e-12, "lower 50/50");
  });

  it("count 1 of 100 (published Area1)", () => {
    expectClose(proportionCI(1, 100).lower, 1.7674320641406511e-3, 1e-12, "lower");
  });

  it("missing inputs give nulls with a reason", () => {
    expect(proportionCI(undefined, 10)).toMatchObject({value: null, method: null, reason: "missing count"});
  });

  it("refuses denominator 0, count above denominator and bad levels", () => {
    expect(() => proportionCI(0, 0)).toThrow(StatsInputError);
    expect(() => proportionCI(0, 0)).toThrow(/denominator must be greater than 0/);
    expect(() => proportionCI(11, 10)).toThrow(/must not exceed denominator/);
    expect(() => proportionCI(1, 10, 1)).toThrow(/level must be a fraction/);
  });
});
