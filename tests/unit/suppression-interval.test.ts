/**
 * Interval disclosure: the linear-programming check of a published table (components/suppression/interval.ts), and
 * suppressTable's guarantee that no suppressed cell can be narrowed below the threshold by a reader who has every
 * published cell and margin, on hundreds of seeded random tables.
 */
import {describe, expect, it} from "vitest";
import {feasibleIntervals, isAdditive, type PublishedGrid} from "../../components/suppression/interval.ts";
import {publishedCells, publishedGrid, suppressedIntervals, suppressSeries, suppressTable, type SuppressedTable} from "../../components/suppression/suppress.ts";

/** Seeded generator (LCG), so every run sees the same tables. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const narrow = (t: SuppressedTable, threshold: number, layer: "count" | "denominator" = "count") => suppressedIntervals(t, layer).filter((c) => c.max - c.min < threshold);

describe("feasibleIntervals (what a reader can solve for)", () => {
  it("finds a cell that a single subtraction reveals", () => {
    // One-way: 7, ?, 20 with total 30 gives the hidden cell exactly.
    const grid: PublishedGrid = [[7, undefined], [null, undefined], [20, undefined], [30, undefined]];
    expect(feasibleIntervals(grid)).toEqual([{row: 1, col: 0, min: 3, max: 3}]);
  });

  it("finds a bridge cell exactly although every line has two suppressed members", () => {
    // 4×4 with margins: two suppressed 2×2 blocks joined by one suppressed cell (row 1, column 2): every row and column
    // with a suppressed cell has at least two, yet rows 0–1 minus columns 0–1 leave the bridge alone.
    const v = [[2, 9, 10, 11], [8, 3, 4, 12], [13, 14, 1, 7], [15, 16, 9, 2]];
    const hide = new Set(["0,0", "0,1", "1,0", "1,1", "1,2", "2,2", "2,3", "3,2", "3,3"]);
    const grid: PublishedGrid = [
      ...v.map((line, r) => [...line.map((x, c) => (hide.has(`${r},${c}`) ? null : x)), line.reduce((a, b) => a + b, 0)]),
      [...v[0]!.map((_, c) => v.reduce((a, line) => a + line[c]!, 0)), v.flat().reduce((a, b) => a + b, 0)]
    ];
    const bridge = feasibleIntervals(grid, [[1, 2]])[0]!;
    expect(bridge).toEqual({row: 1, col: 2, min: 4, max: 4});
    // The cells of the blocks are not pinned.
    expect(feasibleIntervals(grid, [[0, 0]])[0]!.max).toBeGreaterThan(feasibleIntervals(grid, [[0, 0]])[0]!.min);
  });

  it("bounds two small cells of a line by their sum, and leaves a cell in no published sum unbounded", () => {
    const grid: PublishedGrid = [[1, undefined], [1, undefined], [40, undefined], [42, undefined]].map((l, r) => (r < 2 ? [null, undefined] : l));
    expect(feasibleIntervals(grid).map((s) => [s.min, s.max])).toEqual([[0, 2], [0, 2]]);
    expect(feasibleIntervals([[null, undefined], [null, undefined]]).map((s) => s.max)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });
});

describe("isAdditive", () => {
  it("tells a table of sums from repeated totals (survey shares' respondents)", () => {
    expect(isAdditive([[7, undefined], [null, undefined], [20, undefined], [30, undefined]])).toBe(true);
    expect(isAdditive([[43, undefined], [43, undefined], [null, undefined], [43, undefined]])).toBe(false);
    expect(isAdditive([[7, undefined], [20, undefined], [30, undefined]])).toBe(false);
  });
});

describe("suppressTable protects every suppressed cell by at least the threshold", () => {
  it("widens two small cells that bound each other (1 and 1 beside 40 and a published total)", () => {
    const t = suppressSeries(["a", "b", "c"], [1, 1, 40], 5);
    // The fixed point alone stops at a and b (interval 0–2); the interval rule adds c, leaving the total 42.
    expect(t.cells.map((l) => l[0]!.suppressed)).toEqual([true, true, true]);
    expect(narrow(t, 5)).toEqual([]);
  });

  it("suppresses a table's bridge cells until no cell is pinned", () => {
    const v = [[2, 9, 10, 11], [8, 3, 4, 12], [13, 14, 1, 7], [15, 16, 9, 2]];
    const t = suppressTable({rows: ["a", "b", "c", "d"], cols: ["w", "x", "y", "z"], values: v}, {threshold: 5});
    expect(narrow(t, 5)).toEqual([]);
  });

  it("holds on 400 seeded random tables: one-way and two-way, zeros, partner '<5' cells, thresholds 3–10", () => {
    const rnd = lcg(20261206);
    let checked = 0;
    for (let k = 0; k < 400; k++) {
      const oneWay = rnd() < 0.3;
      const n = 1 + Math.floor(rnd() * 7);
      const m = oneWay ? 1 : 1 + Math.floor(rnd() * 5);
      const threshold = [3, 5, 5, 5, 10][Math.floor(rnd() * 5)]!;
      const values = Array.from({length: n}, () => Array.from({length: m}, () => (rnd() < 0.05 ? null : Math.floor(rnd() ** 2 * 40))));
      const rowTotals = !oneWay && m > 1 && rnd() < 0.8;
      const colTotals = oneWay || rnd() < 0.8;
      const t = suppressTable({rows: values.map((_, i) => `r${i}`), cols: values[0]!.map((_, j) => `c${j}`), values}, {threshold, rowTotals, colTotals});
      expect(narrow(t, threshold), `table ${k}: ${JSON.stringify({values, rowTotals, colTotals, threshold})}`).toEqual([]);
      t.cells.forEach((line, r) =>
        line.forEach((cell, c) => {
          const v = values[r]![c]!;
          if (v === null || (v > 0 && v < threshold)) expect(cell.suppressed).toBe(true);
          expect(cell.value).toBe(cell.suppressed ? null : v);
        })
      );
      checked += publishedCells(t).filter((c) => c.suppressed).length;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("holds for denominators too, on 150 seeded random tables with cohorts", () => {
    const rnd = lcg(31);
    for (let k = 0; k < 150; k++) {
      const n = 1 + Math.floor(rnd() * 5);
      const m = 1 + Math.floor(rnd() * 4);
      const denominators = Array.from({length: n}, () => Array.from({length: m}, () => Math.floor(rnd() ** 3 * 400)));
      const values = denominators.map((line) => line.map((d) => Math.floor(rnd() * (d + 1))));
      const t = suppressTable({rows: values.map((_, i) => `r${i}`), cols: values[0]!.map((_, j) => `c${j}`), values, denominators}, {threshold: 5, rowTotals: m > 1, colTotals: false});
      expect(narrow(t, 5), `table ${k}`).toEqual([]);
      expect(narrow(t, 5, "denominator"), `table ${k} denominators`).toEqual([]);
      t.cells.forEach((line, r) =>
        line.forEach((cell, c) => {
          const [v, d] = [values[r]![c]!, denominators[r]![c]!];
          const small = (x: number) => x > 0 && x < 5;
          if (small(v) || small(d) || small(d - v)) expect(cell.suppressed, `${v} of ${d}`).toBe(true);
          expect(cell.denominator).toBe(cell.suppressed ? null : d);
        })
      );
    }
  });
});

describe("denominators are disclosive too", () => {
  it("suppresses 0 of 3 and 6 of 7 with their denominators, and a partner in each row", () => {
    const t = suppressTable(
      {rows: ["2023/24", "2024/25"], cols: ["Primary", "Special", "AP", "Secondary"], values: [[40, 0, 20, 90], [40, 6, 20, 90]], denominators: [[2000, 3, 300, 1500], [2000, 7, 300, 1500]]},
      {threshold: 5, rowTotals: true, colTotals: false}
    );
    for (const line of t.cells) {
      expect(line[1]).toMatchObject({suppressed: true, value: null, denominator: null});
      // The row total would give the Special cell back: the smallest other count (AP, 20) goes with it.
      expect(line[2]).toMatchObject({suppressed: true, value: null, denominator: null});
      expect(line[0]).toMatchObject({suppressed: false, value: 40, denominator: 2000});
    }
    expect(narrow(t, 5)).toEqual([]);
    expect(narrow(t, 5, "denominator")).toEqual([]);
    // Published grids carry no value for a suppressed cell in either layer.
    expect(publishedGrid(t, "denominator")[0]![1]).toBeNull();
  });
});
