/**
 * The analysis window and the year-on-year comparison, decided from the months the snapshot really has. Shared by
 * the build (loaders/prepare/window.ts re-exports it) and the live chapters in the browser (a reader's period).
 * Default window: the latest 12 calendar months ending at the newest month available for every force.
 * Months missing inside the window are gaps (reported), never zeros.
 */
import {addMonths as shiftMonth, monthRange} from "../format/month.js";

export interface AnalysisWindow {
  start: string;
  end: string;
  /** Calendar months of the window. */
  months: string[];
  /** Months of the window with data. */
  available: string[];
  /** Months of the window with no data (gaps). */
  missing: string[];
}

export interface YearOnYear {
  /** Months of the window compared (each has data, and so has the same month a year earlier). */
  current: string[];
  previous: string[];
  /** Months of the window left out because the year-earlier month is missing. */
  notCompared: string[];
}

export function analysisWindow(available: readonly string[], requested: {start?: string | undefined; end?: string | undefined} = {}): AnalysisWindow {
  const sorted = [...new Set(available)].sort();
  if (!sorted.length) throw new Error("No month of police.uk data is available for every configured force. Run `npm run refresh`.");
  const end = requested.end ?? sorted.at(-1)!;
  const start = requested.start ?? shiftMonth(end, -11);
  if (start > end) throw new Error(`months.start (${start}) is after months.end (${end}) in the configuration.`);
  const months = monthRange(start, end);
  const have = new Set(sorted);
  const inWindow = months.filter((m) => have.has(m));
  if (!inWindow.length) {
    throw new Error(`No police.uk data in the configured months ${start} to ${end}; the snapshot has ${sorted[0]} to ${sorted.at(-1)}. Change months in the configuration or run \`npm run refresh\`.`);
  }
  return {start, end, months, available: inWindow, missing: months.filter((m) => !have.has(m))};
}

export function yearOnYear(window: AnalysisWindow, available: readonly string[]): YearOnYear {
  const have = new Set(available);
  const current = window.available.filter((m) => have.has(shiftMonth(m, -12)));
  return {current, previous: current.map((m) => shiftMonth(m, -12)), notCompared: window.available.filter((m) => !have.has(shiftMonth(m, -12)))};
}
