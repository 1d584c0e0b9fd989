/**
 * Trend chart, as Fingertips draws an indicator over time: the area's values as a line with a marked point per
 * period, its 95% confidence interval as a shaded band and whiskers, an optional benchmark (England) as a dashed
 * line, and the recent-trend result of components/stats `recentTrend` said in words above the chart and in the note.
 * Points may carry their comparison with the benchmark (colour and shape, as on the other benchmarking charts).
 * Missing values break the line and are labelled, never drawn as zero. The chart does not test the trend itself.
 */
import * as Plot from "@observablehq/plot";
import type {Polarity} from "../stats/benchmark.js";
import {trendWithPolarity, type TrendResult} from "../stats/trend.js";
import {formatCI, formatNumber, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, chartWidth, CHART_STYLE, documentOf, midSentence, MUTED, PRIMARY, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {
  categoryLegend,
  chartWithKey,
  MARK_STROKE,
  presentCategories,
  SIGNIFICANCE_CATEGORIES,
  SIGNIFICANCE_STYLES,
  significanceLegendItems,
  significancePhrase,
  type LegendItem,
  type Significance
} from "./significance.js";

export type TrendRow = {
  /** Period label as the source gives it: "2018", "2017/18". */
  period: string;
  value: number | null;
  lower?: number | null;
  upper?: number | null;
  /** Comparison with the benchmark in this period; colours and shapes the point when given. */
  significance?: Significance;
  nullLabel?: string;
  /** The year recentTrend() was given for this period, so that the trend's years can be said as periods. */
  year?: number;
};

export type TrendChartOptions = ChartOptions & {
  height?: number;
  /** The area: "Plymouth". */
  area?: string;
  /** A benchmark series drawn as a dashed line: {label: "England", rows}. */
  benchmark?: {label: string; rows: readonly {period: string; value: number | null}[]};
  /** The result of recentTrend() for the area's series. */
  trend?: TrendResult;
  /** Polarity, to word the trend as Fingertips does ("Increasing and getting worse"). */
  polarity?: Polarity;
  /** Period order; default: the area's periods, then any benchmark-only periods, in order of appearance. */
  periods?: readonly string[];
  /** Y-axis label and text alternative: "Rate per 10,000". */
  valueLabel?: string;
  digits?: number;
  nullLabel?: string;
  /** Start the y axis at zero (default true). */
  zero?: boolean;
};

const ARROWS: Record<string, string> = {Increasing: "↑", Decreasing: "↓"};

/**
 * Words for a trend result: "Recent trend (2013/14 to 2017/18): ↑ Increasing and getting worse". periodOf turns the
 * trend's years back into the source's period labels (default: the year itself).
 */
export function describeTrend(trend: TrendResult, polarity: Polarity = "no-judgement", periodOf: (year: number) => string = String): string {
  const span = trend.years.length ? ` (${periodOf(trend.years[0]!)} to ${periodOf(trend.years[trend.years.length - 1]!)})` : "";
  const words = trendWithPolarity(trend.marker, polarity);
  const arrow = ARROWS[trend.marker] ? `${ARROWS[trend.marker]} ` : "";
  return `Recent trend${span}: ${arrow}${words}`;
}

/** Why the marker is what it is, in a sentence for the note. */
function trendReason(trend: TrendResult): string {
  if (trend.marker === "Cannot be calculated") return `The recent trend cannot be calculated: ${trend.reason}.`;
  return `Chi-square test for trend over the last five points at 99.8% (${trend.reason}).`;
}

/** Line chart of one area's values over periods, with CIs, an optional benchmark line and the recent trend. */
export function trendChart(rows: readonly TrendRow[], options: TrendChartOptions = {}): ChartElement {
  const doc = documentOf(options, "trendChart");
  if (!rows.length) throw new Error("trendChart: no rows to draw");
  assertUnique(rows, (r) => r.period, "trendChart", "period");
  rows.forEach((r, i) => {
    if (isPresent(r.value) && isPresent(r.lower) && isPresent(r.upper) && !(r.lower <= r.value && r.value <= r.upper))
      throw new Error(`trendChart: row ${i} (${r.period}) has value ${r.value} outside its interval ${r.lower} to ${r.upper}`);
    if (r.significance !== undefined && !SIGNIFICANCE_CATEGORIES.includes(r.significance)) throw new Error(`trendChart: row ${i} (${r.period}) has unknown significance ${JSON.stringify(r.significance)}`);
  });
  const width = chartWidth(options.width ?? 688);
  const {height = 320, area = "Area", benchmark, trend, polarity = "no-judgement", valueLabel = "Value", digits = 1, nullLabel = NO_DATA, zero = true} = options;
  if (benchmark) assertUnique(benchmark.rows, (r) => r.period, "trendChart: benchmark", "period");
  const periods = options.periods ?? [...new Set([...rows.map((r) => r.period), ...(benchmark?.rows ?? []).map((r) => r.period)])];
  const stray = [...rows, ...(benchmark?.rows ?? [])].find((r) => !periods.includes(r.period));
  if (stray) throw new Error(`trendChart: period ${JSON.stringify(stray.period)} is not in the periods given; add it to options.periods`);
  // Every period gets a row, so that a period without one is a gap in the line, not a silent join.
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const series: TrendRow[] = periods.map((p) => byPeriod.get(p) ?? {period: p, value: null});
  const benchMap = new Map((benchmark?.rows ?? []).map((r) => [r.period, r.value]));
  const benchSeries = benchmark ? periods.map((p) => ({period: p, value: benchMap.get(p) ?? null})) : [];
  const present = series.filter((r) => isPresent(r.value));
  const withCI = present.filter((r) => isPresent(r.lower) && isPresent(r.upper));
  const missing = series.filter((r) => !isPresent(r.value));
  const judged = present.some((r) => r.significance !== undefined);
  const fmt = (v: number | null | undefined): string => formatNumber(v, digits, nullLabel);
  const missingLabel = (r: TrendRow): string => r.nullLabel ?? nullLabel;
  const tip = (r: TrendRow): string =>
    `${area}, ${r.period}: ${formatCI(r.value, r.lower, r.upper, digits, missingLabel(r))}` +
    (r.significance ? `, ${significancePhrase(r.significance, benchmark?.label)}` : "") +
    (benchmark ? `; ${benchmark.label} ${fmt(benchMap.get(r.period))}` : "");

  const first = present[0];
  const last = present[present.length - 1];
  const periodOfYear = new Map(rows.flatMap((r) => (r.year === undefined ? [] : [[r.year, r.period] as const])));
  const trendText = trend ? describeTrend(trend, polarity, (y) => periodOfYear.get(y) ?? String(y)) : undefined;
  const description =
    options.ariaDescription ??
    [
      `${valueLabel} for ${area}, ${periods[0]} to ${periods[periods.length - 1]}`,
      first && last ? `${fmt(first.value)} in ${first.period}, ${formatCI(last.value, last.lower, last.upper, digits)} in ${last.period}` : `no values`,
      benchmark ? `${benchmark.label} ${fmt(benchMap.get(last?.period ?? "") ?? null)} in ${last?.period ?? periods[periods.length - 1]}` : "",
      withCI.length < present.length ? `${present.length - withCI.length} of ${present.length} values without a confidence interval` : "",
      missing.length ? `${missing.length} ${missing.length === 1 ? "period" : "periods"} without a value (${missing.map((r) => `${r.period}: ${missingLabel(r)}`).join(", ")})` : "",
      trendText ? `${trendText.replace(/[↑↓] /, "")}` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  const values = [...present.flatMap((r) => [r.value, r.lower, r.upper]), ...benchSeries.map((r) => r.value)].filter(isPresent);
  const marginTop = 24;
  const marginLeft = Math.max(48, textWidth(formatNumber(Math.max(...values, 1), 0)) + 28);
  const marginRight = benchmark ? Math.max(24, textWidth(benchmark.label) + 16, textWidth(area) + 16) : 24;
  // Period labels turn when they would run into each other: more than twelve periods, or a phone's width.
  const widestPeriod = Math.max(...periods.map((p) => textWidth(p)));
  const spacing = (width - marginLeft - marginRight) / Math.max(1, periods.length - 1 + 2 * 0.3);
  const tickRotate = periods.length > 12 || widestPeriod + 8 > spacing ? -45 : 0;
  const marginBottom = tickRotate ? Math.max(40, Math.ceil(widestPeriod * Math.SQRT1_2) + 14) : 40;
  const fillOf = (r: TrendRow): string => (r.significance ? SIGNIFICANCE_STYLES[r.significance].fill : PRIMARY);
  const symbolOf = (r: TrendRow) => (r.significance ? SIGNIFICANCE_STYLES[r.significance].symbol : SIGNIFICANCE_STYLES.Better.symbol);

  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginTop,
    marginLeft,
    marginRight,
    marginBottom,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Line chart: ${midSentence(valueLabel)} for ${area}${benchmark ? ` and ${benchmark.label}` : ""}, ${periods[0]} to ${periods[periods.length - 1]}`,
    ariaDescription: description,
    x: {type: "point", domain: [...periods], label: null, padding: 0.3, tickRotate},
    y: {zero, nice: true, grid: true, label: `↑ ${valueLabel}`, tickFormat: (v: number) => formatNumber(v, Number.isInteger(v) ? 0 : digits)},
    marks: [
      // The band joins consecutive intervals; whiskers show each one (and the only one of an isolated period).
      Plot.areaY(series, {x: "period", y1: (r: TrendRow) => (isPresent(r.lower) && isPresent(r.upper) ? r.lower : NaN), y2: (r: TrendRow) => (isPresent(r.lower) && isPresent(r.upper) ? r.upper : NaN), fill: PRIMARY, fillOpacity: 0.15, ariaHidden: "true"}),
      Plot.ruleX(withCI, {x: "period", y1: "lower", y2: "upper", stroke: "black", ariaHidden: "true"}),
      benchmark ? Plot.lineY(benchSeries, {x: "period", y: (r: {value: number | null}) => (isPresent(r.value) ? r.value : NaN), stroke: "black", strokeWidth: 1.5, strokeDasharray: "6,3", ariaHidden: "true"}) : null,
      benchmark ? Plot.dot(benchSeries.filter((r) => isPresent(r.value)), {x: "period", y: "value", r: 2.5, fill: "black", ariaHidden: "true"}) : null,
      Plot.lineY(series, {x: "period", y: (r: TrendRow) => (isPresent(r.value) ? r.value : NaN), stroke: PRIMARY, strokeWidth: 2, ariaHidden: "true"}),
      Plot.dot(present, {x: "period", y: "value", r: 5, fill: fillOf, symbol: symbolOf, stroke: MARK_STROKE, title: tip}),
      Plot.text(missing, {x: "period", frameAnchor: "bottom", dy: -6, text: missingLabel, rotate: -90, textAnchor: "start", fontStyle: "italic", fill: MUTED, ariaHidden: "true"}),
      // Direct labels at the right end of each line.
      last ? Plot.text([last], {x: "period", y: "value", text: () => area, textAnchor: "start", dx: 10, fontWeight: "bold", ariaHidden: "true"}) : null,
      benchmark && benchSeries.some((r) => isPresent(r.value))
        ? Plot.text([benchSeries.filter((r) => isPresent(r.value)).at(-1)!], {x: "period", y: "value", text: () => benchmark.label, textAnchor: "start", dx: 10, dy: 14, ariaHidden: "true"})
        : null,
    ]
  });
  const items: LegendItem[] = judged
    ? significanceLegendItems(presentCategories(present.flatMap((r) => (r.significance ? [r.significance] : []))), benchmark?.label)
    : [{label: area, style: {fill: PRIMARY, ink: "white", symbol: SIGNIFICANCE_STYLES.Better.symbol, shape: "circle"}}];
  const caption = [
    withCI.length ? "Shading and whiskers are 95% confidence intervals." : "No confidence intervals are available for these values.",
    benchmark ? `The dashed line is ${benchmark.label}.` : "",
    missing.length ? `Breaks in the line are periods without a value (${[...new Set(missing.map(missingLabel))].join(", ")}), never zero.` : "",
    trend ? trendReason(trend) : ""
  ]
    .filter(Boolean)
    .join(" ");
  const legend = categoryLegend(doc, items);
  if (trendText) {
    // The trend result heads the key, in words, where it is read before the chart.
    const p = doc.createElement("strong");
    p.setAttribute("class", "sna-trend");
    p.setAttribute("style", "flex-basis: 100%;");
    p.textContent = trendText;
    legend.prepend(p);
  }
  return chartWithKey(doc, svg, {legend, caption});
}
