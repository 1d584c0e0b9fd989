/**
 * Aggregation of validated partner rows into the dataset's tables, then small-number suppression
 * (components/suppression) before anything leaves the loader. Memory is bounded by the number of distinct table
 * cells, not by the number of rows.
 */
import {z} from "zod";
import {overallTotalSuppressed, publishedCells, safeRate, suppressTable, type SuppressedTable} from "../../components/suppression/suppress.ts";
import {dimensionText, type DatasetSpec, type OutputSpec} from "./datasets.ts";
import {NOT_KNOWN} from "./values.ts";

/** One published cell of a partner table: the shape of partner-*.csv (see data/partners/README.md). */
export const partnerRecordSchema = z.object({
  source: z.string(),
  dataset: z.string(),
  example: z.boolean(),
  owner: z.string(),
  period: z.string(),
  table: z.string(),
  title: z.string(),
  split_dim: z.string().nullable(),
  split: z.string().nullable(),
  row_dim: z.string(),
  row: z.string(),
  col_dim: z.string().nullable(),
  col: z.string().nullable(),
  total: z.boolean(),
  /** Null exactly when suppressed: a suppressed count is never 0. */
  count: z.number().int().nonnegative().nullable(),
  /**
   * Only whether the cell is suppressed, never why: telling primary (small) cells from secondary ones would let a
   * reader solve the table with its totals.
   */
  suppressed: z.boolean(),
  /** Null when suppressed with the count (a small denominator is disclosive too) or not known. */
  denominator: z.number().nullable(),
  rate: z.number().nullable(),
  rate_unit: z.string().nullable()
});
export type PartnerRecord = z.infer<typeof partnerRecordSchema>;
export const PARTNER_RECORD_COLUMNS = Object.keys(partnerRecordSchema.shape) as (keyof PartnerRecord)[];

interface Acc {
  count: number | null;
  denominator: number | null;
  denominatorMissing: boolean;
}

const ONE_COLUMN = "count";

function ageLower(v: string): number {
  const m = v.match(/^(\d+)/);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

/** Display order of a dimension's values: the dataset's own order, ages by lower bound, else sorted; Not known last. */
export function orderValues(spec: DatasetSpec, dim: string, values: Iterable<string>): string[] {
  const list = [...new Set(values)];
  const given = spec.derived?.[dim]?.order ?? spec.columns[dim]?.values;
  const nk = (v: string) => (v === NOT_KNOWN ? 1 : 0);
  if (given) return list.sort((a, b) => nk(a) - nk(b) || (given.indexOf(a) + 1 || 1e9) - (given.indexOf(b) + 1 || 1e9) || a.localeCompare(b));
  if (spec.columns[dim]?.kind === "age-band") return list.sort((a, b) => nk(a) - nk(b) || ageLower(a) - ageLower(b) || a.localeCompare(b));
  return list.sort((a, b) => nk(a) - nk(b) || a.localeCompare(b));
}

export function dimensionLabel(spec: DatasetSpec, dim: string): string {
  return spec.derived?.[dim]?.label ?? spec.columns[dim]?.label ?? dim;
}

export interface BuiltTable {
  output: OutputSpec;
  split: string | null;
  table: SuppressedTable;
}

export class Aggregator {
  private readonly cells: Map<string, Acc>[];
  private readonly derivedCache = new Map<string, string | null>();
  readonly register: Record<string, unknown>[] = [];

  constructor(
    private readonly spec: DatasetSpec,
    private readonly threshold: number
  ) {
    this.cells = spec.outputs.map(() => new Map());
  }

  private dim(row: Record<string, unknown>, dim: string): string {
    const derived = this.spec.derived?.[dim];
    if (!derived) return dimensionText(row[dim]) ?? NOT_KNOWN;
    // A derived value depends on one column (the month of a date): memoise it on that column's value.
    const source = row[derived.from];
    if (typeof source !== "string") return derived.of(source) ?? NOT_KNOWN;
    const key = `${dim}\u0000${source}`;
    let v = this.derivedCache.get(key);
    if (v === undefined) {
      v = derived.of(source);
      if (this.derivedCache.size < 50_000) this.derivedCache.set(key, v);
    }
    return v ?? NOT_KNOWN;
  }

  add(row: Record<string, unknown>): void {
    if (this.spec.register) {
      this.register.push(row);
      return;
    }
    const count = this.spec.rowLevel ? 1 : ((row[this.spec.count!] as {value: number | null}).value ?? null);
    this.spec.outputs.forEach((out, i) => {
      if (out.filter && !out.filter.values.includes(this.dim(row, out.filter.column))) return;
      const split = out.splitBy ? this.dim(row, out.splitBy) : "";
      const r = this.dim(row, out.rows);
      const c = out.cols ? this.dim(row, out.cols) : ONE_COLUMN;
      const key = `${split}\u0000${r}\u0000${c}`;
      const acc = this.cells[i]!.get(key) ?? {count: 0, denominator: 0, denominatorMissing: false};
      acc.count = acc.count === null || count === null ? null : acc.count + count;
      if (out.denominator) {
        const d = row[out.denominator];
        if (typeof d === "number") acc.denominator = (acc.denominator ?? 0) + d;
        else acc.denominatorMissing = true;
      }
      this.cells[i]!.set(key, acc);
    });
  }

  private build(i: number, split: string, forceTotal: boolean): BuiltTable {
    const out = this.spec.outputs[i]!;
    const acc = this.cells[i]!;
    const keys = [...acc.keys()].map((k) => k.split("\u0000") as [string, string, string]).filter(([s]) => s === split);
    const rows = orderValues(this.spec, out.rows, keys.map(([, r]) => r));
    const cols = out.cols ? orderValues(this.spec, out.cols, keys.map(([, , c]) => c)) : [ONE_COLUMN];
    const at = (r: string, c: string) => acc.get(`${split}\u0000${r}\u0000${c}`);
    const values = rows.map((r) => cols.map((c) => (at(r, c) ? at(r, c)!.count : 0)));
    // Denominators go through suppression with their counts: a missing one is unknown (null), an absent cell has 0.
    const denominators = out.denominator ? rows.map((r) => cols.map((c) => {
      const a = at(r, c);
      return !a ? 0 : a.denominatorMissing ? null : a.denominator;
    })) : undefined;
    const table = suppressTable({rows, cols, values, denominators}, {threshold: this.threshold, rowTotals: out.rowTotals, colTotals: out.colTotals, suppressOverallTotal: forceTotal});
    return {output: out, split: out.splitBy ? split : null, table};
  }

  /**
   * Every table, suppressed. Tables that publish the total of the same rows (same filter and split) must agree on
   * it: when one has to suppress that total, all are suppressed again with it forced, until they agree.
   */
  tables(): BuiltTable[] {
    const groups = new Map<string, {i: number; split: string}[]>();
    this.spec.outputs.forEach((out, i) => {
      const splits = new Set([...this.cells[i]!.keys()].map((k) => k.split("\u0000")[0]!));
      for (const split of [...splits].sort()) {
        const key = `${JSON.stringify(out.filter ?? null)}\u0000${split}`;
        groups.set(key, [...(groups.get(key) ?? []), {i, split}]);
      }
    });
    const built: BuiltTable[] = [];
    for (const members of groups.values()) {
      let tables = members.map((m) => this.build(m.i, m.split, false));
      if (tables.some((t) => overallTotalSuppressed(t.table))) tables = members.map((m) => this.build(m.i, m.split, true));
      built.push(...tables);
    }
    return built;
  }
}

export interface RecordMeta {
  source: string;
  owner: string;
  period: string;
  example: boolean;
}

/** The published cells of the tables as flat records, rates left out wherever the count is suppressed. */
export function tableRecords(spec: DatasetSpec, tables: BuiltTable[], meta: RecordMeta): PartnerRecord[] {
  const out: PartnerRecord[] = [];
  for (const t of tables) {
    const o = t.output;
    const colTotalOf = new Map((t.table.colTotals ?? []).map((c) => [c.col, c]));
    for (const cell of publishedCells(t.table)) {
      let denominator: number | null = null;
      let rate: number | null = null;
      if (o.denominator) {
        denominator = cell.denominator;
        rate = safeRate(cell.value, cell.suppressed, denominator, o.ratePer ?? 100);
      } else if (o.shareOfColumn) {
        const colTotal = cell.row === "Total" ? cell : colTotalOf.get(cell.col);
        // A suppressed row carries nothing count-like (the audit's rule), not even its column's respondents.
        denominator = colTotal && !colTotal.suppressed && !cell.suppressed ? colTotal.value : null;
        rate = safeRate(cell.value, cell.suppressed, denominator, 100);
      }
      out.push({
        ...meta,
        dataset: spec.type,
        table: o.name,
        title: o.title,
        split_dim: o.splitBy ? dimensionLabel(spec, o.splitBy) : null,
        split: t.split,
        row_dim: dimensionLabel(spec, o.rows),
        row: cell.row,
        col_dim: o.cols ? dimensionLabel(spec, o.cols) : null,
        col: o.cols ? cell.col : null,
        total: cell.total,
        count: cell.value,
        suppressed: cell.suppressed,
        denominator,
        rate: rate === null ? null : Math.round(rate * 100) / 100,
        rate_unit: o.rateUnit ?? (o.denominator ? `per ${o.ratePer ?? 100}` : null)
      });
    }
  }
  return out;
}
