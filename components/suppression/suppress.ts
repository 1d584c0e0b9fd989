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
 * Limits (documented in data/partners/README.md): this stops exact recovery by subtraction within one table. It does
 * not bound values by linear programming (interval disclosure), nor stop differencing between two tables published
 * from overlapping data (e.g. two periods that nest); publish each breakdown once, from one period.
 */

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
}

const sum = (values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0));

/** Primary rule for one value. */
function primary(value: number | null, threshold: number): SuppressionReason | null {
  if (value === null) return "partner";
  return value > 0 && value < threshold ? "primary" : null;
}

/** Builds the (rows+1) × (cols+1) augmented grid; the last row and column hold the margins. */
function augment(t: TableInput, threshold: number, rowTotals: boolean, colTotals: boolean): Slot[][] {
  const n = t.rows.length;
  const m = t.cols.length;
  const grid: Slot[][] = [];
  for (let r = 0; r <= n; r++) {
    const line: Slot[] = [];
    for (let c = 0; c <= m; c++) {
      let value: number | null;
      if (r < n && c < m) value = t.values[r]![c]!;
      else if (r < n) value = sum([...t.values[r]!]);
      else if (c < m) value = sum(t.values.map((row) => row[c]!));
      else value = sum(t.values.flat());
      const published = (r < n && c < m) || (r < n && c === m && rowTotals) || (r === n && c < m && colTotals) || (r === n && c === m && colTotals && rowTotals);
      line.push({value, reason: published ? primary(value, threshold) : null, published, total: r === n || c === m});
    }
    grid.push(line);
  }
  return grid;
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
  const passes = n && m ? secondary(grid, lines(n, m, rowTotals, colTotals)) : 0;
  const cell = (r: number, c: number): Cell => {
    const s = grid[r]![c]!;
    return {
      row: r < n ? t.rows[r]! : TOTAL_LABEL,
      col: c < m ? t.cols[c]! : TOTAL_LABEL,
      value: s.reason === null ? s.value : null,
      suppressed: s.reason !== null,
      reason: s.reason,
      total: s.total
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
