import {describe, expect, it} from "vitest";
import {chiSquareQuantile} from "../../../components/stats/special.ts";
import {recentTrend, TREND_THRESHOLD, trendWithPolarity, type TrendPoint} from "../../../components/stats/trend.ts";
import {num, readFixture, req, text} from "./fixtures.ts";

/** Real England / region series with the markers Fingertips shows (FingertipsNext TrendMarkerCalculatorTests). */
const series = new Map<string, {type: "proportion" | "other"; expected: string; points: TrendPoint[]}>();
for (const r of readFixture("fingertips/trend-markers-fingertipsnext.csv")) {
  const key = text(r, "case");
  const entry = series.get(key) ?? {type: text(r, "value_type") as "proportion" | "other", expected: text(r, "expected_marker"), points: []};
  entry.points.push({
    year: req(r, "year"),
    value: num(r, "value"),
    lower: num(r, "lower_ci95"),
    upper: num(r, "upper_ci95"),
    count: num(r, "count"),
    denominator: num(r, "denominator")
  });
  series.set(key, entry);
}

describe("recent trend: Fingertips published markers", () => {
  it("has the four published series", () => expect(series.size).toBe(4));
  for (const [name, s] of series) {
    it(`${name}: ${s.expected}`, () => {
      const result = recentTrend(s.points, {valueType: s.type});
      expect(result.marker).toBe(s.expected);
      expect(result.years).toHaveLength(5);
      expect(result.chiSquare).toBeGreaterThan(TREND_THRESHOLD);
    });
  }

  it("FingertipsNext: fewer than five points cannot be calculated", () => {
    const points = series.get("u75_cancer_mortality")?.points.slice(1) ?? [];
    expect(points).toHaveLength(4);
    expect(recentTrend(points, {valueType: "other"})).toMatchObject({marker: "Cannot be calculated", reason: "not enough data points: 4 of 5"});
  });

  it("FingertipsNext polarity wording", () => {
    expect(trendWithPolarity("Increasing", "high-is-good")).toBe("Increasing and getting better");
    expect(trendWithPolarity("Increasing", "low-is-good")).toBe("Increasing and getting worse");
    expect(trendWithPolarity("Decreasing", "high-is-good")).toBe("Decreasing and getting worse");
    expect(trendWithPolarity("Decreasing", "low-is-good")).toBe("Decreasing and getting better");
    expect(trendWithPolarity("Increasing", "no-judgement")).toBe("Increasing");
    expect(trendWithPolarity("No significant change", "high-is-good")).toBe("No significant change");
  });
});

describe("recent trend rules", () => {
  const years = [2019, 2020, 2021, 2022, 2023];
  const withCI = (values: number[], halfWidth = 1): TrendPoint[] =>
    values.map((v, i) => ({year: years[i] as number, value: v, lower: v - halfWidth, upper: v + halfWidth}));

  it("threshold is χ²₁(0.998), Fingertips' 9.54953570608324", () => {
    expect(TREND_THRESHOLD).toBeCloseTo(9.54953570608324, 12);
    expect(chiSquareQuantile(0.998, 1)).toBe(TREND_THRESHOLD);
  });

  it("weighted chi-square: slope and χ² by hand for equal SEs (SE = width / 3.92)", () => {
    // Equal weights w = 1/SE²: β = Σ(t − t̄)y / Σ(t − t̄)², var(β) = SE² / Σ(t − t̄)², Σ(t − t̄)² = 10.
    const values = [10, 11, 12, 13, 14];
    const result = recentTrend(withCI(values, 1.96), {valueType: "other"});
    const se = 3.92 / 3.92;
    expect(result.slope).toBeCloseTo(1, 12);
    expect(result.chiSquare).toBeCloseTo((1 * 1) / (se * se / 10), 9);
    expect(result.marker).toBe("Increasing");
  });

  it("not significant below the threshold", () => {
    const result = recentTrend(withCI([10, 10.2, 10.1, 10.3, 10.2], 1.96), {valueType: "other"});
    expect(result.marker).toBe("No significant change");
    expect(result.chiSquare).toBeLessThan(TREND_THRESHOLD);
  });

  it("an outlier that drives the slope gives no significant change", () => {
    // Flat series with a very precise high last point: significant overall, but dropping it flips the slope.
    const points: TrendPoint[] = [
      ...withCI([10.02, 10.01, 10, 9.99], 0.5),
      {year: 2023, value: 11, lower: 10.999, upper: 11.001}
    ];
    const result = recentTrend(points, {valueType: "other"});
    expect(result.chiSquare).toBeGreaterThan(TREND_THRESHOLD);
    expect(result.marker).toBe("No significant change");
    expect(result.reason).toMatch(/outlier/);
  });

  it("uses only the most recent five years, in any input order", () => {
    const points = [...withCI([14, 13, 12, 11, 10]), {year: 2018, value: 100, lower: 99, upper: 101}].reverse();
    const result = recentTrend(points, {valueType: "other"});
    expect(result.years).toEqual(years);
    expect(result.marker).toBe("Decreasing");
  });

  it("proportions use counts: chi-square test for trend", () => {
    const points = years.map((year, i) => ({year, count: 1000 + 100 * i, denominator: 10000}));
    const result = recentTrend(points, {valueType: "proportion"});
    expect(result.marker).toBe("Increasing");
    // Armitage with centred t = −2…2 and equal n (so Σn·t = 0): χ² = N (N Σc·t)² / (C (N − C) N Σn·t²).
    const N = 5 * 10000;
    const C = 1000 + 1100 + 1200 + 1300 + 1400;
    const sumCt = 1000 * -2 + 1100 * -1 + 1300 * 1 + 1400 * 2;
    const sumNtt = 10000 * (4 + 1 + 0 + 1 + 4);
    expect(result.chiSquare).toBeCloseTo((N * (N * sumCt) ** 2) / (C * (N - C) * N * sumNtt), 6);
  });

  it("cannot be calculated: missing values, missing CIs, zero-width CIs, gaps, 0% proportions", () => {
    const base = withCI([1, 2, 3, 4, 5]);
    expect(recentTrend(base.map((p, i) => (i === 2 ? {...p, value: null} : p)), {valueType: "other"}).reason).toMatch(/missing values/);
    expect(recentTrend(base.map((p, i) => (i === 2 ? {...p, upper: null} : p)), {valueType: "other"}).reason).toMatch(/missing confidence/);
    // FingertipsNext 41101 rows with lower = upper (rounded CIs) cannot be tested.
    expect(recentTrend(base.map((p) => ({...p, lower: p.value, upper: p.value})), {valueType: "other"}).reason).toMatch(/zero or negative width/);
    expect(recentTrend(base.map((p, i) => ({...p, year: 2015 + 2 * i})), {valueType: "other"}).reason).toMatch(/not consecutive/);
    const props = years.map((year, i) => ({year, count: i === 0 ? 0 : 10, denominator: 100}));
    expect(recentTrend(props, {valueType: "proportion"}).marker).toBe("Cannot be calculated");
  });

  it("refuses duplicate years", () => {
    expect(() => recentTrend([...withCI([1, 2, 3, 4, 5]), {year: 2023, value: 6, lower: 5, upper: 7}], {valueType: "other"})).toThrow(/years must be unique/);
  });
});
