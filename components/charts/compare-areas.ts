/**
 * Compare areas, as Fingertips' "Compare areas" view: one horizontal bar per area, highest first, with its 95%
 * confidence interval as a whisker and the benchmark as a dashed line. Each bar is coloured by its comparison with the
 * benchmark, and the same comparison is repeated as a shape beside the value printed at the right, so the chart reads
 * without colour. The partnership's bar is outlined and its name set in bold. Missing values are labelled, never 0.
 */
import * as Plot from "@observablehq/plot";
import {formatCI, formatNumber, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, CHART_STYLE, documentOf, labelWidth, midSentence, MUTED, textWidth, xAxisLabel, type ChartElement, type ChartOptions} from "./common.js";
import {sortRates} from "./rate-dot-plot.js";
import {insideChart} from "./spread-labels.js";
import {
  categoryLegend,
  chartWithKey,
  describeSignificance,
  MARK_STROKE,
  presentCategories,
  SIGNIFICANCE_CATEGORIES,
  SIGNIFICANCE_STYLES,
  significanceLegendItems,
  significancePhrase,
  type Significance
} from "./significance.js";

export type CompareRow = {
  area: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  significance: Significance;
  highlight?: boolean;
  /** Label for a missing value, e.g. "suppressed" (default: the chart's nullLabel). */
  nullLabel?: string;
};

export type CompareAreasOptions = ChartOptions & {
  /** The benchmark the significance refers to, drawn as a dashed line: {value, label: "England"}. */
  benchmark?: {value: number; label: string};
  /** Axis label and text alternative: "Rate per 1,000". */
  valueLabel?: string;
  digits?: number;
  nullLabel?: string;
  /** "value" (default, highest first, as Fingertips) or "given" to keep the rows' order. */
  order?: "value" | "given";
  /** Most areas to draw with a label and value each (default 50); beyond, rows are compact and only highlighted areas are labelled. */
  labelLimit?: number;
};

/** Horizontal bars with CI whiskers, coloured and shaped by significance. */
export function compareAreas(rows: readonly CompareRow[], options: CompareAreasOptions = {}): ChartElement {
  const doc = documentOf(options, "compareAreas");
  if (!rows.length) throw new Error("compareAreas: no rows to draw");
  assertUnique(rows, (r) => r.area, "compareAreas", "area");
  rows.forEach((r, i) => {
    if (!SIGNIFICANCE_CATEGORIES.includes(r.significance)) throw new Error(`compareAreas: row ${i} (${r.area}) has unknown significance ${JSON.stringify(r.significance)}`);
    if (isPresent(r.value) && isPresent(r.lower) && isPresent(r.upper) && !(r.lower <= r.value && r.value <= r.upper))
      throw new Error(`compareAreas: row ${i} (${r.area}) has value ${r.value} outside its interval ${r.lower} to ${r.upper}`);
    if (isPresent(r.value) && r.value < 0) throw new Error(`compareAreas: row ${i} (${r.area}) has a negative value (${r.value}); bars start at zero, use a dot plot for values that can be negative`);
  });
  const {valueLabel = "Value", digits = 1, nullLabel = NO_DATA, benchmark, labelLimit = 50} = options;
  const benchmarkName = benchmark?.label ?? "England";
  const sorted = options.order === "given" ? [...rows] : sortRates(rows);
  const compact = sorted.length > labelLimit;
  const rowHeight = compact ? 6 : 22;
  const labelled = compact ? sorted.filter((r) => r.highlight) : sorted;
  const fmt = (v: number | null, missing = nullLabel): string => formatNumber(v, digits, missing);
  const missingLabel = (r: CompareRow): string => r.nullLabel ?? nullLabel;
  const valueText = (r: CompareRow): string => (isPresent(r.value) ? fmt(r.value) : missingLabel(r));
  const marginLeft = Math.min(260, Math.max(60, ...labelled.map((r) => labelWidth(r.area, r.highlight) + 16)));
  const marginRight = compact ? 24 : Math.max(...sorted.map((r) => textWidth(valueText(r)))) + 36;
  // A page may ask for a width narrower than the labels (0 while it is laid out): keep 120 px for the bars.
  const width = Math.max(options.width ?? 688, marginLeft + marginRight + 120);
  const marginTop = 8 + (benchmark ? 20 : 0) + (sorted.length > 20 ? 28 : 0);
  const {axisLabel, marginBottom, mark: labelUnderAxis} = xAxisLabel(`${valueLabel} (95% confidence interval) →`, width, marginLeft);
  const height = marginTop + marginBottom + sorted.length * rowHeight;

  const present = sorted.filter((r) => isPresent(r.value));
  const withCI = present.filter((r) => isPresent(r.lower) && isPresent(r.upper));
  const missing = sorted.filter((r) => !isPresent(r.value));
  const highlighted = sorted.filter((r) => r.highlight);
  const fill = (r: CompareRow): string => SIGNIFICANCE_STYLES[r.significance].fill;
  const tip = (r: CompareRow): string =>
    `${r.area}: ${formatCI(r.value, r.lower, r.upper, digits, missingLabel(r))}${isPresent(r.value) ? `, ${significancePhrase(r.significance, benchmarkName)}` : ""}`;
  const description =
    options.ariaDescription ??
    [
      `${valueLabel} for ${sorted.length} areas with 95% confidence intervals, highest first`,
      ...highlighted.map((h) => `${h.area}: ${formatCI(h.value, h.lower, h.upper, digits, missingLabel(h))}${isPresent(h.value) ? `, ranked ${present.indexOf(h) + 1} of ${present.length}, ${significancePhrase(h.significance, benchmarkName)}` : ""}`),
      benchmark ? `${benchmark.label}: ${fmt(benchmark.value)}` : "",
      describeSignificance(present, (r) => r.significance, (r) => r.area, benchmarkName),
      missing.length ? `${missing.length} ${missing.length === 1 ? "area" : "areas"} without a value (${missing.map((r) => `${r.area}: ${missingLabel(r)}`).join(", ")})` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Bar chart: ${midSentence(valueLabel)} with 95% confidence intervals for ${sorted.length} areas${benchmark ? `, compared with ${benchmark.label}` : ""}`,
    ariaDescription: description,
    x: {zero: true, nice: true, grid: true, label: axisLabel, labelAnchor: "left", axis: sorted.length > 20 ? "both" : "bottom", tickFormat: (v: number) => formatNumber(v, 0)},
    y: {domain: sorted.map((r) => r.area), axis: null, padding: compact ? 0.1 : 0.25},
    marks: [
      Plot.barX(present, {x: "value", y: "area", fill, stroke: MARK_STROKE, strokeWidth: (r: CompareRow) => (r.highlight ? 2.5 : compact ? 0 : 0.5), title: tip}),
      Plot.ruleY(withCI, {y: "area", x1: "lower", x2: "upper", stroke: "black", strokeWidth: compact ? 1 : 1.5, ariaHidden: "true"}),
      compact ? null : Plot.tickX(withCI, {y: "area", x: "lower", stroke: "black", inset: 4, ariaHidden: "true"}),
      compact ? null : Plot.tickX(withCI, {y: "area", x: "upper", stroke: "black", inset: 4, ariaHidden: "true"}),
      benchmark ? Plot.ruleX([benchmark.value], {stroke: "black", strokeWidth: 1.5, strokeDasharray: "6,3", ariaHidden: "true"}) : null,
      benchmark ? Plot.text([benchmark], {x: "value", frameAnchor: "top", dy: -marginTop + 4, lineAnchor: "top", text: (b: {value: number; label: string}) => `${b.label}: ${fmt(b.value)}`, ariaHidden: "true", render: insideChart}) : null,
      labelUnderAxis,
      Plot.text(labelled.filter((r) => !r.highlight), {y: "area", text: "area", frameAnchor: "left", textAnchor: "end", dx: -8, ariaHidden: "true"}),
      Plot.text(labelled.filter((r) => r.highlight), {y: "area", text: "area", frameAnchor: "left", textAnchor: "end", dx: -8, fontWeight: "bold", ariaHidden: "true"}),
      // The comparison again as a shape, then the value, in the right margin.
      Plot.dot(labelled.filter((r) => isPresent(r.value)), {y: "area", frameAnchor: "right", dx: 12, r: 4.5, symbol: (r: CompareRow) => SIGNIFICANCE_STYLES[r.significance].symbol, fill, stroke: MARK_STROKE, ariaHidden: "true"}),
      Plot.text(labelled, {y: "area", text: valueText, frameAnchor: "right", dx: 22, textAnchor: "start", fill: (r: CompareRow) => (isPresent(r.value) ? "black" : MUTED), ariaHidden: "true"}),
      Plot.text(missing, {y: "area", text: missingLabel, frameAnchor: "left", dx: 4, textAnchor: "start", fontStyle: "italic", fill: MUTED, ariaHidden: "true"})
    ]
  });
  const legend = categoryLegend(doc, significanceLegendItems(presentCategories(present.map((r) => r.significance)), benchmarkName));
  const caption =
    `Bars show each area's value, highest first; black lines are 95% confidence intervals${benchmark ? `, the dashed line is ${benchmark.label}` : ""}. Colour and shape give the comparison with ${benchmarkName}.` +
    (highlighted.length ? ` ${highlighted.map((h) => h.area).join(", ")} ${highlighted.length === 1 ? "is" : "are"} outlined.` : "") +
    (compact ? " Only highlighted areas are named; the table lists every area." : "") +
    (missing.length ? ` Areas without a bar have no value (${[...new Set(missing.map(missingLabel))].join(", ")}), never zero.` : "");
  return chartWithKey(doc, svg, {legend, caption});
}
