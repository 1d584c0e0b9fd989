/**
 * The bench's figures and their targets. Targets live here only (never in tests): each figure is measured, printed
 * as one line "name: value unit (target ≤ x unit)" and written to bench/results/latest.json.
 */
export interface Target {
  op: "≤" | "≥";
  value: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Decimal places to print. */
  digits: number;
  target?: Target;
  /** What was measured, for the reader of latest.json. */
  detail?: string;
}

export const TARGETS = {
  coldBuildS: {op: "≤", value: 60},
  /** Issue 16 ("Live chapters"): every chapter ready ≤ 1.0 s cold and ≤ 0.4 s warm (earlier 1.5 s and 0.8 s). */
  chapterColdS: {op: "≤", value: 1.0},
  chapterWarmS: {op: "≤", value: 0.4},
  exploreS: {op: "≤", value: 2},
  /** Explore's ready time against the stock Framework page's (bench/stock/index.md), cold and warm. */
  exploreVsStockCold: {op: "≤", value: 0.5},
  exploreVsStockWarm: {op: "≤", value: 0.3},
  firstVisitMB: {op: "≤", value: 8},
  furtherPageMB: {op: "≤", value: 1},
  queryVsNative: {op: "≤", value: 3},
  ingestVsReadCsv: {op: "≥", value: 0.8},
  partnerExtractS: {op: "≤", value: 20},
  disclosureAuditS: {op: "≤", value: 5}
} as const satisfies Record<string, Target>;

export const met = (f: Figure): boolean | null => (f.target ? (f.target.op === "≤" ? f.value <= f.target.value : f.value >= f.target.value) : null);

export function line(f: Figure): string {
  // "1.85×" but "48.2 s".
  const withUnit = (n: string) => (f.unit === "×" ? `${n}×` : f.unit ? `${n} ${f.unit}` : n);
  const value = withUnit(f.value.toFixed(f.digits));
  if (!f.target) return `${f.name}: ${value}`;
  return `${f.name}: ${value} (target ${f.target.op} ${withUnit(String(f.target.value))})${met(f) ? "" : "  ✗ missed"}`;
}

export function median(values: readonly number[]): number {
  if (!values.length) throw new Error("median of nothing");
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
