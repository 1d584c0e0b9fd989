/**
 * Day of week × time of day: a grid of counts (A&E assault attendances), Monday at the top, hours 00–23 (or the
 * partner's published time bands) left to right, each cell shaded on the sequential blues of seasonality.ts and
 * labelled with its value. When 24 hourly columns are too narrow for their labels (a phone) the grid turns, hours
 * down and days across, so that nothing is lost; summing into bins (binHours) is an option, and a bin holding a
 * suppressed hour is suppressed too. A suppressed cell is light grey with a ×, keyed in the legend, never 0;
 * a cell with no row is "–" (no data).
 */
import * as Plot from "@observablehq/plot";
import {interpolateBlues, symbolTimes} from "d3";
import type {TableColumn} from "../figure/csv.js";
import {formatCount, NO_DATA, SUPPRESSED} from "../format/number.js";
import {assertUnique, chartWidth, CHART_STYLE, documentOf, midSentence, MUTED, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {suppressedLegend, type PartnerRecordCell} from "./cohort-pyramid.js";
import {inkFor} from "./seasonality.js";
import {categoryLegend, chartWithKey, SIGNIFICANCE_STYLES} from "./significance.js";

/** One published cell: `time` is an hour 0–23 (number, "7" or "07") or a band label ("20:00-23:59"). */
export type DayTimeCell = {day: string; time: number | string; count: number | null; suppressed: boolean};

export type DayHourHeatmapOptions = ChartOptions & {
  /** What is counted: "A&E attendances for assault". */
  valueLabel?: string;
  threshold?: number;
  /** Column order for band labels; default: as sorted text ("00:00-03:59" < "04:00-07:59"). Ignored for hours. */
  times?: readonly string[];
  /**
   * Hours per column for hourly data. Default: 1, with the grid turned (hours down, days across) when 24 columns do
   * not fit the width. Bins lose every hour of a period to one suppressed hour, so turning is preferred.
   */
  binHours?: 1 | 2 | 3 | 4 | 6;
};

export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const MISSING_FILL = "#ffffff";
const SUPPRESSED_FILL = "#e6e6e6";

type Cell = {day: string; time: string; count: number | null; suppressed: boolean; missing: boolean; fill: string; ink: string};

/** The hour of a cell, or null when its time is a band label. */
function hourOf(time: number | string): number | null {
  const n = typeof time === "number" ? time : /^\d{1,2}$/.test(time.trim()) ? Number(time) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 23 ? n : null;
}

/** "00–02" for a 3-hour bin, "07" for one hour. */
function hourLabel(start: number, hours: number): string {
  const p = (h: number): string => String(h).padStart(2, "0");
  return hours === 1 ? p(start) : `${p(start)}–${p(start + hours - 1)}`;
}

/** The figure's table and CSV twin: a suppressed count is an empty cell explained as "suppressed", never 0. */
export const DAY_TIME_COLUMNS: readonly TableColumn<DayTimeCell>[] = [
  {key: "day", label: "Day of week"},
  {key: "time", label: "Time"},
  {key: "count", label: "Count", nullLabel: SUPPRESSED}
];

/** "20:00-23:59" → "20–23" so that six bands fit a phone; hours and other labels unchanged. */
function shortTime(t: string): string {
  const m = /^(\d{2}):00\s*[-–]\s*(\d{2}):59$/.exec(t);
  return m ? `${m[1]}–${m[2]}` : t;
}

/** "20:00-23:59" or "21–23" → "20" / "21": the hour a column starts at. */
function startHour(t: string): string {
  return /^\d{2}/.exec(t)?.[0] ?? t;
}

function timeAxisLabel(hourly: boolean, hours: number, fits: boolean): string {
  if (hourly) return hours === 1 ? "Hour of day" : `Hour of day (${hours}-hour periods${fits ? "" : ", first hour"})`;
  return fits ? "Time band (00–03 is 00:00 to 03:59)" : "Time band (first hour)";
}

/** The cells of a partner table, totals dropped: dayTimeCells(records, "ae-assault", "by-weekday-time"). */
export function dayTimeCells(records: readonly PartnerRecordCell[], dataset: string, table: string): DayTimeCell[] {
  return records
    .filter((r) => r.dataset === dataset && r.table === table && !r.total)
    .map((r) => ({day: r.row, time: r.col, count: r.suppressed ? null : r.count, suppressed: r.suppressed}));
}

function check(cells: readonly DayTimeCell[]): void {
  assertUnique(cells, (c) => `${c.day} ${c.time}`, "dayHourHeatmap", "day and time");
  cells.forEach((c, i) => {
    if (!(DAYS as readonly string[]).includes(c.day)) throw new Error(`dayHourHeatmap: cell ${i} has day ${JSON.stringify(c.day)}; expected one of ${DAYS.join(", ")}`);
    if (c.suppressed && c.count !== null) throw new Error(`dayHourHeatmap: cell ${i} (${c.day} ${c.time}) is suppressed but has a count; give count null`);
    if (!c.suppressed && !(typeof c.count === "number" && Number.isInteger(c.count) && c.count >= 0))
      throw new Error(`dayHourHeatmap: cell ${i} (${c.day} ${c.time}) has count ${c.count}; expected a whole number ≥ 0, or suppressed: true`);
  });
}

/** Hourly cells summed into bins of `hours`; a bin with a suppressed hour is suppressed (its sum is unknown). */
export function binHours(cells: readonly DayTimeCell[], hours: number): DayTimeCell[] {
  if (24 % hours) throw new Error(`dayHourHeatmap: ${hours}-hour bins do not divide the day`);
  const bins = new Map<string, DayTimeCell>();
  for (const c of cells) {
    const h = hourOf(c.time);
    if (h === null) throw new Error(`dayHourHeatmap: time ${JSON.stringify(c.time)} is not an hour 0–23`);
    const label = hourLabel(h - (h % hours), hours);
    const key = `${c.day} ${label}`;
    const bin = bins.get(key) ?? {day: c.day, time: label, count: 0, suppressed: false};
    bin.suppressed ||= c.suppressed;
    bin.count = bin.suppressed ? null : (bin.count as number) + (c.count as number);
    bins.set(key, bin);
  }
  return [...bins.values()];
}

/** Heatmap of counts by day of week (rows, Monday first) and hour or time band (columns). */
export function dayHourHeatmap(input: readonly DayTimeCell[], options: DayHourHeatmapOptions = {}): ChartElement {
  const doc = documentOf(options, "dayHourHeatmap");
  if (!input.length) throw new Error("dayHourHeatmap: no cells to draw");
  check(input);
  const {valueLabel = "Attendances", threshold} = options;
  const width = chartWidth(options.width ?? 688);
  const marginLeft = 40;
  const hourly = input.every((c) => hourOf(c.time) !== null);
  const maxLabel = textWidth(formatCount(Math.max(0, ...input.map((c) => c.count ?? 0)) * 3)) + 6;
  const hours = hourly ? (options.binHours ?? 1) : 1;
  // 24 hourly columns need room for their labels; on a phone the grid turns (hours down, days across) rather than
  // summing hours into periods, which would withhold a whole period for one suppressed hour.
  const tall = hourly && hours === 1 && (width - marginLeft - 8) / 24 < Math.max(maxLabel, 28);
  const cellsIn = hourly && hours > 1 ? binHours(input, hours) : input.map((c) => ({...c, time: hourly ? hourLabel(hourOf(c.time)!, 1) : String(c.time)}));
  const times = hourly
    ? Array.from({length: 24 / hours}, (_, i) => hourLabel(i * hours, hours))
    : (options.times ?? [...new Set(cellsIn.map((c) => String(c.time)))].sort());
  const strayTime = cellsIn.find((c) => !times.includes(String(c.time)));
  if (strayTime) throw new Error(`dayHourHeatmap: time ${JSON.stringify(strayTime.time)} is not in options.times`);
  const values = cellsIn.filter((c) => !c.suppressed).map((c) => c.count as number);
  const min = Math.min(...values, 0);
  const max = Math.max(...values, 1);
  const shade = (v: number): string => interpolateBlues(0.1 + 0.75 * (max > min ? (v - min) / (max - min) : 0.5));
  const byKey = new Map(cellsIn.map((c) => [`${c.day} ${c.time}`, c]));
  const cells: Cell[] = DAYS.flatMap((day) =>
    times.map((time) => {
      const c = byKey.get(`${day} ${time}`);
      const fill = !c ? MISSING_FILL : c.suppressed ? SUPPRESSED_FILL : shade(c.count as number);
      return {day, time, count: c && !c.suppressed ? (c.count as number) : null, suppressed: c?.suppressed ?? false, missing: !c, fill, ink: inkFor(fill)};
    })
  );
  const shown = cells.filter((c) => c.count !== null);
  const withheld = cells.filter((c) => c.suppressed);
  const missing = cells.filter((c) => c.missing);
  const inputSuppressed = input.filter((c) => c.suppressed).length;
  const peak = shown.reduce<Cell | undefined>((a, c) => (!a || (c.count as number) > (a.count as number) ? c : a), undefined);
  const unit = hourly ? (hours === 1 ? "hour" : `${hours}-hour period`) : "time band";
  const dayTotals = DAYS.map((day) => ({day, cs: cells.filter((c) => c.day === day)})).filter((d) => d.cs.every((c) => c.count !== null));
  const busiestDay = dayTotals.map((d) => ({day: d.day, n: d.cs.reduce((s, c) => s + (c.count as number), 0)})).sort((a, b) => b.n - a.n)[0];
  const description =
    options.ariaDescription ??
    [
      `${valueLabel} by day of week and ${unit} (${times[0]} to ${times[times.length - 1]})`,
      peak ? `highest ${peak.day} ${peak.time} (${formatCount(peak.count)})` : "",
      busiestDay ? `busiest day with no suppressed cell: ${busiestDay.day} (${formatCount(busiestDay.n)})` : "",
      withheld.length
        ? `${withheld.length} of ${cells.length} cells suppressed${hours > 1 ? ` (${inputSuppressed} suppressed hours)` : ""}, shown as suppressed, never 0`
        : "no cells suppressed",
      missing.length ? `${missing.length} cells ${NO_DATA}` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";
  // Column labels that do not fit their column (six bands on a phone) shorten to the hour each column starts at.
  const colPx = (width - marginLeft - 8) / (tall ? DAYS.length : times.length);
  const fits = tall || Math.max(...times.map((t) => textWidth(shortTime(t)))) + 6 <= colPx;
  const timeScale = {type: "band", domain: times, label: tall ? "Hour" : timeAxisLabel(hourly, hours, fits), tickSize: 0, tickFormat: fits ? shortTime : startHour} as const;
  const dayScale = {type: "band", domain: [...DAYS], label: null, tickSize: 0, tickFormat: (d: string) => d.slice(0, 3)} as const;
  // Channels by orientation: time across and days down, or (tall) days across and hours down.
  const at = tall ? {x: "day", y: "time"} : {x: "time", y: "day"};
  const svg = Plot.plot({
    document: doc,
    width,
    height: 36 + (tall ? times.length * 24 : DAYS.length * 34) + 8,
    marginLeft,
    marginRight: 8,
    marginTop: 36,
    marginBottom: 8,
    padding: 0.06,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Heatmap: ${midSentence(valueLabel)} by day of week and ${unit}`,
    ariaDescription: description,
    x: tall ? {...dayScale, axis: "top"} : {...timeScale, axis: "top", labelAnchor: "left", labelOffset: 30, tickRotate: 0},
    y: tall ? {...timeScale, labelAnchor: "top"} : dayScale,
    marks: [
      Plot.cell(cells, {...at, fill: "fill", stroke: (c: Cell) => (c.suppressed ? MUTED : "none"), title: (c: Cell) => `${c.day} ${c.time}: ${c.suppressed ? SUPPRESSED : c.missing ? NO_DATA : formatCount(c.count)}`}),
      // A cell with no row at all: a dashed outline, so that it differs from a suppressed one.
      Plot.cell(missing, {...at, fill: "none", stroke: MUTED, strokeDasharray: "3,2", ariaHidden: "true"}),
      Plot.text(shown, {...at, text: (c: Cell) => formatCount(c.count), fill: "ink", ariaHidden: "true"}),
      Plot.dot(withheld, {...at, symbol: "times", r: tall ? 4 : 5, stroke: "black", strokeWidth: 1.5, ariaHidden: "true"}),
      Plot.text(missing, {...at, text: () => "–", ariaHidden: "true"})
    ]
  });
  const items = [{label: `Darker: more ${midSentence(valueLabel)}`, style: {...SIGNIFICANCE_STYLES.Worse, fill: interpolateBlues(0.85)}}];
  if (withheld.length) items.push({label: suppressedLegend(threshold), style: {...SIGNIFICANCE_STYLES.Worse, fill: "none", symbol: symbolTimes, shape: "cross"}});
  const caption =
    `Each cell shows its count; days run Monday to Sunday${tall ? " across, hours 00 to 23 down" : ""}.` +
    (hourly && hours > 1 ? ` Hours are summed into ${hours}-hour periods; a period with a suppressed hour is suppressed.` : "") +
    (withheld.length ? ` Grey cells with × are suppressed: withheld, not zero.` : "") +
    (missing.length ? ` Cells marked – have no data.` : "");
  return chartWithKey(doc, svg, {legend: categoryLegend(doc, items), caption});
}
