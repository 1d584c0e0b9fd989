/**
 * The partner-table part of the disclosure audit (disclosure-audit.ts calls it for every data file it reads).
 *
 * Which files are partner-derived: every data file whose name (before Framework's content hash) starts with
 * `partner-` (the suppressed tables: partner-<dataset>.csv, partner-records.csv) or `partners-` (the report and the
 * service register). These are the only names loaders/partners/load.ts writes, and every file it writes has one.
 * Open statistics (police.uk, ONS, Home Office, DfE) are published under other names and keep their small values.
 *
 * In a partner-derived file, every count-like column (COUNT_LIKE: counts, numerators, denominators, cohorts, pupils,
 * respondents…) is checked on every row: unsuppressed, a value is 0 or at least the threshold, and a denominator less
 * its count (the people not counted, 6 of 7) is 0 or at least the threshold; suppressed, the row carries no value in
 * any count-like or rate column. A partner-derived file with a count-like column must carry the `suppressed` flag.
 * Where the rows hold whole tables with their margins (the partnerRecordSchema columns: source, dataset, table,
 * split, row, col, total), each table is re-solved by linear programming (components/suppression/interval.ts) and a
 * suppressed cell whose feasible interval is narrower than the threshold is a finding.
 */
import {basename} from "node:path";
import {feasibleIntervals, isAdditive, type PublishedGrid} from "../../components/suppression/interval.ts";

/** File-name prefixes of partner-derived files (see the module comment). */
export const PARTNER_FILE_PREFIXES = ["partner-", "partners-"] as const;

/** Column names that hold counts of people or events, or the denominators of rates. */
export const COUNT_LIKE = /^(?:count|counts|n|numerator|denominator|cohort|cohort_size|pupils|pupils_on_roll|headcount|respondents|responses|population|people|persons|victims|suspects|attendances|calls|incidents|children|offences|exclusions|suspensions)$|(?:^|_)(?:count|numerator|denominator|cohort|respondents)(?:_|$)/i;
/** Columns derived from a count (never shown beside a suppressed count). */
const RATE_LIKE = /^(?:rate|percent|percentage|share|proportion)$|_(?:rate|percent|pct)$/i;

export const FLAG_COLUMN = "suppressed";

export type PartnerFindingKind = "small-count" | "small-complement" | "suppressed-with-value" | "unreadable-partner-table" | "derivable-suppressed-cell";
export type AddFinding = (kind: PartnerFindingKind, where: string, message: string) => void;

export interface PartnerAuditStats {
  /** Count-like cells checked against the threshold. */
  countCells: number;
  /** Names of the count-like columns seen. */
  countColumns: Set<string>;
  /** Tables re-solved by linear programming. */
  tablesSolved: number;
  /** Suppressed cells whose feasible interval was computed. */
  intervalCells: number;
}

export const emptyPartnerStats = (): PartnerAuditStats => ({countCells: 0, countColumns: new Set(), tablesSolved: 0, intervalCells: 0});

export function isPartnerDerived(file: string, prefixes: readonly string[] = PARTNER_FILE_PREFIXES): boolean {
  return prefixes.some((p) => basename(file).startsWith(p));
}

type Row = Record<string, unknown>;

export const asBool = (v: unknown): boolean | null => (v === true || v === "true" || v === "TRUE" || v === 1 || v === "1" ? true : v === false || v === "false" || v === "FALSE" || v === 0 || v === "0" ? false : null);

export function asCount(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).replace(/,/g, ""));
  return Number.isFinite(n) ? n : Number.NaN;
}

const small = (n: number, threshold: number) => n > 0 && n < threshold;

/** Checks every count-like cell of a partner-derived file's rows. */
export function checkPartnerRows(columns: string[], rows: Row[], threshold: number, stats: PartnerAuditStats, add: AddFinding, countColumns: readonly string[] = []): void {
  const counts = columns.filter((c) => COUNT_LIKE.test(c.trim()) || countColumns.includes(c));
  const rates = columns.filter((c) => RATE_LIKE.test(c.trim()));
  if (!counts.length) return;
  for (const c of counts) stats.countColumns.add(c);
  if (!columns.includes(FLAG_COLUMN)) {
    add("unreadable-partner-table", `column ${FLAG_COLUMN}`, `partner table has count-like column(s) ${counts.join(", ")} but no "${FLAG_COLUMN}" column, so its counts cannot be checked; publish partner tables only through loaders/partners`);
    return;
  }
  const denominator = counts.find((c) => /denominator/i.test(c));
  const numerator = counts.find((c) => /^count$/i.test(c)) ?? counts.find((c) => /numerator/i.test(c));
  rows.forEach((row, i) => {
    const where = (c: string) => `row ${i + 2}, column ${c}`;
    const suppressed = asBool(row[FLAG_COLUMN]) === true;
    for (const c of counts) {
      if (!(c in row)) continue;
      stats.countCells++;
      const n = asCount(row[c]);
      if (suppressed && n !== null) add("suppressed-with-value", where(c), `${where(c)} is marked suppressed but still carries a value`);
      else if (!suppressed && c === numerator && (n === null || Number.isNaN(n))) add("small-count", where(c), `${where(c)} has no readable count and is not marked suppressed`);
      else if (!suppressed && n !== null && small(n, threshold)) add("small-count", where(c), `${where(c)} is a partner-derived ${c === denominator ? "denominator" : "count"} below ${threshold} that is not suppressed`);
    }
    if (suppressed) {
      for (const c of rates) if (asCount(row[c]) !== null) add("suppressed-with-value", where(c), `${where(c)} is a rate beside a suppressed count`);
    } else if (denominator && numerator) {
      const [num, den] = [asCount(row[numerator]), asCount(row[denominator])];
      if (num !== null && den !== null && small(den - num, threshold)) add("small-complement", where(denominator), `${where(denominator)} less ${numerator} is below ${threshold} (the people not counted can be worked out) and the row is not suppressed`);
    }
  });
}

const TOTAL = "Total";
const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/**
 * Re-solves every table held in partner records (rows with table, row, col, total and suppressed): each suppressed
 * cell's feasible interval, from the cells and margins published beside it, must be at least `threshold` wide, for
 * the counts and, when present, the denominators.
 */
export function checkPartnerIntervals(columns: string[], rows: Row[], threshold: number, stats: PartnerAuditStats, add: AddFinding): void {
  const needed = ["table", "row", "total", "count", FLAG_COLUMN];
  if (!needed.every((c) => columns.includes(c))) return;
  const groups = new Map<string, {row: Row; line: number}[]>();
  rows.forEach((row, i) => {
    const key = ["source", "dataset", "table", "split"].map((c) => text(row[c])).join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), {row, line: i + 2}]);
  });
  const layers = ["count", ...(columns.includes("denominator") ? ["denominator"] : [])];
  for (const members of groups.values()) {
    const cellRows = members.filter((m) => asBool(m.row.total) !== true);
    const rowLabels = [...new Set(cellRows.map((m) => text(m.row.row)))];
    const colLabels = [...new Set(cellRows.map((m) => text(m.row.col)))];
    const n = rowLabels.length;
    const m = colLabels.length;
    if (!n || !m) continue;
    /** Where a record sits in the (n + 1) × (m + 1) grid: margins in the last row and column. */
    const position = (r: Row): [number, number] | null => {
      const [rl, cl] = [text(r.row), text(r.col)];
      if (asBool(r.total) !== true) return [rowLabels.indexOf(rl), colLabels.indexOf(cl)];
      if (rl === TOTAL && cl === TOTAL) return [n, m];
      if (rl === TOTAL && colLabels.includes(cl)) return [n, colLabels.indexOf(cl)];
      if (cl === TOTAL && rowLabels.includes(rl)) return [rowLabels.indexOf(rl), m];
      return null;
    };
    stats.tablesSolved++;
    for (const layer of layers) {
      const grid: (number | null | undefined)[][] = Array.from({length: n + 1}, () => Array.from({length: m + 1}, () => undefined));
      const lineOf = new Map<string, number>();
      for (const {row, line} of members) {
        const p = position(row);
        if (!p) continue;
        const suppressed = asBool(row[FLAG_COLUMN]) === true;
        const v = asCount(row[layer]);
        grid[p[0]]![p[1]] = suppressed || v === null || Number.isNaN(v) ? null : v;
        if (suppressed) lineOf.set(`${p[0]},${p[1]}`, line);
      }
      const targets = [...lineOf.keys()].map((k) => k.split(",").map(Number) as [number, number]);
      if (!targets.length) continue;
      // Survey shares repeat their column's respondents as each cell's denominator: not a table of sums.
      if (layer === "denominator" && !isAdditive(grid)) continue;
      stats.intervalCells += targets.length;
      for (const s of feasibleIntervals(grid as PublishedGrid, targets)) {
        if (s.max - s.min >= threshold) continue;
        const where = `row ${lineOf.get(`${s.row},${s.col}`)}, column ${layer}`;
        const exact = s.max === s.min;
        add("derivable-suppressed-cell", where, `${where} is suppressed, but the published cells and totals of its table ${exact ? "give its value exactly" : `pin it to an interval narrower than ${threshold}`}; suppress more cells of the table (components/suppression)`);
      }
    }
  }
}
