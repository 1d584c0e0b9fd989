/**
 * Rates with 95% confidence intervals for many areas, sorted from highest to lowest: a dot per area, a bar for its CI,
 * the partnership highlighted by a bold label, a distinct colour and a diamond, and an optional benchmark line.
 * Up to `labelLimit` areas every area is labelled; beyond that rows are compact and only highlighted areas are
 * labelled, moved apart where neighbours would overlap (the table twin lists every area).
 */
import * as Plot from "@observablehq/plot";
import {scaleBand} from "d3";
import {formatCI, formatRate, isPresent, NO_DATA} from "../format/number.js";
import {insideChart, spreadLabels} from "./spread-labels.js";
import {assertUnique, BOLD_WIDTH, chartWidth, CATEGORICAL, CHART_STYLE, documentOf, FONT_SIZE, HIGHLIGHT, labelWidth, midSentence, MUTED, PRIMARY, withLegend, xAxisLabel, type ChartElement, type ChartOptions} from "./common.js";

export type RateRow = {area: string; value: number | null; lower: number | null; upper: number | null; highlight?: boolean; group?: string};

export type RateDotPlotOptions = ChartOptions & {
  /** Axis label and text alternative: "Rate per 1,000". */
  valueLabel?: string;
  /** A reference value drawn as a dashed line: England or the force average. */
  benchmark?: {value: number; label: string};
  /** Most areas to label individually (default 40). */
  labelLimit?: number;
  /** Order of the groups (for colours), e.g. ["Higher than force", "Similar", "Lower than force"]. */
  groups?: readonly string[];
  /** Colours for the groups, in the same order (default: Okabe–Ito blue, vermilion, green, pink, black). */
  colors?: readonly string[];
  /** Decimal places for values (default 1). */
  digits?: number;
  nullLabel?: string;
};

/** Sorts rows by value, highest first, missing values last, ties by name (so output is stable). */
export function sortRates<T extends {area: string; value: number | null}>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const av = isPresent(a.value) ? a.value : -Infinity;
    const bv = isPresent(b.value) ? b.value : -Infinity;
    return bv - av || a.area.localeCompare(b.area, "en-GB");
  });
}

export function rateDotPlot(rows: readonly RateRow[], options: RateDotPlotOptions = {}): ChartElement {
  const doc = documentOf(options, "rateDotPlot");
  if (!rows.length) throw new Error("rateDotPlot: no rows to draw");
  assertUnique(rows, (r) => r.area, "rateDotPlot", "area");
  rows.forEach((r, i) => {
    if (isPresent(r.value) && isPresent(r.lower) && isPresent(r.upper) && !(r.lower <= r.value && r.value <= r.upper))
      throw new Error(`rateDotPlot: row ${i} (${r.area}) has value ${r.value} outside its interval ${r.lower} to ${r.upper}`);
  });
  const width = chartWidth(options.width ?? 688);
  const {valueLabel = "Rate per 1,000", labelLimit = 40, digits = 1, nullLabel = NO_DATA, benchmark} = options;
  const sorted = sortRates(rows);
  const compact = sorted.length > labelLimit;
  const rowHeight = compact ? 4 : 22;
  const labelled = compact ? sorted.filter((r) => r.highlight) : sorted;
  // The names take at most 260 px, and under half a narrow (phone) chart, so that the dots keep room; a longer name
  // wraps onto more lines (each row then grows), never running off the chart's left edge.
  // A highlighted name is bold, and wider.
  const nameWidth = (r: RateRow): number => labelWidth(r.area, r.highlight);
  const marginLeft = Math.min(260, Math.round(width * 0.45), Math.max(60, ...labelled.map((r) => nameWidth(r) + 16)));
  const linesOf = (r: RateRow): number => Math.ceil(nameWidth(r) / (marginLeft - 16));
  const nameLines = Math.max(1, ...labelled.map(linesOf));
  const bothAxes = sorted.length > 20;
  const marginTop = (bothAxes ? 36 : 8) + (benchmark ? 20 : 0);
  const {axisLabel, marginBottom, mark: labelUnderAxis} = xAxisLabel(`${valueLabel} (95% confidence interval) →`, width, marginLeft);
  const rowSpace = compact ? rowHeight : rowHeight + (nameLines - 1) * (FONT_SIZE + 2);
  const height = marginTop + marginBottom + sorted.length * rowSpace + (compact ? 8 : 0);
  const nameText = {frameAnchor: "left", textAnchor: "end", dx: -8, lineWidth: (marginLeft - 16) / FONT_SIZE, ariaHidden: "true"} as const;
  const boldNameText = {...nameText, lineWidth: (marginLeft - 16) / FONT_SIZE / BOLD_WIDTH, fontWeight: "bold"} as const;
  const groups = options.groups ?? [...new Set(rows.map((r) => r.group).filter((g): g is string => g !== undefined))];
  const useGroups = groups.length > 0;
  // A row without a group would get no colour and Plot would silently drop its dot.
  const ungrouped = useGroups ? rows.findIndex((r) => r.group === undefined || !groups.includes(r.group)) : -1;
  if (ungrouped >= 0) throw new Error(`rateDotPlot: row ${ungrouped} (${rows[ungrouped]!.area}) has group ${JSON.stringify(rows[ungrouped]!.group)}, not one of ${JSON.stringify(groups)}; give every row a listed group, or none`);
  const present = sorted.filter((r) => isPresent(r.value));
  const withCI = present.filter((r) => isPresent(r.lower) && isPresent(r.upper));
  const missing = sorted.filter((r) => !isPresent(r.value));
  const fmt = (v: number | null): string => formatRate(v, digits);
  const tip = (r: RateRow): string => `${r.area}: ${formatCI(r.value, r.lower, r.upper, digits, nullLabel)}${r.group ? ` (${r.group})` : ""}`;

  // In compact rows (4 px each) the names of neighbouring highlighted areas would overlap: each is moved just enough
  // to clear the next (spreadLabels), and a short leader joins a moved name to its row at the plot's edge. The rows
  // are placed as Plot's y scale places them (a band scale rounded to whole pixels).
  const named = labelled.filter((r) => r.highlight);
  const rowBand = scaleBand(sorted.map((r) => r.area), [marginTop, height - marginBottom]).padding(0).round(true);
  const rowCentre = (r: RateRow): number => rowBand(r.area)! + rowBand.bandwidth() / 2;
  const placed = compact ? spreadLabels(named.map((r) => ({at: rowCentre(r), size: linesOf(r) * (FONT_SIZE + 2)})), marginTop, height - marginBottom) : [];
  const moves = named.map((r, i) => ({row: r, from: rowCentre(r), to: placed[i] ?? rowCentre(r)}));
  const highlightLabels = compact
    ? moves.map((m) => Plot.text([m.row], {y: "area", text: "area", ...boldNameText, dy: m.to - m.from}))
    : [Plot.text(named, {y: "area", text: "area", ...boldNameText})];
  const moved = moves.filter((m) => Math.abs(m.to - m.from) >= 1);
  const leaders = (_index: number[], _scales: unknown, _values: unknown, _dimensions: unknown, context: {document: Document}): SVGElement | null => {
    if (!moved.length) return null;
    const svg = (name: string) => context.document.createElementNS("http://www.w3.org/2000/svg", name);
    const g = svg("g");
    for (const [k, v] of [["aria-label", "leader"], ["aria-hidden", "true"], ["stroke", "currentColor"]]) g.setAttribute(k!, v!);
    for (const m of moved) {
      const line = svg("line");
      for (const [k, v] of [["x1", marginLeft - 6], ["y1", m.to], ["x2", marginLeft - 1], ["y2", m.from]] as const) line.setAttribute(k, String(v));
      g.append(line);
    }
    return g;
  };

  const first = present[0];
  const last = present[present.length - 1];
  const highlighted = sorted.filter((r) => r.highlight);
  const description =
    options.ariaDescription ??
    [
      `${valueLabel} for ${sorted.length} areas with 95% confidence intervals`,
      first && last ? `highest ${first.area} (${fmt(first.value)}), lowest ${last.area} (${fmt(last.value)})` : "",
      ...highlighted.map((h) => `${h.area}: ${formatCI(h.value, h.lower, h.upper, digits, nullLabel)}, ranked ${sorted.indexOf(h) + 1} of ${sorted.length}${h.group ? `, ${h.group}` : ""}`),
      benchmark ? `${benchmark.label}: ${fmt(benchmark.value)}` : "",
      missing.length ? `${missing.length} ${missing.length === 1 ? "area" : "areas"} ${nullLabel}` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  return Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight: 24,
    marginTop,
    marginBottom,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Dot plot: ${midSentence(valueLabel)} with 95% confidence intervals for ${sorted.length} areas, highest first`,
    ariaDescription: description,
    x: {zero: true, nice: true, grid: true, label: axisLabel, labelAnchor: "left", tickFormat: (v: number) => formatRate(v, 0), axis: bothAxes ? "both" : "bottom"},
    // Compact rows are rounded to whole pixels as rowBand is, so that each name's shift is measured from its row.
    y: {domain: sorted.map((r) => r.area), axis: null, padding: compact ? 0 : 0.3, round: compact ? true : undefined},
    color: useGroups ? withLegend({domain: [...groups], range: [...(options.colors ?? CATEGORICAL)]}) : undefined,
    marks: [
      benchmark ? Plot.ruleX([benchmark.value], {stroke: "currentColor", strokeDasharray: "5,3", ariaHidden: "true"}) : null,
      benchmark ? Plot.text([benchmark], {x: "value", frameAnchor: "top", dy: -marginTop + 4, lineAnchor: "top", text: (b: {value: number; label: string}) => `${b.label}: ${fmt(b.value)}`, ariaHidden: "true", render: insideChart}) : null,
      Plot.ruleY(withCI, {y: "area", x1: "lower", x2: "upper", stroke: (r: RateRow) => (r.highlight ? HIGHLIGHT : MUTED), strokeWidth: compact ? 1 : 1.5, ariaHidden: "true"}),
      Plot.dot(present.filter((r) => !r.highlight), {x: "value", y: "area", fill: useGroups ? "group" : PRIMARY, r: compact ? 2 : 4, title: tip}),
      Plot.dot(highlighted.filter((r) => isPresent(r.value)), {x: "value", y: "area", fill: useGroups ? "group" : HIGHLIGHT, stroke: "black", symbol: "diamond", r: 6, title: tip}),
      Plot.text(labelled.filter((r) => !r.highlight), {y: "area", text: "area", ...nameText}),
      ...highlightLabels,
      compact ? leaders : null,
      labelUnderAxis,
      Plot.text(missing, {y: "area", text: () => nullLabel, frameAnchor: "left", textAnchor: "start", dx: 4, fontStyle: "italic", fill: MUTED, ariaHidden: "true"})
    ]
  });
}
