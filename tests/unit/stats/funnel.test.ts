import {describe, expect, it} from "vitest";
import {
  proportionFunnelLimits,
  proportionFunnelSignificance,
  rateFunnelChartPoints,
  rateFunnelLimits,
  rateFunnelSignificance,
  ratioFunnelLimits,
  ratioFunnelSignificance,
  rDigits,
  roundHalfEven,
  type RateFunnelInput
} from "../../../components/stats/funnel.ts";
import {expectClose, expectToPrinted, num, printedHalfUnit, readFixture, req, text} from "./fixtures.ts";

/**
 * PHEindicatormethods finds the Poisson funnel points by bisection on v = E / (1 + O + E) until the step is below
 * 1e-7 (final step 2^-24 ≈ 6e-8), so its published expected counts carry that error; ours are exact. Compare in
 * v-space with the package's own tolerance, and to 1e-6 relative wherever that is tighter.
 */
function expectPoissonPoint(ours: number, published: number, observed: number, label: string): void {
  const v = (e: number): number => e / (1 + observed + e);
  const dv = Math.abs(v(ours) - v(published));
  const rel = Math.abs(ours / published - 1);
  if (!(dv <= 1.2e-7 || rel <= 1e-6)) {
    throw new Error(`${label}: ours ${ours}, published ${published} (v-space error ${dv.toExponential(2)})`);
  }
}

const propInputs = readFixture("testdata_funnel_prop_inputs.csv").map((r) => ({
  area: text(r, "Area"),
  numerator: req(r, "numerator"),
  denominator: req(r, "denominator"),
  significance: text(r, "significance")
}));

describe("R helpers", () => {
  it("rDigits counts digits as R's nchar(as.character(n))", () => {
    expect([rDigits(9), rDigits(123456), rDigits(100000), rDigits(1200000), rDigits(3e7), rDigits(31000)]).toEqual([1, 6, 5, 7, 5, 5]);
  });
  it("roundHalfEven rounds like R's round()", () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6, 1234.5].map(roundHalfEven)).toEqual([0, 2, 2, 2, 3, 1234]);
  });
});

describe("proportion funnels: PHEindicatormethods testdata_funnel_prop_*", () => {
  it("significance of 303 published points", () => {
    expect(propInputs).toHaveLength(303);
    const got = proportionFunnelSignificance(propInputs);
    propInputs.forEach((p, i) => expect(got[i], p.area).toBe(p.significance));
  });

  for (const [file, filter] of [
    ["testdata_funnel_prop_outputs.csv", () => true],
    ["testdata_funnel_prop_outputs_with_axis_variation.csv", (d: number) => d < 31000]
  ] as const) {
    it(`100 funnel points: ${file}`, () => {
      const expected = readFixture(file);
      const got = proportionFunnelLimits(propInputs.filter((p) => filter(p.denominator)), 100);
      expect(got).toHaveLength(expected.length);
      expected.forEach((e, i) => {
        const g = got[i];
        if (g === undefined) throw new Error(`no point ${i}`);
        expect(g.population, `row ${i + 1}`).toBe(req(e, "Population"));
        // The CSVs are rounded (6 decimals in one file, 10 significant figures in the other): compare to the print.
        for (const [ours, col] of [
          [g.lower95, "Lower2s0025limit"],
          [g.upper95, "Upper2s0025limit"],
          [g.lower998, "Lower3s0001limit"],
          [g.upper998, "Upper3s0001limit"],
          [g.baseline, "Baseline"]
        ] as const) {
          expectToPrinted(ours, e, col, 1e-12, `${col} row ${i + 1}`);
        }
      });
    });
  }
});

describe("ratio funnels: PHEindicatormethods testdata_funnel_ratio_*", () => {
  const inputs = readFixture("testdata_funnel_ratio_inputs.csv").map((r) => ({
    observed: req(r, "obs"),
    expected: req(r, "expected"),
    significance: text(r, "significance")
  }));

  it("significance of 300 published points", () => {
    expect(inputs).toHaveLength(300);
    const got = ratioFunnelSignificance(inputs);
    inputs.forEach((p, i) => expect(got[i], `obs ${p.observed} exp ${p.expected}`).toBe(p.significance));
  });

  it("100 funnel points with expected counts and count / ISR limits (file with a quoted multi-line header)", () => {
    const expected = readFixture("testdata_funnel_ratio_outputs.csv");
    const counts = ratioFunnelLimits(inputs, "count");
    const isrs = ratioFunnelLimits(inputs, "isr");
    expect(expected).toHaveLength(100);
    expected.forEach((e, i) => {
      const c = counts[i];
      const s = isrs[i];
      if (c === undefined || s === undefined) throw new Error(`no point ${i}`);
      const o = req(e, "Observed_events");
      expect(c.observed).toBe(o);
      for (const [key, prefix] of [["lower95", "lower_2s"], ["upper95", "upper_2s"], ["lower998", "lower_3s"], ["upper998", "upper_3s"]] as const) {
        const pubExp = req(e, `${prefix}_exp_events`);
        expectPoissonPoint(c[`${key}Expected`], pubExp, o, `${prefix}_exp_events O=${o}`);
        // The published limits are O / (published expected) transformed: check the transform to the printed digits.
        const ratioSlack = (o / pubExp) * (printedHalfUnit(text(e, `${prefix}_exp_events`)) / pubExp);
        expect(Math.abs(req(e, `${prefix}_count`) - (o / pubExp - 1))).toBeLessThanOrEqual(ratioSlack + printedHalfUnit(text(e, `${prefix}_count`)));
        expect(Math.abs(req(e, `${prefix}_isr`) - (o / pubExp) * 100)).toBeLessThanOrEqual(100 * ratioSlack + printedHalfUnit(text(e, `${prefix}_isr`)));
        expectPoissonPoint(o / (s[key] / 100), pubExp, o, `${prefix}_isr O=${o}`);
      }
    });
  });
});

describe("rate funnels: PHEindicatormethods testdata_funnel_rate_*", () => {
  const base = readFixture("testdata_funnel_rate_input_funnels.csv").map((r) => ({count: req(r, "ev"), rate: req(r, "rate"), pop: req(r, "pop")}));
  const maxEv = Math.max(...base.map((b) => b.count));

  function checkLimits(file: string, points: RateFunnelInput[], rateType: "dsr" | "crude"): void {
    const expected = readFixture(file);
    const got = rateFunnelLimits(points, {rateType, multiplier: 1e5, yearsOfData: 3});
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      const g = got[i];
      if (g === undefined) throw new Error(`no point ${i}`);
      const events = req(e, "Events");
      expect(g.events, `row ${i + 1}`).toBe(events);
      expectClose(g.baseline, req(e, "baseline"), 1e-9, "baseline");
      const perYear = (g.baseline / 1e5) * 3; // expected events per annual person
      for (const [key, prefix] of [["lower95", "lower_2s"], ["upper95", "upper_2s"], ["lower998", "lower_3s"], ["upper998", "upper_3s"]] as const) {
        const pubPop = req(e, `${prefix}_population_1_year`);
        expectPoissonPoint(g[`${key}Population`] * perYear, pubPop * perYear, events, `${prefix} population E=${events}`);
        expectPoissonPoint((events / g[key]) * 1e5 * (g.baseline / 1e5), (events / req(e, `${prefix}_limit`)) * 1e5 * (g.baseline / 1e5), events, `${prefix}_limit E=${events}`);
      }
      expect(text(e, "statistic")).toBe(`rate (${rateType} per 100,000)`);
    });
  }

  it("DSR per 100,000 over 3 years (testdata_funnel_rate_outputs.csv)", () => {
    checkLimits("testdata_funnel_rate_outputs.csv", base, "dsr");
  });

  it("crude, largest area reduced to 5 events (testdata_funnel_rate_outputs_2.csv)", () => {
    checkLimits("testdata_funnel_rate_outputs_2.csv", base.map((b) => ({...b, count: b.count === maxEv ? 5 : b.count})), "crude");
  });

  it("crude with a 0-event area and denominators (testdata_funnel_rate_outputs_3.csv)", () => {
    const withPop = base.map((b) => ({count: b.count, rate: b.rate, denominator: (1e5 * b.count) / b.rate}));
    const maxPop = Math.max(...withPop.map((b) => b.denominator));
    const points = withPop
      .map((b) => (b.count === maxEv ? {...b, count: 0, rate: 0} : b))
      .filter((b) => b.denominator > maxPop / 2);
    checkLimits("testdata_funnel_rate_outputs_3.csv", points, "crude");
  });

  it("chart points (calculate_funnel_points): DSR, crude, crude with denominators", () => {
    const rows = readFixture("testdata_funnel_rate_input_funnels.csv");
    const dsrPoints = base.map((b) => ({...b, count: b.count === maxEv ? 5 : b.count}));
    const dsr = rateFunnelChartPoints(dsrPoints, {rateType: "dsr", multiplier: 1e5, yearsOfData: 3});
    const crude = rateFunnelChartPoints(base, {rateType: "crude", multiplier: 1e5, yearsOfData: 3});
    const zeroed = base.map((b) => (b.count === maxEv ? {count: 0, rate: b.rate, denominator: b.pop} : {...b, denominator: b.pop}));
    const withDen = rateFunnelChartPoints(zeroed, {rateType: "crude", multiplier: 1e5, yearsOfData: 5});
    rows.forEach((r, i) => {
      const isMax = req(r, "ev") === maxEv;
      if (isMax) expect(dsr[i]).toEqual({rate: null, annualDenominator: null}); // fewer than 10 events: not plotted
      else {
        expect(dsr[i]?.rate).toBe(num(r, "rate_chart"));
        expectClose(dsr[i]?.annualDenominator, req(r, "denominator_derived"), 1e-9, `dsr row ${i + 1}`);
      }
      expectClose(crude[i]?.annualDenominator, req(r, "denominator_derived_crude"), 1e-9, `crude row ${i + 1}`);
      expectClose(withDen[i]?.annualDenominator, req(r, "denominator_derived_crude_with_denom"), 1e-9, `with denominator row ${i + 1}`);
    });
  });

  const sigRows = readFixture("testdata_funnel_rate_dsr_inputs.csv");
  const cases = [
    ["rate_dsr", "dsr", 1e5, "dsr_per_100000"],
    ["rate_dsr", "dsr", 100, "dsr_per_100"],
    ["rate_crude_per_100000", "crude", 1e5, "crude_per_100000"],
    ["rate_crude_per_100", "crude", 100, "crude_per_100"]
  ] as const;
  for (const [rateCol, rateType, multiplier, label] of cases) {
    for (const withZero of [true, false]) {
      it(`significance: ${label} ${withZero ? "with" : "without"} the 0-event area`, () => {
        const rows = sigRows.filter((r) => withZero || req(r, "count") !== 0);
        const points = rows.map((r) => ({count: req(r, "count"), rate: num(r, rateCol), denominator: req(r, "pop")}));
        const got = rateFunnelSignificance(points, {rateType, multiplier});
        rows.forEach((r, i) => expect(got[i], `count ${text(r, "count")}`).toBe(text(r, `${label}_${withZero ? "with" : "without"}_0`)));
      });
    }
  }
});

describe("funnel input errors", () => {
  it("refuses zero denominators, numerators above denominators, and 0-event crude rates without a denominator", () => {
    expect(() => proportionFunnelSignificance([{numerator: 65, denominator: 100}, {numerator: 30, denominator: 0}])).toThrow(
      /denominator of point 2 must be greater than 0/
    );
    expect(() => proportionFunnelSignificance([{numerator: 30, denominator: 20}])).toThrow(/exceeds its denominator/);
    expect(() => proportionFunnelSignificance([{numerator: -80, denominator: 100}])).toThrow(/must be 0 or more/);
    expect(() => rateFunnelSignificance([{count: 0, rate: 0}], {rateType: "crude", multiplier: 1e5})).toThrow(/give its denominator/);
    expect(() => ratioFunnelSignificance([{observed: 3, expected: 0}])).toThrow(/expected of point 1 must be greater than 0/);
  });
});
