/** Short text alternatives written from the data, for aria descriptions and screen-reader summaries. */
import {formatCount, isPresent, type Maybe} from "./number.js";
import {formatMonth, formatMonthRuns, monthRange, parseMonth} from "./month.js";

export type MonthValue = {month: string; value: Maybe};

export type DescribeSeriesOptions = {
  /** What the values are, starting the sentence: "Monthly counts". */
  what?: string;
  /** First and last month the series should cover; default: the months in the data. */
  start?: string;
  end?: string;
  /** Number format for the highest and lowest values. */
  format?: (value: number) => string;
};

/**
 * One sentence describing a monthly series, e.g.
 * "Monthly counts from Jan 2025 to Dec 2025; highest in Jul 2025 (1,234); lowest in Feb 2025 (903); 2 months missing (May 2025 to Jun 2025)."
 * A month absent from the data, or present with a missing value, counts as missing (never as zero).
 * Ties go to the earliest month.
 */
export function describeSeries(points: readonly MonthValue[], options: DescribeSeriesOptions = {}): string {
  const {what = "Monthly counts", format = (v: number) => formatCount(v)} = options;
  const byMonth = new Map<string, number>();
  for (const p of points) {
    parseMonth(p.month);
    if (isPresent(p.value)) byMonth.set(p.month, p.value);
  }
  const months = points.map((p) => p.month).sort();
  const start = options.start ?? months[0];
  const end = options.end ?? months[months.length - 1];
  if (start === undefined || end === undefined) return `${what}: no data.`;
  const range = monthRange(start, end);
  const span = `${what} from ${formatMonth(start)} to ${formatMonth(end)}`;
  const present = range.filter((m) => byMonth.has(m));
  const missing = range.filter((m) => !byMonth.has(m));
  if (present.length === 0) return `${span}: no data.`;
  let hi = present[0]!;
  let lo = present[0]!;
  for (const m of present) {
    if (byMonth.get(m)! > byMonth.get(hi)!) hi = m;
    if (byMonth.get(m)! < byMonth.get(lo)!) lo = m;
  }
  const parts = [span, `highest in ${formatMonth(hi)} (${format(byMonth.get(hi)!)})`, `lowest in ${formatMonth(lo)} (${format(byMonth.get(lo)!)})`];
  if (missing.length) parts.push(`${missing.length} ${missing.length === 1 ? "month" : "months"} missing (${formatMonthRuns(missing)})`);
  return `${parts.join("; ")}.`;
}
