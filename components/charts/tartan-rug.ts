/**
 * Tartan rug, as Fingertips draws it: indicators down the side, areas across the top with the benchmark (England)
 * first, each cell coloured by the area's comparison with the benchmark and showing its value, with a small shape
 * above the value for the same comparison, so the grid reads without colour. The partnership's column is outlined
 * and its name set in bold. Missing values are grey cells marked "–" (or their label when it fits), never zero.
 */
import * as Plot from "@observablehq/plot";
import {formatNumber, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, CHART_STYLE, documentOf, MUTED, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {
  categoryLegend,
  chartWithKey,
  describeSignificance,
  presentCategories,
  SIGNIFICANCE_CATEGORIES,
  SIGNIFICANCE_STYLES,
  significanceLegendItems,
  significancePhrase,
  type Significance
} from "./significance.js";
import {wrapText} from "./spine-chart.js";

export type TartanRow = {
  indicator: string;
  area: string;
  value: number | null;
  significance: Significance;
  /** Period of the value; shown after the indicator name when one indicator has one period. */
  period?: string;
  /** Label for a missing value, e.g. "suppressed" (default: the chart's nullLabel). */
  nullLabel?: string;
  /** Decimal places of this row's indicator (default: the chart's digits), so each indicator keeps one format. */
  digits?: number;
};

export type TartanRugOptions = ChartOptions & {
  /** Column order; default: the benchmark first, then areas in order of appearance. */
  areas?: readonly string[];
  /** Row order; default: order of appearance. */
  indicators?: readonly string[];
  /** The benchmark column (drawn first, white, no comparison): "England". */
  benchmark?: string;
  /** The partnership's area(s), outlined. */
  highlight?: string | readonly string[];
  digits?: number;
  nullLabel?: string;
};

type Cell = {indicator: string; area: string; value: number | null; significance: Significance; missing: string; benchmark: boolean; digits: number};

const ROW_HEIGHT = 38;
const BENCHMARK_FILL = "#FFFFFF";

/** The tartan rug; every (indicator, area) pair without a row is drawn as a missing cell. */
export function tartanRug(rows: readonly TartanRow[], options: TartanRugOptions = {}): ChartElement {
  const doc = documentOf(options, "tartanRug");
  if (!rows.length) throw new Error("tartanRug: no rows to draw");
  assertUnique(rows, (r) => `${r.indicator} × ${r.area}`, "tartanRug", "indicator and area");
  const {benchmark = "England", digits = 1, nullLabel = NO_DATA} = options;
  rows.forEach((r, i) => {
    if (!SIGNIFICANCE_CATEGORIES.includes(r.significance)) throw new Error(`tartanRug: row ${i} (${r.indicator}, ${r.area}) has unknown significance ${JSON.stringify(r.significance)}`);
    if (!isPresent(r.value) && r.significance !== "Not compared")
      throw new Error(`tartanRug: row ${i} (${r.indicator}, ${r.area}) has no value but significance "${r.significance}"; a missing value cannot be compared`);
  });
  const seenAreas = [...new Set(rows.map((r) => r.area))];
  const areas = options.areas ?? (seenAreas.includes(benchmark) ? [benchmark, ...seenAreas.filter((a) => a !== benchmark)] : seenAreas);
  const indicators = options.indicators ?? [...new Set(rows.map((r) => r.indicator))];
  const unknown = rows.find((r) => !areas.includes(r.area) || !indicators.includes(r.indicator));
  if (unknown) throw new Error(`tartanRug: row for ${JSON.stringify(unknown.indicator)} in ${JSON.stringify(unknown.area)} is not in the areas or indicators given; add it to the order or leave it out`);
  const highlight = new Set(typeof options.highlight === "string" ? [options.highlight] : (options.highlight ?? []));
  const missingHighlight = [...highlight].find((h) => !areas.includes(h));
  if (missingHighlight) throw new Error(`tartanRug: highlighted area ${JSON.stringify(missingHighlight)} is not one of the areas`);

  const byKey = new Map(rows.map((r) => [`${r.indicator}\u0000${r.area}`, r]));
  const cells: Cell[] = indicators.flatMap((indicator) =>
    areas.map((area) => {
      const r = byKey.get(`${indicator}\u0000${area}`);
      const value = r && isPresent(r.value) ? r.value : null;
      return {indicator, area, value, significance: r?.significance ?? "Not compared", missing: r?.nullLabel ?? nullLabel, benchmark: area === benchmark, digits: r?.digits ?? digits};
    })
  );
  const periods = new Map(indicators.map((ind) => [ind, [...new Set(rows.filter((r) => r.indicator === ind && r.period).map((r) => r.period))]]));
  const rowLabel = (ind: string): string => (periods.get(ind)!.length === 1 ? `${ind} (${periods.get(ind)![0]})` : ind);

  const fmt = (c: Cell): string => formatNumber(c.value, c.digits);
  const cellWidth = Math.max(52, ...cells.map((c) => (c.value === null ? 0 : textWidth(fmt(c)) + 12)));
  const labelWidth = Math.min(300, Math.max(120, ...indicators.map((i) => textWidth(rowLabel(i)) / 2 + 12)));
  const marginLeft = labelWidth + 12;
  const marginTop = Math.min(300, Math.max(...areas.map((a) => textWidth(a) + (highlight.has(a) ? 8 : 0))) + 14);
  const width = marginLeft + areas.length * cellWidth + 8;
  const height = marginTop + indicators.length * ROW_HEIGHT + 4;
  const shownMissing = (c: Cell): string => (textWidth(c.missing) <= cellWidth - 6 ? c.missing : "–");
  const fill = (c: Cell): string => (c.benchmark && c.value !== null ? BENCHMARK_FILL : SIGNIFICANCE_STYLES[c.significance].fill);
  const ink = (c: Cell): string => (c.benchmark ? "black" : SIGNIFICANCE_STYLES[c.significance].ink);
  const tip = (c: Cell): string =>
    `${c.indicator}, ${c.area}: ${c.value === null ? c.missing : fmt(c)}${c.benchmark || c.value === null ? "" : `, ${significancePhrase(c.significance, benchmark)}`}`;

  const compared = cells.filter((c) => !c.benchmark && c.value !== null);
  const empty = cells.filter((c) => c.value === null);
  const focus = [...highlight].map((h) => `${h}: ${describeSignificance(compared.filter((c) => c.area === h), (c) => c.significance, (c) => c.indicator, benchmark)}`);
  const counts = presentCategories(compared.map((c) => c.significance)).map((s) => `${compared.filter((c) => c.significance === s).length} ${significancePhrase(s, benchmark)}`);
  const description =
    options.ariaDescription ??
    [
      `${indicators.length} indicators for ${areas.length - (areas.includes(benchmark) ? 1 : 0)} areas compared with ${benchmark}`,
      ...focus,
      `all areas: ${counts.join(", ")}`,
      empty.length ? `${empty.length} of ${cells.length} cells without a value (${[...new Set(empty.map((c) => c.missing))].join(", ")})` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  const valued = cells.filter((c) => c.value !== null);
  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginTop,
    marginRight: 8,
    marginBottom: 4,
    padding: 0.04,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Tartan rug: ${indicators.length} indicators by ${areas.length} areas, coloured by comparison with ${benchmark}`,
    ariaDescription: description,
    x: {type: "band", domain: [...areas], axis: null},
    y: {type: "band", domain: [...indicators], axis: null},
    marks: [
      Plot.cell(cells, {x: "area", y: "indicator", fill, stroke: (c: Cell) => (c.benchmark ? MUTED : "white"), title: tip}),
      // The shape of the comparison above the value (none for the benchmark's own cells and missing values).
      Plot.dot(valued.filter((c) => !c.benchmark), {x: "area", y: "indicator", dy: -8, r: 3.5, symbol: (c: Cell) => SIGNIFICANCE_STYLES[c.significance].symbol, fill: ink, ariaHidden: "true"}),
      Plot.text(valued.filter((c) => !c.benchmark), {x: "area", y: "indicator", dy: 7, text: fmt, fill: ink, ariaHidden: "true"}),
      Plot.text(valued.filter((c) => c.benchmark), {x: "area", y: "indicator", text: fmt, fill: "black", fontWeight: "bold", ariaHidden: "true"}),
      Plot.text(empty, {x: "area", y: "indicator", text: shownMissing, fill: "black", fontStyle: "italic", ariaHidden: "true"}),
      Plot.cell([...highlight], {x: (a: string) => a, fill: "none", stroke: "black", strokeWidth: 3, ariaHidden: "true"}),
      // Indicator names at the left, column names rotated at the top (partnership in bold).
      Plot.text(indicators, {y: (i: string) => i, text: (i: string) => wrapText(rowLabel(i), labelWidth, 2).join("\n"), frameAnchor: "left", textAnchor: "start", dx: -marginLeft, ariaHidden: "true"}),
      Plot.text(areas.filter((a) => !highlight.has(a)), {x: (a: string) => a, text: (a: string) => a, frameAnchor: "top", rotate: -90, textAnchor: "start", dy: -6, ariaHidden: "true"}),
      Plot.text(areas.filter((a) => highlight.has(a)), {x: (a: string) => a, text: (a: string) => a, frameAnchor: "top", rotate: -90, textAnchor: "start", dy: -6, fontWeight: "bold", ariaHidden: "true"})
    ]
  });
  const legend = categoryLegend(doc, significanceLegendItems(presentCategories(compared.map((c) => c.significance)), benchmark));
  const caption =
    `Each cell shows the value; its colour and the shape above the value give the comparison with ${benchmark}. ` +
    `The ${benchmark} column (white) is the benchmark.` +
    (highlight.size ? ` ${[...highlight].join(", ")} ${highlight.size === 1 ? "is" : "are"} outlined.` : "") +
    (empty.length ? ` Grey cells marked – or in italics have no value (${[...new Set(empty.map((c) => c.missing))].join(", ")}), never zero.` : "");
  return chartWithKey(doc, svg, {legend, caption});
}
