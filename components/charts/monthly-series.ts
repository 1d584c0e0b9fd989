/**
 * Monthly counts by series (crime type): one line per series, a marked point per month, missing months shown as
 * gaps (never as zero), shaded when no series has data, and said in a note under the chart.
 */
import * as Plot from "@observablehq/plot";
import {scaleLinear} from "d3";
import {describeSeries} from "../format/describe.js";
import {addMonths, dateToMonth, formatMonth, formatMonthRuns, formatPeriod, monthRange, monthRuns, monthToDate, parseMonth} from "../format/month.js";
import {formatCount, isPresent} from "../format/number.js";
import {assertUnique, CATEGORICAL, chartWidth, CHART_STYLE, documentOf, FONT_SIZE, midSentence, MUTED, SYMBOLS, textWidth, withLegend, type ChartElement, type ChartOptions} from "./common.js";
import {spreadLabels} from "./spread-labels.js";

export type MonthlyRow = {month: string; series: string; count: number | null};

export type MonthlySeriesOptions = ChartOptions & {
  height?: number;
  /** First and last month to show; default: the months in the data. Months in between with no row are gaps. */
  start?: string;
  end?: string;
  /** Order of the series (and of colours and symbols); default: order of first appearance. */
  series?: readonly string[];
  /** Y-axis label. */
  yLabel?: string;
  /** What the values are, for the text alternative: "Monthly counts". */
  what?: string;
};

/** One point of the filled grid: every series × every month, count null where missing. */
export type MonthlyPoint = {month: string; date: Date; series: string; count: number | null};

const MARGIN_TOP = 24;
const MARGIN_BOTTOM = 36;
const LABEL_GAP = FONT_SIZE + 3;

/** Fills the full month range for each series so that every missing month is an explicit null. */
export function fillMonths(rows: readonly MonthlyRow[], start: string, end: string, series: readonly string[]): MonthlyPoint[] {
  const byKey = new Map(rows.map((r) => [`${r.series}\u0000${r.month}`, r.count]));
  const months = monthRange(start, end);
  return series.flatMap((s) =>
    months.map((month) => {
      const count = byKey.get(`${s}\u0000${month}`);
      return {month, date: monthToDate(month), series: s, count: isPresent(count) ? count : null};
    })
  );
}

/** About how wide a tick label is ("Jan 2025"), with room between labels. */
const TICK_SPACING = 72;
/** Below this width the series are keyed in a legend above the chart instead of labelled at the line ends. */
export const NARROW_WIDTH = 560;

/**
 * Ticks every 1, 2, 3, 4, 6 or 12 months ("Jan 2025"), or every 2, 3, 5 or 10 years ("2019") over long spans, so
 * that no two labels collide at any width. Month steps are aligned to calendar quarters and halves, year steps to
 * January.
 */
export function tickMonths(months: readonly string[], innerWidth: number): {ticks: Date[]; format: (d: Date) => string} {
  const fit = Math.max(1, Math.floor(innerWidth / TICK_SPACING));
  const step = [1, 2, 3, 4, 6, 12, 24, 36, 60, 120].find((s) => Math.ceil(months.length / s) <= fit) ?? 120;
  const yearly = step >= 12;
  const labelled = yearly ? months.filter((m) => m.endsWith("-01")) : months;
  const [, first] = parseMonth(months[0]!);
  const offset = yearly ? 0 : step > 1 && 12 % step === 0 ? (step - ((first - 1) % step)) % step : 0;
  const every = yearly ? step / 12 : step;
  const picked = labelled.filter((_, i) => i >= offset && (i - offset) % every === 0);
  // A span shorter than a year with a yearly step still gets its first month.
  const ticks = (picked.length ? picked : months.slice(0, 1)).map(monthToDate);
  return {ticks, format: (d: Date) => (yearly ? String(d.getUTCFullYear()) : formatMonth(dateToMonth(d)))};
}

/**
 * Line chart of monthly counts, one line per series, with direct labels at the line ends.
 * Rows must have unique (series, month); counts may be null (suppressed or not published).
 */
export function monthlySeries(rows: readonly MonthlyRow[], options: MonthlySeriesOptions = {}): ChartElement {
  const doc = documentOf(options, "monthlySeries");
  if (!rows.length && (!options.start || !options.end)) throw new Error("monthlySeries: no rows and no start/end months to draw");
  rows.forEach((r) => parseMonth(r.month));
  assertUnique(rows, (r) => `${r.series} ${r.month}`, "monthlySeries", "series and month");
  const months = rows.map((r) => r.month).sort();
  const start = options.start ?? months[0]!;
  const end = options.end ?? months[months.length - 1]!;
  const outside = rows.find((r) => r.month < start || r.month > end);
  // A row outside the months drawn would sit in the table and CSV under a title naming other months.
  if (outside) throw new Error(`monthlySeries: a row for ${formatMonth(outside.month)} (${outside.series}) is outside ${formatMonth(start)} to ${formatMonth(end)}; filter the rows to the months drawn`);
  const series = options.series ?? [...new Set(rows.map((r) => r.series))];
  const points = fillMonths(rows, start, end, series);
  const present = points.filter((p) => p.count !== null);
  const allMonths = monthRange(start, end);
  const emptyMonths = allMonths.filter((m) => !present.some((p) => p.month === m));
  const width = chartWidth(options.width ?? 688);
  const {height = 320, yLabel = "Crimes per month", what = "Monthly counts"} = options;

  // Y scale fixed here so that end labels can be placed in pixels and spread apart.
  const max = Math.max(1, ...present.map((p) => p.count as number));
  const yMax = scaleLinear().domain([0, max]).nice().domain()[1]!;
  const y = scaleLinear().domain([0, yMax]).range([height - MARGIN_BOTTOM, MARGIN_TOP]);
  // On a phone, direct labels would take the whole width: key the series in a legend instead.
  const narrow = width < NARROW_WIDTH;
  const marginRight = narrow ? 16 : Math.min(260, Math.max(...series.map((s) => textWidth(s))) + 24);
  const marginLeft = textWidth(formatCount(yMax)) + 28;
  const ends = series
    .map((s) => ({series: s, last: present.filter((p) => p.series === s).at(-1)}))
    .filter((e): e is {series: string; last: MonthlyPoint} => e.last !== undefined)
    .sort((a, b) => y(a.last.count as number) - y(b.last.count as number));
  // Each label's centre stays within the plot, LABEL_GAP from the next (spreadLabels takes the labels' extents).
  // A name longer than the margin's 260 px wraps within it ("Police-recorded serious violence (police.uk)").
  const labelRoom = Math.max(4 * FONT_SIZE, marginRight - 22);
  const linesOf = (s: string): number => Math.max(1, Math.ceil(textWidth(s) / labelRoom));
  const labelY = spreadLabels(ends.map((e) => ({at: y(e.last.count as number), size: LABEL_GAP * linesOf(e.series)})), MARGIN_TOP - LABEL_GAP / 2, height - MARGIN_BOTTOM + LABEL_GAP / 2);
  const labels = ends.map((e, i) => ({series: e.series, date: monthToDate(end), count: y.invert(labelY[i]!)}));

  // Shaded bands over months when no series has data, half a month either side of the missing points.
  const halfMonth = (m: string, side: -1 | 1): Date =>
    new Date((monthToDate(m).getTime() + monthToDate(addMonths(m, side)).getTime()) / 2);
  const clamp = (d: Date): Date => new Date(Math.min(Math.max(d.getTime(), monthToDate(start).getTime()), monthToDate(end).getTime()));
  const innerWidth = width - marginLeft - marginRight;
  const xTicks = tickMonths(allMonths, innerWidth);
  const pxPerMonth = innerWidth / Math.max(1, allMonths.length - 1);
  const gaps = monthRuns(emptyMonths).map(([a, b]) => ({
    x1: clamp(halfMonth(a, -1)),
    x2: clamp(halfMonth(b, 1)),
    label: a === b ? "" : "No data",
    months: monthRange(a, b).length,
    widthPx: monthRange(a, b).length * pxPerMonth
  }));

  const note = emptyMonths.length
    ? `No data for ${formatMonthRuns(emptyMonths)} (${emptyMonths.length} ${emptyMonths.length === 1 ? "month" : "months"}): the gap in each line is missing data, not zero.`
    : undefined;
  const tip = (p: MonthlyPoint): string => `${p.series}, ${formatMonth(p.month)}: ${formatCount(p.count)}`;
  const description =
    options.ariaDescription ??
    series.map((s) => `${s}: ${describeSeries(points.filter((p) => p.series === s).map((p) => ({month: p.month, value: p.count})), {what: midSentence(what), start, end})}`).join(" ");

  return Plot.plot({
    document: doc,
    width,
    height,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft,
    marginRight,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Line chart: ${midSentence(what)} by month, ${formatPeriod(start, end)}, for ${series.join(", ")}`,
    ariaDescription: description,
    caption: note,
    x: {type: "utc", domain: [monthToDate(start), monthToDate(end)], label: null, ticks: xTicks.ticks, tickFormat: xTicks.format},
    y: {domain: [0, yMax], grid: true, label: yLabel, tickFormat: (v: number) => formatCount(v)},
    color: {domain: series, range: CATEGORICAL},
    symbol: narrow ? withLegend({domain: series, range: SYMBOLS}) : {domain: series, range: SYMBOLS},
    marks: [
      Plot.rectX(gaps, {x1: "x1", x2: "x2", y1: 0, y2: yMax, fill: "#ebebeb", ariaHidden: "true"}),
      Plot.text(gaps.filter((g) => g.label && g.widthPx >= textWidth(g.label) + 4), {x: (g) => new Date((g.x1.getTime() + g.x2.getTime()) / 2), frameAnchor: "top", dy: 4, text: "label", fill: MUTED, ariaHidden: "true"}),
      Plot.ruleY([0], {ariaHidden: "true"}),
      Plot.lineY(points, {x: "date", y: "count", z: "series", stroke: "series", strokeWidth: 2, ariaHidden: "true"}),
      Plot.dot(present, {x: "date", y: "count", fill: "series", symbol: "series", r: 3.5, title: tip}),
      // Direct labels: the series' symbol then its name in black (coloured text would fail 4.5:1 contrast).
      Plot.dot(narrow ? [] : labels, {x: "date", y: "count", fill: "series", symbol: "series", r: 3.5, dx: 10, ariaHidden: "true"}),
      Plot.text(narrow ? [] : labels, {x: "date", y: "count", text: "series", textAnchor: "start", dx: 18, lineWidth: labelRoom / FONT_SIZE, ariaHidden: "true"})
    ]
  });
}
