/**
 * The success measures' arithmetic (components/success/measures.ts) and the period chart they are drawn with.
 * The local measure runs on a real extract of Plymouth's prepared area-monthly.csv (police.uk, tests/fixtures/prepared/);
 * its expected sums were added up with awk from that file, independently of the code.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {changeFrom, localMeasure, monthRunLabel, smallCountCaution} from "../../components/success/measures.ts";
import {periodSeries} from "../../components/charts/period-series.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {newDocument} from "./charts/snapshot.ts";

const extract = parseTable(TABLES.area_monthly, csvParse(readFileSync(join(import.meta.dirname, "../fixtures/prepared/area-monthly-plymouth-extract.csv"), "utf-8")) as never);

describe("change from a baseline", () => {
  it("is the rate ratio with an exact interval: Plymouth's serious violence, Jan-Apr 2025 against Jan-Apr 2024, no significant change", () => {
    // The same figures the Overview tests (tests/integration/prepare.test.ts): 4,016 against 4,039.
    const c = changeFrom({label: "Jan to Apr 2024", count: 4039, denominator: 264723}, {label: "Jan to Apr 2025", count: 4016, denominator: 264723}, "low-is-good");
    expect(c.ratio).toBeCloseTo(4016 / 4039, 12);
    expect(c.lower).toBeLessThan(1);
    expect(c.upper).toBeGreaterThan(1);
    expect(c.verdict).toBe("No significant change");
    expect(c.words).toBe("Jan to Apr 2025: 4,016, against 4,039 in Jan to Apr 2024 (−1%, 95% CI −5% to +4%): no significant change.");
  });
  it("words a significant fall as better, or worse, by polarity", () => {
    const fall = changeFrom({label: "A", count: 200, denominator: 1}, {label: "B", count: 120, denominator: 1}, "low-is-good");
    expect(fall).toMatchObject({significant: true, verdict: "Better"});
    expect(fall.words).toContain("a significant fall, better");
    expect(changeFrom({label: "A", count: 200, denominator: 1}, {label: "B", count: 120, denominator: 1}, "high-is-good").verdict).toBe("Worse");
  });
  it("compares rates when the populations differ (knife offences per 100,000, two mid-year estimates)", () => {
    // Devon & Cornwall, ONS Table P5: 442 in YE Dec 2018 (mid-2017: 1,749,100), 484 in YE Dec 2019 (mid-2018: 1,762,400).
    const c = changeFrom({label: "YE Dec 2018", count: 442, denominator: 1749100}, {label: "YE Dec 2019", count: 484, denominator: 1762400}, "low-is-good");
    expect(c.ratio).toBeCloseTo(484 / 1762400 / (442 / 1749100), 12);
    expect(c.significant).toBe(false);
  });
  it("forms no ratio from a baseline of none", () => {
    const c = changeFrom({label: "A", count: 0, denominator: 1}, {label: "B", count: 3, denominator: 1}, "low-is-good");
    expect(c.ratio).toBeNull();
    expect(c.words).toContain("no ratio can be formed");
  });
});

describe("small counts", () => {
  it("gives the exact Poisson interval for 2 events (PHE: 0.2422 to 7.2247) and says it is not a trend", () => {
    const text = smallCountCaution(2, "homicides")!;
    expect(text).toContain("from 0.2 to 7.2");
    expect(text).toContain("is not a trend");
  });
  it("says nothing from 10 events, or for no count", () => {
    expect(smallCountCaution(10, "homicides")).toBeNull();
    expect(smallCountCaution(null, "homicides")).toBeNull();
  });
});

describe("local measures", () => {
  const def = {name: "Possession of weapons offences (police.uk)", table: "area_monthly", where: {crime_type: "Possession of weapons"}, polarity: "low-is-good" as const, baseline: {from: "2024-01", to: "2024-04"}};
  it("sums the baseline months and the same months of the latest year that has them all (33+32+36+38 against 39+24+21+31)", () => {
    const r = localMeasure(def, extract);
    if (!r.ok) throw new Error(r.reason);
    expect(r.change.baseline).toMatchObject({label: "Jan to Apr 2024", count: 139});
    expect(r.change.latest).toMatchObject({label: "Jan to Apr 2025", count: 115});
    expect(r.latest).toEqual({from: "2025-01", to: "2025-04"});
    expect(r.change.verdict).toBe("No significant change");
  });
  it("takes a list of values", () => {
    const r = localMeasure({...def, name: "Robbery and weapons", where: {crime_type: ["Robbery", "Possession of weapons"]}}, extract);
    if (!r.ok) throw new Error(r.reason);
    expect(r.change.baseline.count).toBe(139 + 20 + 19 + 19 + 10);
  });
  it("says why it cannot compare: baseline months missing, nothing matching, or a suppressed month", () => {
    expect(localMeasure({...def, baseline: {from: "2024-03", to: "2024-06"}}, extract)).toMatchObject({ok: false, reason: expect.stringContaining("no data for 2024-05, 2024-06")});
    expect(localMeasure({...def, where: {crime_type: "Shoplifting"}}, extract)).toMatchObject({ok: false, reason: expect.stringContaining("no rows of area_monthly match")});
    const partner = [
      ...["2024-01", "2025-01"].map((m) => ({dataset: "ae-assault", row_dim: "Month", row: m, col_dim: null, col: null, total: false, count: 40, suppressed: false})),
      {dataset: "ae-assault", row_dim: "Month", row: "2024-02", col_dim: null, col: null, total: false, count: null, suppressed: true},
      {dataset: "ae-assault", row_dim: "Month", row: "2025-02", col_dim: null, col: null, total: false, count: 7, suppressed: false}
    ];
    const r = localMeasure({...def, table: "partner_records", where: {dataset: "ae-assault"}, baseline: {from: "2024-01", to: "2024-02"}}, partner);
    expect(r).toMatchObject({ok: false, reason: expect.stringContaining("suppressed count")});
  });
  it("labels runs of months", () => {
    expect(monthRunLabel("2024-01", "2024-04")).toBe("Jan to Apr 2024");
    expect(monthRunLabel("2024-11", "2025-02")).toBe("Nov 2024 to Feb 2025");
    expect(monthRunLabel("2025-03", "2025-03")).toBe("Mar 2025");
  });
});

describe("the period chart", () => {
  const document = newDocument();
  const periods = ["YE Mar 2015", "YE Mar 2016", "YE Mar 2017", "YE Mar 2018"];
  // Surrey, ONS Table P5: the recording change before YE Mar 2017.
  const surrey = [83, 64, 294, 436].map((value, i) => ({series: "Surrey", period: periods[i]!, value, breakBefore: i === 2}));
  it("splits a series at a break and marks it, and never joins across a missing value", () => {
    const svg = periodSeries(surrey, {periods, document, width: 688}) as HTMLElement;
    expect(svg.querySelectorAll("g[aria-label='line'] path")).toHaveLength(2);
    expect(svg.innerHTML).toContain("break in series");
    const gap = periodSeries([...surrey.slice(0, 2), {series: "Surrey", period: periods[2]!, value: null}, {...surrey[3]!, breakBefore: false}], {periods, document, width: 688}) as HTMLElement;
    expect(gap.querySelectorAll("g[aria-label='line'] path")).toHaveLength(2);
  });
  it("says the latest value of each series and the break in its text alternative, and draws no NaN at phone width", () => {
    const points = [...surrey, ...[55, 58, 62, 70].map((value, i) => ({series: "England and Wales", period: periods[i]!, value}))];
    const out = periodSeries(points, {periods, document, width: 390, valueLabel: "Offences", digits: 0}) as HTMLElement;
    const text = out.outerHTML;
    expect(text).not.toMatch(/NaN|Infinity/);
    const desc = out.querySelector("[aria-description]")?.getAttribute("aria-description") ?? out.getAttribute("aria-description") ?? "";
    expect(desc).toContain("Surrey: 436 in YE Mar 2018");
    expect(desc).toContain("break in series before YE Mar 2017 (Surrey)");
  });
  it("refuses a period it was not given", () => {
    expect(() => periodSeries([{series: "A", period: "YE Mar 2020", value: 1}], {periods, document})).toThrow('period "YE Mar 2020" of A is not in the periods given');
  });
});
