/**
 * Overlapping periods: two extracts of one dataset type whose periods overlap or nest (January–June and
 * January–July) publish two sets of tables a reader can subtract, cell by cell, to get the counts of the difference
 * (July alone), which no suppression of either table protects. The second such file is refused.
 *
 * A file's period is read from its data (the months of its dates and months, and its period column), not from the
 * manifest, as month spans: a month is itself; a year 2024 is 2024-01 to 2024-12; a financial or academic year
 * 2024/25 is 2024-04 to 2025-03 (so that consecutive years never overlap); a quarter 2024 Q1 is January–March and
 * 2024/25 Q1 is April–June 2024. A period written any other way is compared by its text.
 */
import {PartnerFileError} from "./errors.ts";

export interface MonthSpan {
  /** First and last month, "YYYY-MM", inclusive; for an unrecognised period, the text itself. */
  from: string;
  to: string;
}

/** What the overlap check needs of a file's report. */
export interface PeriodCoverage {
  file: string;
  dataset: string | null;
  /** Generated examples (one set per partnership) describe no one and are not compared with each other. */
  example?: boolean;
  coverage: {months: number; firstMonth: string | null; lastMonth: string | null; missingMonths: string[]; periods: string[]} | null;
}

const month = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;
const addMonths = (y: number, m: number, k: number) => month(y + Math.floor((m - 1 + k) / 12), ((m - 1 + k) % 12) + 1);

/** The months a period covers (see the module comment). */
export function periodSpan(period: string): MonthSpan {
  let m: RegExpMatchArray | null;
  if ((m = period.match(/^(\d{4})-(\d{2})$/))) return {from: period, to: period};
  if ((m = period.match(/^(\d{4})$/))) return {from: `${m[1]}-01`, to: `${m[1]}-12`};
  if ((m = period.match(/^(\d{4})\/\d{2}(?: Q([1-4]))?$/))) {
    const y = Number(m[1]);
    if (!m[2]) return {from: month(y, 4), to: month(y + 1, 3)};
    const start = 4 + (Number(m[2]) - 1) * 3;
    return {from: addMonths(y, start, 0), to: addMonths(y, start, 2)};
  }
  if ((m = period.match(/^(\d{4}) Q([1-4])$/))) {
    const start = 1 + (Number(m[2]) - 1) * 3;
    return {from: month(Number(m[1]), start), to: month(Number(m[1]), start + 2)};
  }
  return {from: period, to: period};
}

/** A file's periods as month spans: runs of consecutive months, then each period of its period column. */
export function coverageSpans(c: PeriodCoverage["coverage"]): MonthSpan[] {
  if (!c) return [];
  const spans: MonthSpan[] = [];
  if (c.firstMonth && c.lastMonth) {
    const missing = new Set(c.missingMonths);
    let from: string | null = null;
    let prev = "";
    for (let [y, mo] = c.firstMonth.split("-").map(Number) as [number, number]; month(y, mo) <= c.lastMonth; mo === 12 ? (y++, (mo = 1)) : mo++) {
      const here = month(y, mo);
      if (missing.has(here)) {
        if (from) spans.push({from, to: prev});
        from = null;
      } else {
        from ??= here;
        prev = here;
      }
    }
    if (from) spans.push({from, to: prev});
  }
  return [...spans, ...c.periods.map(periodSpan)];
}

const overlaps = (a: MonthSpan, b: MonthSpan) => a.from <= b.to && b.from <= a.to;
const describe = (spans: MonthSpan[]) => {
  const from = spans.map((s) => s.from).sort()[0];
  const to = spans.map((s) => s.to).sort().at(-1);
  return from === to ? `${from}` : `${from} to ${to}`;
};

/**
 * The refusal for a file whose period overlaps that of an earlier accepted file of the same dataset type, or null.
 * The message names both files and the fix.
 */
export function periodOverlapError(file: PeriodCoverage, accepted: readonly PeriodCoverage[]): PartnerFileError | null {
  const mine = coverageSpans(file.coverage);
  for (const other of accepted) {
    if (other.dataset !== file.dataset || other.file === file.file || (other.example && file.example)) continue;
    const theirs = coverageSpans(other.coverage);
    if (!mine.some((a) => theirs.some((b) => overlaps(a, b)))) continue;
    return new PartnerFileError(
      "invalid",
      {file: file.file},
      `its period (${describe(mine)}) overlaps that of ${other.file} (${describe(theirs)}), another ${file.dataset} extract, so it was not used: publishing both would let a reader subtract one file's tables from the other's and see the small counts of the difference.`,
      `Keep one extract per period: ask the partner for one file covering the whole period and remove the other, or remove ${file.file} from the drop folder if ${other.file} is the one to publish.`
    );
  }
  return null;
}

/**
 * The refusal for a file whose own rows cover overlapping periods (a financial year and its months, say), or null:
 * its tables would count the overlap twice.
 */
export function nestedPeriodError(file: PeriodCoverage): PartnerFileError | null {
  const spans = coverageSpans(file.coverage);
  for (const [i, a] of spans.entries()) {
    const b = spans.slice(i + 1).find((s) => overlaps(a, s));
    if (!b) continue;
    return new PartnerFileError(
      "invalid",
      {file: file.file},
      `holds rows for periods that overlap (${describe([a])} and ${describe([b])}), e.g. a financial year and its months, which would be counted twice.`,
      "Ask the partner for one granularity per extract: monthly rows, or annual rows, not both."
    );
  }
  return null;
}
