import {describe, expect, it} from "vitest";
import {analysisWindow, yearOnYear} from "../../loaders/prepare/window.ts";

const snapshotMonths = ["2018-10", "2018-11", "2018-12", "2019-01", "2019-02", "2024-01", "2024-02", "2024-03", "2024-04", ...Array.from({length: 12}, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`)];

describe("analysis window and year-on-year months", () => {
  it("takes the latest 12 calendar months by default", () => {
    const w = analysisWindow(snapshotMonths);
    expect([w.start, w.end, w.months.length, w.missing]).toEqual(["2025-01", "2025-12", 12, []]);
  });

  it("compares only months that have data a year earlier, and says which were left out", () => {
    const y = yearOnYear(analysisWindow(snapshotMonths), snapshotMonths);
    expect(y.current).toEqual(["2025-01", "2025-02", "2025-03", "2025-04"]);
    expect(y.previous).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    expect(y.notCompared).toHaveLength(8);
  });

  it("reports months missing inside a configured window as gaps", () => {
    const w = analysisWindow(snapshotMonths, {start: "2024-01", end: "2024-12"});
    expect(w.available).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    expect(w.missing).toEqual(["2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]);
  });

  it("refuses a window with no data, naming what the snapshot has", () => {
    expect(() => analysisWindow(snapshotMonths, {start: "2021-01", end: "2021-12"})).toThrow(/No police.uk data in the configured months 2021-01 to 2021-12; the snapshot has 2018-10 to 2025-12/);
  });
});
