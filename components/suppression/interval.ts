/**
 * Interval (linear-programming) disclosure check of a published table: for every suppressed cell, the smallest and
 * largest value it can take given everything published beside it (the shown cells, the row, column and grand
 * totals) and that counts are never negative. A reader who solves these linear programs learns exactly this
 * interval and no more; a cell whose interval is a single value is disclosed, and a cell whose interval is narrow
 * tells a reader it is small.
 *
 * With the row and column totals negated, every unknown of a table with margins is in one row sum and one column sum:
 * the constraint matrix is a bipartite incidence matrix, totally unimodular, so the bounds of the linear relaxation
 * are whole numbers and equal the bounds over whole-number tables: the LP is exact.
 *
 * Protection rule (used by suppress.ts and by the disclosure audit): every suppressed cell's feasible interval must be
 * at least as wide as the threshold (max − min ≥ threshold). A reader cannot tell which suppressed cells are small,
 * so the rule is the same for every suppressed cell, and it implies that no suppressed cell is determined exactly.
 */
import {solve, type Coefficients, type Constraint} from "yalps";

/**
 * What a reader sees, as an (rows + 1) × (cols + 1) grid whose last row and column hold the margins:
 * a number is published, null is suppressed (or unknown), undefined is not published at all (e.g. the row totals of
 * a one-way table). A row or column whose members and total are all published (number or null) is a sum the reader
 * can use.
 */
export type PublishedGrid = readonly (readonly (number | null | undefined)[])[];

export interface SlotInterval {
  /** Row index in the grid (the last row holds the column totals). */
  row: number;
  /** Column index in the grid (the last column holds the row totals). */
  col: number;
  min: number;
  /** Infinity when nothing published bounds the cell. */
  max: number;
}

/** The published sums of the grid: each the coordinates of its members, the line's own total last. */
export function gridLines(grid: PublishedGrid): [number, number][][] {
  const n = grid.length - 1;
  const m = (grid[0]?.length ?? 1) - 1;
  const published = (r: number, c: number) => grid[r]![c] !== undefined;
  const out: [number, number][][] = [];
  for (let r = 0; r <= n; r++) {
    const line = Array.from({length: m + 1}, (_, c) => [r, c] as [number, number]);
    if (m > 0 && line.every(([a, b]) => published(a, b))) out.push(line);
  }
  for (let c = 0; c <= m; c++) {
    const line = Array.from({length: n + 1}, (_, r) => [r, c] as [number, number]);
    if (n > 0 && line.every(([a, b]) => published(a, b))) out.push(line);
  }
  return out;
}

const key = (r: number, c: number) => `${r},${c}`;

/**
 * A solver for one published grid: the feasible interval of any slot, by two linear programs over every published
 * sum with non-negative unknowns. With widthOnly, an unbounded maximum skips the minimum (reported as 0).
 */
export function intervalSolver(grid: PublishedGrid): (row: number, col: number, widthOnly?: boolean) => SlotInterval {
  const constraints = new Map<string, Constraint>();
  const coefficients = new Map<string, Map<string, number>>();
  gridLines(grid).forEach((line, i) => {
    let rhs = 0;
    const unknown: [string, number][] = [];
    line.forEach(([r, c], j) => {
      const v = grid[r]![c];
      const sign = j === line.length - 1 ? -1 : 1; // members minus the total = 0
      if (v === null || v === undefined) unknown.push([key(r, c), sign]);
      else rhs -= sign * v;
    });
    if (!unknown.length) return;
    constraints.set(`line${i}`, {equal: rhs});
    for (const [k, sign] of unknown) coefficients.set(k, (coefficients.get(k) ?? new Map()).set(`line${i}`, sign));
  });
  return (row, col, widthOnly = false) => {
    const target = key(row, col);
    if (!coefficients.has(target)) return {row, col, min: 0, max: Number.POSITIVE_INFINITY};
    const bound = (direction: "minimize" | "maximize"): number => {
      const variables = [...coefficients].map(([k, coef]): [string, Coefficients] => [k, k === target ? [...coef, ["objective", 1]] : coef]);
      const solution = solve({direction, objective: "objective", constraints, variables});
      if (solution.status === "unbounded") return Number.POSITIVE_INFINITY;
      // A published table is always feasible; anything else is a solver failure, treated as disclosed (pinned).
      if (solution.status !== "optimal") return Number.NaN;
      return Math.round(solution.result * 1e6) / 1e6;
    };
    const max = bound("maximize");
    const min = widthOnly && max === Number.POSITIVE_INFINITY ? 0 : bound("minimize");
    return Number.isNaN(min) || Number.isNaN(max) ? {row, col, min: 0, max: 0} : {row, col, min, max};
  };
}

/**
 * True when the published grid's sums hold for some non-negative unknowns. A grid whose values are not additive
 * (e.g. each cell's "denominator" is its column's total, as for survey shares) is not a table of sums and cannot be
 * solved as one.
 */
export function isAdditive(grid: PublishedGrid): boolean {
  const constraints = new Map<string, Constraint>();
  const variables = new Map<string, Map<string, number>>();
  for (const [i, line] of gridLines(grid).entries()) {
    let rhs = 0;
    line.forEach(([r, c], j) => {
      const v = grid[r]![c];
      const sign = j === line.length - 1 ? -1 : 1;
      if (v === null || v === undefined) variables.set(key(r, c), (variables.get(key(r, c)) ?? new Map()).set(`line${i}`, sign));
      else rhs -= sign * v;
    });
    constraints.set(`line${i}`, {equal: rhs});
  }
  // A line with no unknowns must add up on its own; the solver sees it as an empty constraint, so check it here.
  if ([...constraints].some(([k, c]) => ![...variables.values()].some((v) => v.has(k)) && Math.abs(c.equal ?? 0) > 1e-6)) return false;
  return solve({constraints, variables}).status === "optimal";
}

/** The feasible interval of each target slot (default: every suppressed slot). */
export function feasibleIntervals(grid: PublishedGrid, targets?: readonly (readonly [number, number])[]): SlotInterval[] {
  const solver = intervalSolver(grid);
  const wanted = targets ?? grid.flatMap((line, r) => line.flatMap((v, c) => (v === null ? [[r, c] as const] : [])));
  return wanted.map(([row, col]) => solver(row, col));
}

/** The suppressed (target) slots whose feasible interval is narrower than the threshold: not protected. */
export function unprotectedSlots(grid: PublishedGrid, threshold: number, targets?: readonly (readonly [number, number])[]): SlotInterval[] {
  return feasibleIntervals(grid, targets).filter((s) => s.max - s.min < threshold);
}
