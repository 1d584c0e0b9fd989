/**
 * Which months a refresh fetches, as pure functions (no I/O). police.uk's API serves only the months its
 * `crimes-street-dates` lists (about the last 36); a refresh fills every listed month the snapshot lacks, gaps as well
 * as new months, and names the snapshot's gaps the API does not serve: those only the archive at data.police.uk has.
 */
import {monthRange, monthRuns} from "../../../components/format/month.js";
import {MONTH_RE} from "./snapshot-months.ts";

export const ARCHIVE_URL = "https://data.police.uk/data/archive/";
export const ARCHIVE_ADVICE = `download the archive from data.police.uk (${ARCHIVE_URL}), unzip it and import it with --from-folder`;

/** An inclusive range of months, "YYYY-MM". */
export interface MonthSpan {
  start: string;
  end: string;
}

/** What a force holds, and what a refresh would do for it. */
export interface ForceGaps {
  force: string;
  /** Months the snapshot holds for this force (ascending). */
  held: string[];
  /** Months to fetch: served by the API, missing from the snapshot (ascending). */
  fetch: string[];
  /** Months missing from the snapshot that the API does not serve (ascending). */
  notServed: string[];
}

const sortedUnique = (months: Iterable<string>): string[] => [...new Set(months)].sort();

/**
 * Parses `--months`: "YYYY-MM..YYYY-MM" (both ends included) or one "YYYY-MM". Throws, saying how to write it, for
 * anything else or a range that ends before it starts.
 */
export function parseMonthRange(text: string, what = "--months"): MonthSpan {
  const example = "write it YYYY-MM..YYYY-MM, e.g. 2023-01..2024-12";
  const parts = text.trim().split("..");
  if (parts.length > 2 || parts.some((p) => p === "")) throw new Error(`${what} "${text}" is not a range of months: ${example}`);
  for (const p of parts) if (!MONTH_RE.test(p)) throw new Error(`${what} "${text}": "${p}" is not a month; ${example}`);
  const [start, end = start] = parts as [string, string?];
  if (start > end) throw new Error(`${what} "${text}" ends before it starts: write the earlier month first (${end}..${start})`);
  return {start, end};
}

/** The months the API serves: those `crimes-street-dates` lists, up to `crime-last-updated` when given. */
export function servedMonths(listed: readonly string[], lastUpdated?: string): string[] {
  return sortedUnique(listed).filter((m) => !lastUpdated || m <= lastUpdated);
}

/**
 * Per force, the months to fetch and the missing months the API does not serve.
 * Without a range: every served month the force lacks; "not served" are the holes between the force's first month and
 * the later of its last month and the API's last month. With a range: only the range's months.
 */
export function findGaps(served: readonly string[], forces: readonly {force: string; held: readonly string[]}[], range?: MonthSpan): ForceGaps[] {
  const isServed = new Set(served);
  const lastServed = sortedUnique(served).at(-1);
  return forces.map(({force, held: heldList}) => {
    const held = sortedUnique(heldList);
    const has = new Set(held);
    let candidates: string[];
    let holes: string[];
    if (range) {
      candidates = monthRange(range.start, range.end);
      holes = candidates;
    } else {
      candidates = sortedUnique(served);
      const first = held[0];
      const last = [held.at(-1), lastServed].filter((m): m is string => m !== undefined).sort().at(-1);
      holes = first && last ? monthRange(first, last) : [];
    }
    return {
      force,
      held,
      fetch: candidates.filter((m) => isServed.has(m) && !has.has(m)),
      notServed: holes.filter((m) => !isServed.has(m) && !has.has(m))
    };
  });
}

/** Months as runs: "2019-03..2023-01, 2024-05..2024-12 (55 months)"; "none" for an empty list. */
export function describeMonths(months: readonly string[]): string {
  const list = sortedUnique(months);
  if (!list.length) return "none";
  const runs = monthRuns(list).map(([a, b]) => (a === b ? a : `${a}..${b}`));
  return `${runs.join(", ")} (${list.length} month${list.length === 1 ? "" : "s"})`;
}

/**
 * A requested range must lie inside what the API serves (months the snapshot already holds excepted): otherwise the
 * error lists the months not served, the served range, and where to get the rest.
 */
export function assertRangeServed(range: MonthSpan, gaps: readonly ForceGaps[], served: readonly string[], what = "--months"): void {
  const missing = sortedUnique(gaps.flatMap((g) => g.notServed));
  if (!missing.length) return;
  throw new Error(
    `${what} ${range.start}..${range.end} asks for months police.uk's API does not serve: ${describeMonths(missing)}. ` +
      `The API serves ${describeMonths(served)} (its crimes-street-dates list). Ask for months inside that range; for the others, ${ARCHIVE_ADVICE}.`
  );
}

/**
 * Requests a plan needs at least: per force and month, one polygon request per district of the force and one
 * crimes-no-location request. A polygon with over 10,000 crimes answers 503 and is split in four, adding requests.
 */
export function estimateRequests(gaps: readonly ForceGaps[], districtsPerForce: ReadonlyMap<string, number>): number {
  return gaps.reduce((n, g) => n + g.fetch.length * ((districtsPerForce.get(g.force) ?? 0) + 1), 0);
}
