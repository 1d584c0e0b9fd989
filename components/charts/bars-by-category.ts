/**
 * Horizontal bars by category (IMD decile, outcome, age band…) with optional 95% CI whiskers and the value printed
 * at the end of each bar. Categories keep the order given (deciles are ordinal) unless sort is "descending".
 * A missing value draws no bar and is labelled "no data" or "suppressed", never drawn as 0.
 */
import * as Plot from "@observablehq/plot";
import {formatNumber, formatPercent, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, BOLD_WIDTH, chartWidth, CHART_STYLE, documentOf, FONT_SIZE, labelWidth, midSentence, MUTED, PRIMARY, textWidth, xAxisLabel, type ChartElement, type ChartOptions} from "./common.js";

export type CategoryRow = {category: string; value: number | null; lower?: number | null; upper?: number | null};

export type BarsByCategoryOptions = ChartOptions & {
  /** Axis label: "Violent crimes per 1,000 residents". */
  valueLabel?: string;
  /** Heading for the categories in the text alternative: "IMD decile". */
  categoryLabel?: string;
  sort?: "none" | "descending";
  digits?: number;
  format?: (value: number) => string;
  nullLabel?: string;
  /** Categories to draw in the highlight colour with a bold label. */
  highlight?: readonly string[];
  /** Values are shares (0–1): printed and ticked as percentages ("25%"), never as "0 0 … 1". */
  percent?: boolean;
};

/** Tick labels for shares: whole percentages, or one decimal when the axis spans under 10 points. */
export function percentTicks(maxShare: number): (share: number) => string {
  const digits = maxShare < 0.1 ? 1 : 0;
  return (share) => `${(share * 100).toFixed(digits)}%`;
}

export function barsByCategory(rows: readonly CategoryRow[], options: BarsByCategoryOptions = {}): ChartElement {
  const doc = documentOf(options, "barsByCategory");
  if (!rows.length) throw new Error("barsByCategory: no rows to draw");
  assertUnique(rows, (r) => r.category, "barsByCategory", "category");
  rows.forEach((r, i) => {
    if (isPresent(r.value) && r.value < 0) throw new Error(`barsByCategory: row ${i} (${r.category}) is negative (${r.value}); bars start at 0, use a dot plot for signed values`);
    if (isPresent(r.value) && isPresent(r.lower) && isPresent(r.upper) && !(r.lower <= r.value && r.value <= r.upper))
      throw new Error(`barsByCategory: row ${i} (${r.category}) has value ${r.value} outside its interval ${r.lower} to ${r.upper}`);
  });
  const width = chartWidth(options.width ?? 688);
  const {valueLabel = "Value", categoryLabel = "Category", sort = "none", digits = 1, nullLabel = NO_DATA, highlight = []} = options;
  const format = options.format ?? (options.percent ? (v: number) => formatPercent(v, digits) : (v: number) => formatNumber(v, digits));
  const ordered = sort === "descending" ? [...rows].sort((a, b) => (isPresent(b.value) ? b.value : -Infinity) - (isPresent(a.value) ? a.value : -Infinity)) : [...rows];
  const present = ordered.filter((r) => isPresent(r.value));
  const missing = ordered.filter((r) => !isPresent(r.value));
  const withCI = present.filter((r) => isPresent(r.lower) && isPresent(r.upper));
  const isHi = (r: CategoryRow): boolean => highlight.includes(r.category);
  const end = (r: CategoryRow): number => (isPresent(r.upper) ? r.upper : (r.value as number));
  const describe = (r: CategoryRow): string =>
    `${r.category} ${isPresent(r.value) ? format(r.value) + (isPresent(r.lower) && isPresent(r.upper) ? ` (${format(r.lower)} to ${format(r.upper)})` : "") : nullLabel}`;
  const description = options.ariaDescription ?? `${valueLabel} by ${midSentence(categoryLabel)}${withCI.length ? ", with 95% confidence intervals" : ""}: ${ordered.map(describe).join("; ")}.`;
  // Category labels take at most 40% of the width (on a phone long labels wrap onto more lines instead of pushing
  // the bars off the chart, which would draw them with negative widths).
  // A highlighted category is bold, and wider (BOLD_WIDTH): it wraps to a narrower measure.
  const widthOf = (r: CategoryRow): number => labelWidth(r.category, isHi(r));
  const marginLeft = Math.min(260, Math.floor(width * 0.4), Math.max(40, ...ordered.map((r) => widthOf(r) + 14)));
  const labelEms = Math.max(4, (marginLeft - 14) / FONT_SIZE);
  const lines = Math.max(1, ...ordered.map((r) => Math.ceil(widthOf(r) / (marginLeft - 14))));
  const rowHeight = Math.max(30, lines * (FONT_SIZE + 2) + 8);
  const maxEnd = Math.max(...present.map(end), 0);
  const {axisLabel, marginBottom, mark: labelUnderAxis} = xAxisLabel(`${valueLabel}${withCI.length ? " (95% confidence interval)" : ""} →`, width, marginLeft);

  return Plot.plot({
    document: doc,
    width,
    height: 16 + marginBottom + ordered.length * rowHeight,
    marginLeft,
    marginRight: 16 + textWidth(format(maxEnd)),
    marginBottom,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Bar chart: ${midSentence(valueLabel)} by ${midSentence(categoryLabel)}`,
    ariaDescription: description,
    x: {grid: true, label: axisLabel, labelAnchor: "left", domain: [0, maxEnd || 1], nice: true, tickFormat: options.percent ? percentTicks(maxEnd) : (v: number) => formatNumber(v, 0)},
    y: {domain: ordered.map((r) => r.category), label: null, padding: 0.25, tickSize: 0, axis: null},
    marks: [
      Plot.barX(present, {x: "value", y: "category", fill: (r: CategoryRow) => (isHi(r) ? "#D55E00" : PRIMARY), title: describe}),
      Plot.ruleY(withCI, {y: "category", x1: "lower", x2: "upper", stroke: "black", strokeWidth: 1.5, ariaHidden: "true"}),
      Plot.tickX(withCI, {x: "lower", y: "category", stroke: "black", inset: 6, ariaHidden: "true"}),
      Plot.tickX(withCI, {x: "upper", y: "category", stroke: "black", inset: 6, ariaHidden: "true"}),
      Plot.text(present, {x: end, y: "category", text: (r: CategoryRow) => format(r.value as number), textAnchor: "start", dx: 5, ariaHidden: "true"}),
      Plot.text(missing, {x: 0, y: "category", text: () => nullLabel, textAnchor: "start", dx: 5, fontStyle: "italic", fill: MUTED, ariaHidden: "true"}),
      Plot.text(ordered.filter((r) => !isHi(r)), {y: "category", text: "category", frameAnchor: "left", textAnchor: "end", dx: -8, lineWidth: labelEms, ariaHidden: "true"}),
      Plot.text(ordered.filter(isHi), {y: "category", text: "category", frameAnchor: "left", textAnchor: "end", dx: -8, lineWidth: labelEms / BOLD_WIDTH, fontWeight: "bold", ariaHidden: "true"}),
      labelUnderAxis,
      Plot.ruleX([0], {ariaHidden: "true"})
    ]
  });
}
