import {describe, expect, it} from "vitest";
import {overallTotalSuppressed, publishedCells, safeRate, suppressSeries, suppressTable, SuppressionInputError, type SuppressedTable} from "../../components/suppression/suppress.ts";

/** Every published sum (row with its total, column with its total) must not have exactly one suppressed member. */
function linesWithOneSuppressed(t: SuppressedTable): string[] {
  const bad: string[] = [];
  if (t.rowTotals) {
    t.cells.forEach((line, r) => {
      if ([...line, t.rowTotals![r]!].filter((c) => c.suppressed).length === 1) bad.push(`row ${t.rows[r]}`);
    });
    if (t.colTotals && t.grandTotal && [...t.colTotals, t.grandTotal].filter((c) => c.suppressed).length === 1) bad.push("row of column totals");
  }
  if (t.colTotals) {
    t.cols.forEach((_, c) => {
      if ([...t.cells.map((line) => line[c]!), t.colTotals![c]!].filter((x) => x.suppressed).length === 1) bad.push(`column ${t.cols[c]}`);
    });
    if (t.rowTotals && t.grandTotal && [...t.rowTotals, t.grandTotal].filter((c) => c.suppressed).length === 1) bad.push("column of row totals");
  }
  return bad;
}

describe("suppressSeries (one-way table with its total)", () => {
  it("suppresses counts from 1 to threshold − 1 as null, never 0, and shows zeros", () => {
    const t = suppressSeries(["a", "b", "c", "d"], [0, 3, 12, 40], 5);
    const cells = t.cells.map((l) => l[0]!);
    expect(cells.map((c) => c.value)).toEqual([0, null, null, 40]);
    expect(cells[1]).toMatchObject({suppressed: true, reason: "primary"});
    expect(cells[0]).toMatchObject({suppressed: false, value: 0});
  });

  it("adds the smallest non-zero cell when one suppressed cell could be recovered from the total", () => {
    const t = suppressSeries(["a", "b", "c", "d"], [0, 3, 12, 40], 5);
    expect(t.cells[2]![0]).toMatchObject({suppressed: true, reason: "secondary", value: null});
    expect(t.colTotals![0]).toMatchObject({value: 55, suppressed: false});
    expect(linesWithOneSuppressed(t)).toEqual([]);
  });

  it("needs no secondary suppression when two cells are already suppressed", () => {
    const t = suppressSeries(["a", "b", "c"], [2, 4, 30], 5);
    expect(t.cells.map((l) => l[0]!.reason)).toEqual(["primary", "primary", null]);
  });

  it("suppresses the total when it is itself small", () => {
    const t = suppressSeries(["a", "b"], [1, 2], 5);
    expect(t.colTotals![0]).toMatchObject({suppressed: true, reason: "primary", value: null});
  });

  it("leaves a table with nothing small untouched", () => {
    const t = suppressSeries(["a", "b"], [10, 20], 5);
    expect(t.suppressedCount).toBe(0);
    expect(t.passes).toBe(1);
  });
});

describe("suppressTable (two-way with margins)", () => {
  it("reaches a fixed point where no row or column reveals a suppressed cell", () => {
    const t = suppressTable({rows: ["r1", "r2", "r3"], cols: ["c1", "c2", "c3"], values: [[2, 10, 11], [9, 20, 30], [15, 25, 35]]}, {threshold: 5});
    expect(t.cells[0]![0]!.reason).toBe("primary");
    // r1: smallest other cell (10) joins; column c1: smallest other (9) joins; then r2 and c2 need a partner too.
    expect(t.cells[0]![1]!.reason).toBe("secondary");
    expect(t.cells[1]![0]!.reason).toBe("secondary");
    expect(linesWithOneSuppressed(t)).toEqual([]);
    expect(t.grandTotal?.value).toBe(157);
  });

  it("checks the margins too: a suppressed margin needs a partner among the other margins", () => {
    const t = suppressTable({rows: ["r1", "r2"], cols: ["c1", "c2"], values: [[1, 2], [30, 40]]}, {threshold: 5});
    expect(t.rowTotals![0]).toMatchObject({value: null, reason: "primary"});
    expect(linesWithOneSuppressed(t)).toEqual([]);
    expect(publishedCells(t).filter((c) => c.suppressed).every((c) => c.value === null)).toBe(true);
  });

  it("keeps a partner-suppressed cell (null) suppressed, with every margin that needs it", () => {
    const t = suppressTable({rows: ["r1", "r2"], cols: ["c1", "c2"], values: [[null, 20], [30, 40]]}, {threshold: 5});
    expect(t.cells[0]![0]).toMatchObject({reason: "partner", value: null});
    expect(t.rowTotals![0]!.reason).toBe("partner");
    expect(t.colTotals![0]!.reason).toBe("partner");
    expect(t.grandTotal!.reason).toBe("partner");
    expect(linesWithOneSuppressed(t)).toEqual([]);
  });

  it("holds the invariants on random tables", () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let k = 0; k < 300; k++) {
      const n = 1 + Math.floor(rnd() * 6);
      const m = 1 + Math.floor(rnd() * 5);
      const values = Array.from({length: n}, () => Array.from({length: m}, () => Math.floor(rnd() ** 2 * 30)));
      const rowTotals = rnd() < 0.7 && m > 1;
      const t = suppressTable({rows: values.map((_, i) => `r${i}`), cols: values[0]!.map((_, j) => `c${j}`), values}, {threshold: 5, rowTotals, colTotals: true});
      expect(linesWithOneSuppressed(t)).toEqual([]);
      t.cells.forEach((line, r) =>
        line.forEach((cell, c) => {
          const v = values[r]![c]!;
          if (v > 0 && v < 5) expect(cell.suppressed).toBe(true);
          if (!cell.suppressed) expect(cell.value).toBe(v);
          else expect(cell.value).toBeNull();
        })
      );
    }
  });

  it("forces the overall total when another table had to suppress it", () => {
    const t = suppressTable({rows: ["a", "b", "c"], cols: ["n"], values: [[10], [20], [30]]}, {threshold: 5, rowTotals: false, suppressOverallTotal: true});
    expect(overallTotalSuppressed(t)).toBe(true);
    expect(t.cells.map((l) => l[0]!.reason)).toEqual(["secondary", null, null]);
  });

  it("refuses malformed input", () => {
    expect(() => suppressTable({rows: ["a"], cols: ["x"], values: [[-1]]}, {threshold: 5})).toThrow(SuppressionInputError);
    expect(() => suppressTable({rows: ["a"], cols: ["x"], values: [[1.5]]}, {threshold: 5})).toThrow(SuppressionInputError);
    expect(() => suppressTable({rows: ["a", "b"], cols: ["x"], values: [[1]]}, {threshold: 5})).toThrow(/rows/);
    expect(() => suppressSeries(["a"], [1], 0)).toThrow(/threshold/);
  });
});

describe("safeRate", () => {
  it("is null for a suppressed or unknown count and for a missing or zero denominator", () => {
    expect(safeRate(12, false, 400, 100)).toBe(3);
    expect(safeRate(null, true, 400)).toBeNull();
    expect(safeRate(3, true, 400)).toBeNull();
    expect(safeRate(12, false, 0)).toBeNull();
    expect(safeRate(12, false, null)).toBeNull();
  });
});
