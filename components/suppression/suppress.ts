/**
 * Small-number suppression of a two-way table of counts, with secondary suppression. Pure: used by the partner
 * loaders at build time and by pages that re-tabulate partner data in the browser.
 *
 * A table is a grid of cells (rows × columns) plus the margins that are published with it: row totals, column totals
 * and the grand total. A one-way table (e.g. counts by month with a total) is a grid with one column whose column
 * total is published and whose row totals are not (they would repeat each cell).
 *
 * Primary suppression: a cell or margin with 0 < count < threshold is suppressed. Zero is shown (it discloses
 * nothing about a person), and a count the partner supplied already suppressed (e.g. "<5") is unknown and stays
 * suppressed, as does every margin that would need it.
 *
 * Secondary (complementary) suppression, to a fixed point:
 *   every published sum is a "line": a row with its row total, a column with its column total, the row of column
 *   totals with the grand total and the column of row totals with the grand total. A line with exactly one suppressed
 *   member lets a reader recover it by subtraction, so one more member of that line is suppressed: the smallest
 *   non-zero unsuppressed cell, else a zero cell, else the line's own total. Suppressing it can leave another line
 *   with exactly one suppressed member, so all lines are checked again until none has exactly one. Each pass adds at
 *   least one suppression, so the loop ends after at most (rows + 1) × (columns + 1) passes.
 *
 * Interval protection (interval.ts), after the fixed point: two suppressed members per line is not enough, e.g. a
 * suppressed cell that is a bridge in the graph of suppressed cells is still determined exactly, and two primary cells
 * in a line with a published total bound each other tightly. So the feasible interval of every suppressed cell given
 * everything published is computed by linear programming, and while a cell's interval is narrower than the
 * threshold, one more cell of a line through it is suppressed (the smallest count of at least the threshold, else
 * the largest, a margin last), and the fixed point is run again. Suppressing everything but the grand total always
 * passes, so this ends.
 *
 * Denominators (TableInput.denominators): a rate on a denominator below the threshold (0 of 3), or whose complement
 * (denominator − count) is below it (6 of 7), is suppressed with its denominator, and the denominators' own sums
 * are checked for intervals with the same suppression pattern.
 *
 * Only `suppressed` is meant to leave a loader: `reason` says which cells are primary, which would let a reader
 * bound them more tightly, so it is kept for tests and logs only (partner records carry no reason).
 *
 * Limits (documented in data/partners/README.md): two tables published from overlapping data (two periods that
 * nest) can still be differenced; loaders/partners/load.ts refuses a second file whose period overlaps another's.
 */

import {feasibleIntervals, intervalSolver, type PublishedGrid, type SlotInterval} from "./interval.ts";

export type SuppressionReason = "primary" | "secondary" | "partner";

export interface SuppressionOptions {
  /** Counts from 1 to threshold − 1 are suppressed (the partnership's smallNumberThreshold, default 5). */
  threshold: number;
  /** Publish a total for each row (a sum across the columns). Default: true when there is more than one column. */
  rowTotals?: boolean;
  /** Publish a total for each column (a sum down the rows) and the grand total. Default: true. */
  colTotals?: boolean;
  /**
   * Suppress the overall total (the grand total, or the column total of a one-way table) before the secondary pass:
   * used when another table published from the same data had to suppress it, so both tables agree.
   */
  suppressOverallTotal?: boolean;
}

export interface TableInput {
  rows: readonly string[];
  cols: readonly string[];
  /** values[r][c]; null means the partner supplied the cell already suppressed (its value is unknown). */
  values: readonly (readonly (number | null)[])[];
  /** Optional denominators of the same shape (e.g. pupils on roll); null = not known. Margins are their sums. */
  denominators?: readonly (readonly (number | null)[])[];
}

export interface Cell {
  row: string;
  col: string;
  /** The count, or null when suppressed: a suppressed count is never 0. */
  value: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
  /** True for a margin (row total, column total or grand total). */
  total: boolean;
  /** The denominator when the table has denominators: null when suppressed with the count, or not known. */
  denominator: number | null;
}

export interface SuppressedTable {
  rows: string[];
  cols: string[];
  cells: Cell[][];
  /** One per row when row totals are published, else null. */
  rowTotals: Cell[] | null;
  /** One per column when column totals are published, else null. */
  colTotals: Cell[] | null;
  /** Published when both row and column totals are (in a one-way table the column total is the grand total). */
  grandTotal: Cell | null;
  /** Number of published cells (margins included) that are suppressed. */
  suppressedCount: number;
  /** Secondary suppression passes until the fixed point. */
  passes: number;
}

/** The label used for margins in row/col fields. */
export const TOTAL_LABEL = "Total";

export class SuppressionInputError extends Error {
  override name = "SuppressionInputError";
}

interface Slot {
  value: number | null;
  den: number | null;
  reason: SuppressionReason | null;
  published: boolean;
  total: boolean;
}

function checkInput(t: TableInput, threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) throw new SuppressionInputError(`threshold must be a whole number ≥ 1; got ${threshold}`);
  if (t.values.length !== t.rows.length) throw new SuppressionInputError(`values has ${t.values.length} rows but rows lists ${t.rows.length}`);
  t.values.forEach((line, r) => {
    if (line.length !== t.cols.length) throw new SuppressionInputError(`values row ${r} has ${line.length} cells but cols lists ${t.cols.length}`);
    for (const v of line) {
      if (v !== null && (!Number.isInteger(v) || v < 0)) throw new SuppressionInputError(`counts must be whole numbers ≥ 0 or null; row ${r} has ${v}`);
    }
  });
  t.denominators?.forEach((line, r) => {
    if (line.length !== t.cols.length) throw new SuppressionInputError(`denominators row ${r} has ${line.length} cells but cols lists ${t.cols.length}`);
    for (const v of line) if (v !== null && !(v >= 0)) throw new SuppressionInputError(`denominators must be numbers ≥ 0 or null; row ${r} has ${v}`);
  });
  if (t.denominators && t.denominators.length !== t.rows.length) throw new SuppressionInputError(`denominators has ${t.denominators.length} rows but rows lists ${t.rows.length}`);
}

const sum = (values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));

const small = (v: number | null, threshold: number) => v !== null && v > 0 && v < threshold;

/**
 * Primary rule for one value and, when the table has denominators, its denominator: a small count, a small
 * denominator (0 of 3), or a small complement (6 of 7: the one who is not counted is disclosed too).
 */
function primary(value: number | null, den: number | null | undefined, threshold: number): SuppressionReason | null {
  if (value === null) return "partner";
  if (small(value, threshold)) return "primary";
  if (den !== undefined && den !== null && (small(den, threshold) || small(den - value, threshold))) return "primary";
  return null;
}

/** Builds the (rows+1) × (cols+1) augmented grid; the last row and column hold the margins. */
function augment(t: TableInput, threshold: number, rowTotals: boolean, colTotals: boolean): Slot[][] {
  const n = t.rows.length;
  const m = t.cols.length;
  const at = (g: readonly (readonly (number | null)[])[], r: number, c: number): number | null => {
    if (r < n && c < m) return g[r]![c]!;
    if (r < n) return sum([...g[r]!]);
    if (c < m) return sum(g.map((row) => row[c]!));
    return sum(g.flat());
  };
  const grid: Slot[][] = [];
  for (let r = 0; r <= n; r++) {
    const line: Slot[] = [];
    for (let c = 0; c <= m; c++) {
      const value = at(t.values, r, c);
      const den = t.denominators ? at(t.denominators, r, c) : null;
      const published = (r < n && c < m) || (r < n && c === m && rowTotals) || (r === n && c < m && colTotals) || (r === n && c === m && colTotals && rowTotals);
      line.push({value, den, reason: published ? primary(value, t.denominators ? den : undefined, threshold) : null, published, total: r === n || c === m});
    }
    grid.push(line);
  }
  return grid;
}

/** What a reader sees of one layer of the grid (the counts, or the denominators). */
function published(grid: Slot[][], layer: "value" | "den"): PublishedGrid {
  return grid.map((line) => line.map((s) => (!s.published ? undefined : s.reason !== null ? null : s[layer])));
}

/** The next cell to suppress so that an unprotected cell's interval widens (see the module comment). */
function widen(grid: Slot[][], allLines: [number, number][][], weak: readonly SlotInterval[], threshold: number): [number, number] | null {
  const weakKeys = new Set(weak.map((w) => `${w.row},${w.col}`));
  const open = ([r, c]: [number, number]) => grid[r]![c]!.published && grid[r]![c]!.reason === null;
  const near = allLines.filter((line) => line.some(([r, c]) => weakKeys.has(`${r},${c}`))).flat().filter(open);
  const pool = near.length ? near : grid.flatMap((line, r) => line.map((_, c) => [r, c] as [number, number])).filter(open);
  const inner = pool.filter(([r, c]) => !grid[r]![c]!.total);
  const value = ([r, c]: [number, number]) => grid[r]![c]!.value ?? 0;
  const big = inner.filter((p) => value(p) >= threshold).sort((a, b) => value(a) - value(b));
  if (big[0]) return big[0];
  const largest = [...inner].sort((a, b) => value(b) - value(a));
  if (largest[0]) return largest[0];
  return pool[0] ?? null;
}

/**
 * Suppresses more until every suppressed cell's feasible interval (counts and, if any, denominators) is at least
 * the threshold wide. Returns the secondary passes it ran. A cell found protected stays protected: suppressing more
 * turns published values into unknowns, so every earlier solution stays feasible and intervals only widen; each cell
 * is therefore solved until it passes, not again after every new suppression.
 */
function protectIntervals(grid: Slot[][], allLines: [number, number][][], threshold: number, withDenominators: boolean): number {
  let passes = 0;
  const protectedSlots = new Set<string>();
  for (;;) {
    const targets = grid.flatMap((line, r) => line.flatMap((s, c) => (s.published && s.reason !== null && !protectedSlots.has(`${r},${c}`) ? [[r, c] as const] : [])));
    if (!targets.length) return passes;
    const solvers = [intervalSolver(published(grid, "value")), ...(withDenominators ? [intervalSolver(published(grid, "den"))] : [])];
    let weak: SlotInterval | undefined;
    for (const [r, c] of targets) {
      weak = solvers.map((solve) => solve(r, c, true)).find((s) => s.max - s.min < threshold);
      if (weak) break;
      protectedSlots.add(`${r},${c}`);
    }
    if (!weak) return passes;
    const next = widen(grid, allLines, [weak], threshold);
    if (!next) return passes; // everything published is suppressed: nothing bounds any cell
    grid[next[0]]![next[1]]!.reason = "secondary";
    passes += secondary(grid, allLines);
  }
}

/** The published sums of the grid, each as the coordinates of its members, the line's own total last. */
function lines(n: number, m: number, rowTotals: boolean, colTotals: boolean): [number, number][][] {
  const out: [number, number][][] = [];
  const rowsWithLines = colTotals ? n + 1 : n; // the row of column totals sums to the grand total
  if (rowTotals) for (let r = 0; r < rowsWithLines; r++) out.push(Array.from({length: m + 1}, (_, c) => [r, c] as [number, number]));
  const colsWithLines = rowTotals ? m + 1 : m;
  if (colTotals) for (let c = 0; c < colsWithLines; c++) out.push(Array.from({length: n + 1}, (_, r) => [r, c] as [number, number]));
  return out;
}

/** The member to suppress next in a line with one suppressed member: smallest non-zero, then zero, then the total. */
function complement(grid: Slot[][], line: [number, number][]): [number, number] | null {
  const members = line.slice(0, -1).filter(([r, c]) => grid[r]![c]!.reason === null);
  const byValue = (a: [number, number], b: [number, number]) => (grid[a[0]]![a[1]]!.value ?? 0) - (grid[b[0]]![b[1]]!.value ?? 0);
  const nonZero = members.filter(([r, c]) => (grid[r]![c]!.value ?? 0) > 0).sort(byValue);
  if (nonZero[0]) return nonZero[0];
  if (members[0]) return members[0];
  const [r, c] = line[line.length - 1]!;
  return grid[r]![c]!.reason === null ? [r, c] : null;
}

function secondary(grid: Slot[][], allLines: [number, number][][]): number {
  let passes = 0;
  for (let changed = true; changed; ) {
    changed = false;
    passes++;
    for (const line of allLines) {
      const suppressed = line.filter(([r, c]) => grid[r]![c]!.reason !== null).length;
      if (suppressed !== 1) continue;
      const next = complement(grid, line);
      if (!next) continue;
      grid[next[0]]![next[1]]!.reason = "secondary";
      changed = true;
    }
  }
  return passes;
}

/** Where the total of every cell is published: the grand total, or the column total of a one-column table. */
function overallTotal(n: number, m: number, rowTotals: boolean, colTotals: boolean): [number, number] | null {
  if (rowTotals && colTotals) return [n, m];
  if (colTotals && m === 1) return [n, 0];
  if (rowTotals && n === 1) return [0, m];
  return null;
}

/** True when the table publishes the total of all its cells and that total is suppressed. */
export function overallTotalSuppressed(t: SuppressedTable): boolean {
  if (t.grandTotal) return t.grandTotal.suppressed;
  if (t.colTotals && t.cols.length === 1) return t.colTotals[0]!.suppressed;
  if (t.rowTotals && t.rows.length === 1) return t.rowTotals[0]!.suppressed;
  return false;
}

/** Suppresses a two-way table (see the module comment for the rules). */
export function suppressTable(t: TableInput, options: SuppressionOptions): SuppressedTable {
  const {threshold} = options;
  checkInput(t, threshold);
  const n = t.rows.length;
  const m = t.cols.length;
  const rowTotals = options.rowTotals ?? m > 1;
  const colTotals = options.colTotals ?? true;
  const grid = augment(t, threshold, rowTotals, colTotals);
  const overall = overallTotal(n, m, rowTotals, colTotals);
  if (options.suppressOverallTotal && overall && grid[overall[0]]![overall[1]]!.reason === null) grid[overall[0]]![overall[1]]!.reason = "secondary";
  const allLines = lines(n, m, rowTotals, colTotals);
  let passes = n && m ? secondary(grid, allLines) : 0;
  if (n && m) passes += protectIntervals(grid, allLines, threshold, t.denominators !== undefined);
  const cell = (r: number, c: number): Cell => {
    const s = grid[r]![c]!;
    return {
      row: r < n ? t.rows[r]! : TOTAL_LABEL,
      col: c < m ? t.cols[c]! : TOTAL_LABEL,
      value: s.reason === null ? s.value : null,
      suppressed: s.reason !== null,
      reason: s.reason,
      total: s.total,
      denominator: s.reason === null && t.denominators ? s.den : null
    };
  };
  const cells = t.rows.map((_, r) => t.cols.map((__, c) => cell(r, c)));
  const result: SuppressedTable = {
    rows: [...t.rows],
    cols: [...t.cols],
    cells,
    rowTotals: rowTotals ? t.rows.map((_, r) => cell(r, m)) : null,
    colTotals: colTotals ? t.cols.map((_, c) => cell(n, c)) : null,
    grandTotal: colTotals && rowTotals ? cell(n, m) : null,
    suppressedCount: 0,
    passes
  };
  result.suppressedCount = publishedCells(result).filter((c) => c.suppressed).length;
  return result;
}

/** Every published cell of a suppressed table, margins included, row by row. */
export function publishedCells(t: SuppressedTable): Cell[] {
  const out: Cell[] = [];
  t.cells.forEach((line, r) => {
    out.push(...line);
    if (t.rowTotals) out.push(t.rowTotals[r]!);
  });
  if (t.colTotals) out.push(...t.colTotals);
  if (t.grandTotal) out.push(t.grandTotal);
  return out;
}

/** A one-way table (e.g. by month) with its total: a grid of one column. */
export function suppressSeries(labels: readonly string[], values: readonly (number | null)[], threshold: number, column = "count"): SuppressedTable {
  return suppressTable({rows: labels, cols: [column], values: values.map((v) => [v])}, {threshold, rowTotals: false, colTotals: true});
}

/**
 * A rate (count / denominator × per) that is never shown for a suppressed or unknown count, nor for a missing or
 * zero denominator.
 */
export function safeRate(count: number | null, suppressed: boolean, denominator: number | null | undefined, per = 100): number | null {
  if (suppressed || count === null || denominator === null || denominator === undefined || !(denominator > 0)) return null;
  return (count / denominator) * per;
}

/** What a reader sees of a suppressed table, as the grid interval.ts solves (counts, or denominators). */
export function publishedGrid(t: SuppressedTable, layer: "count" | "denominator" = "count"): PublishedGrid {
  const n = t.rows.length;
  const m = t.cols.length;
  const shown = (c: Cell | null | undefined) => (c === null || c === undefined ? undefined : c.suppressed ? null : layer === "count" ? c.value : c.denominator);
  return Array.from({length: n + 1}, (_, r) =>
    Array.from({length: m + 1}, (__, c) => {
      if (r < n && c < m) return shown(t.cells[r]![c]);
      if (r < n) return shown(t.rowTotals?.[r]);
      if (c < m) return shown(t.colTotals?.[c]);
      return shown(t.grandTotal);
    })
  );
}

/** A suppressed cell of a table with the interval a reader can work out for it. */
export interface CellInterval {
  row: string;
  col: string;
  min: number;
  max: number;
}

/**
 * The suppressed cells of a table, each with the interval a reader can compute from what is published (counts; with
 * layer "denominator", the denominators). Protected when max − min ≥ threshold for every cell.
 */
export function suppressedIntervals(t: SuppressedTable, layer: "count" | "denominator" = "count"): CellInterval[] {
  const grid = publishedGrid(t, layer);
  const targets = grid.flatMap((line, r) => line.flatMap((v, c) => (v === null ? [[r, c] as const] : [])));
  const label = (i: number, labels: string[]) => (i < labels.length ? labels[i]! : TOTAL_LABEL);
  return feasibleIntervals(grid, targets).map((s) => ({row: label(s.row, t.rows), col: label(s.col, t.cols), min: s.min, max: s.max}));
}
