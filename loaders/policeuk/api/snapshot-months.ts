/** Which police.uk street months a snapshot already holds, and month arithmetic. */
import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export function streetDir(snapshotDir: string, forceId: string): string {
  return join(snapshotDir, "policeuk", "street", forceId);
}

/** Path of a force-month street file relative to the snapshot (the manifest's `path`). */
export function streetRelPath(forceId: string, month: string): string {
  return `policeuk/street/${forceId}/${month}-${forceId}-street.csv.gz`;
}

/** Months (ascending) for which the snapshot has `<month>-<force>-street.csv.gz`. */
export function snapshotMonths(snapshotDir: string, forceId: string): string[] {
  const dir = streetDir(snapshotDir, forceId);
  if (!existsSync(dir)) return [];
  const suffix = `-${forceId}-street.csv.gz`;
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix) && MONTH_RE.test(f.slice(0, 7)) && f.length === 7 + suffix.length)
    .map((f) => f.slice(0, 7))
    .sort();
}

export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export function assertMonth(value: string, what: string): string {
  if (!MONTH_RE.test(value)) throw new Error(`${what} "${value}" is not a month: write it YYYY-MM, e.g. 2025-01`);
  return value;
}
