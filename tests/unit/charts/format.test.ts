import {describe, expect, it} from "vitest";
import {
  addMonths,
  describeSeries,
  formatCI,
  formatCount,
  formatMonth,
  formatMonthRuns,
  formatPercent,
  formatPeriod,
  formatRate,
  monthRange,
  monthRuns,
  parseMonth,
  SUPPRESSED
} from "../../../components/format/index.ts";
import {monthly} from "./fixtures.ts";

describe("number formatting", () => {
  it("writes en-GB counts, rates, percentages and intervals", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(12.6)).toBe("13");
    expect(formatRate(47.14)).toBe("47.1");
    expect(formatRate(47.15, 2)).toBe("47.15");
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(0.05, 0)).toBe("5%");
    expect(formatCI(12.34, 11.06, 13.56)).toBe("12.3 (11.1 to 13.6)");
    expect(formatCI(1234.5, 1200, 1270.25)).toBe("1,234.5 (1,200.0 to 1,270.3)");
    expect(formatCI(5, null, 7)).toBe("5.0 (CI not available)");
  });

  it("never turns a missing value into 0", () => {
    expect(formatCount(null)).toBe("no data");
    expect(formatRate(undefined)).toBe("no data");
    expect(formatPercent(Number.NaN)).toBe("no data");
    expect(formatCI(null, 1, 2, 1, SUPPRESSED)).toBe("suppressed");
    expect(formatCount(0)).toBe("0");
  });
});

describe("months", () => {
  it("parses, labels and counts months", () => {
    expect(parseMonth("2025-07")).toEqual([2025, 7]);
    expect(formatMonth("2025-09")).toBe("Sep 2025");
    expect(addMonths("2024-12", 1)).toBe("2025-01");
    expect(addMonths("2025-01", -1)).toBe("2024-12");
    expect(monthRange("2024-11", "2025-02")).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
    expect(monthRuns(["2024-06", "2024-05", "2025-03", "2024-07"])).toEqual([["2024-05", "2024-07"], ["2025-03", "2025-03"]]);
    expect(formatMonthRuns(["2024-05", "2024-06", "2025-03"])).toBe("May 2024 to Jun 2024, Mar 2025");
  });

  it("writes a period of one month once (a live chapter's link may choose one)", () => {
    expect(formatPeriod("2025-12", "2025-12")).toBe("Dec 2025");
    expect(formatPeriod("2025-01", "2025-06")).toBe("Jan 2025 to Jun 2025");
  });

  it("rejects malformed months with the value and the expected form", () => {
    expect(() => parseMonth("2025-13")).toThrow(/Invalid month "2025-13": expected "YYYY-MM"/);
    expect(() => parseMonth("Jan 2025")).toThrow(/Invalid month/);
    expect(() => monthRange("2025-02", "2025-01")).toThrow(/start 2025-02 is after end 2025-01/);
  });
});

describe("describeSeries", () => {
  it("describes the real Plymouth violence series, counting months absent from the snapshot as missing", () => {
    const violence = monthly.filter((r) => r.series === "Violence and sexual offences").map((r) => ({month: r.month, value: r.count}));
    expect(describeSeries(violence)).toBe(
      "Monthly counts from Jan 2024 to Dec 2025; highest in Jul 2025 (1,202); lowest in Feb 2024 (905); 8 months missing (May 2024 to Dec 2024)."
    );
  });

  it("treats null as missing (not zero), prefers the earliest month on ties and honours start/end", () => {
    const points = [
      {month: "2025-01", value: 10},
      {month: "2025-02", value: null},
      {month: "2025-03", value: 10},
      {month: "2025-04", value: 3}
    ];
    expect(describeSeries(points, {what: "Knife crimes", end: "2025-05"})).toBe(
      "Knife crimes from Jan 2025 to May 2025; highest in Jan 2025 (10); lowest in Apr 2025 (3); 2 months missing (Feb 2025, May 2025)."
    );
    expect(describeSeries([{month: "2025-01", value: null}])).toBe("Monthly counts from Jan 2025 to Jan 2025: no data.");
    expect(describeSeries([])).toBe("Monthly counts: no data.");
  });
});
