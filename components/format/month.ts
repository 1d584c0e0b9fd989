/**
 * Calendar months as "YYYY-MM" strings (the police.uk form): parsing, labels ("Jan 2025") and ranges.
 * Dates are UTC so a month never shifts with the reader's time zone.
 */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Fixed English short names: Intl's en-GB gives "Sept" in some ICU versions. */
export const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** Whether a value is a "YYYY-MM" month (a link's or a file's, before it is parsed). */
export const isMonth = (month: string): boolean => MONTH_RE.test(month);

/** Splits "2025-01" into [2025, 1]; throws a clear error for anything else. */
export function parseMonth(month: string): [year: number, monthOfYear: number] {
  const m = MONTH_RE.exec(month);
  if (!m) throw new Error(`Invalid month ${JSON.stringify(month)}: expected "YYYY-MM", for example "2025-01"`);
  return [Number(m[1]), Number(m[2])];
}

/** The first instant of the month, in UTC. */
export function monthToDate(month: string): Date {
  const [y, m] = parseMonth(month);
  return new Date(Date.UTC(y, m - 1, 1));
}

/** The "YYYY-MM" of a date, read in UTC. */
export function dateToMonth(date: Date): string {
  return `${String(date.getUTCFullYear()).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** "Jan" for 1 … "Dec" for 12. */
export function formatMonthOfYear(monthOfYear: number): string {
  const name = MONTH_NAMES[monthOfYear - 1];
  if (!Number.isInteger(monthOfYear) || name === undefined) throw new Error(`Invalid month of year ${monthOfYear}: expected 1 to 12`);
  return name;
}

/** formatMonth("2025-01") → "Jan 2025". */
export function formatMonth(month: string): string {
  const [y, m] = parseMonth(month);
  return `${formatMonthOfYear(m)} ${y}`;
}

/** The month n months after (or before, when negative) the given one. */
export function addMonths(month: string, n: number): string {
  const [y, m] = parseMonth(month);
  return dateToMonth(new Date(Date.UTC(y, m - 1 + n, 1)));
}

/** Every month from start to end inclusive: monthRange("2024-11", "2025-01") → ["2024-11", "2024-12", "2025-01"]. */
export function monthRange(start: string, end: string): string[] {
  parseMonth(start);
  parseMonth(end);
  if (start > end) throw new Error(`Invalid month range: start ${start} is after end ${end}`);
  const out: string[] = [];
  for (let m = start; m <= end; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Groups sorted months into runs of consecutive months: ["2024-05", "2024-06", "2024-09"] → [["2024-05", "2024-06"], ["2024-09", "2024-09"]]. */
export function monthRuns(months: readonly string[]): [first: string, last: string][] {
  const runs: [string, string][] = [];
  for (const m of [...months].sort()) {
    const last = runs[runs.length - 1];
    if (last && addMonths(last[1], 1) === m) last[1] = m;
    else if (!last || last[1] !== m) runs.push([m, m]);
  }
  return runs;
}

/** A period of months as a sentence writes it: "Jan 2025 to Jun 2025", or "Dec 2025" for one month. */
export function formatPeriod(start: string, end: string): string {
  return start === end ? formatMonth(start) : `${formatMonth(start)} to ${formatMonth(end)}`;
}

/** "May 2024 to Dec 2024, Mar 2025" for a list of months. */
export function formatMonthRuns(months: readonly string[]): string {
  return monthRuns(months)
    .map(([a, b]) => formatPeriod(a, b))
    .join(", ");
}
