/**
 * Seasonality: a year × month-of-year grid of counts, each cell shaded on a sequential blue scale and labelled with
 * its value, so that the grid reads without colour. Missing months are grey cells marked "–", never zero.
 */
import * as Plot from "@observablehq/plot";
import {interpolateBlues, rgb} from "d3";
import {formatMonthOfYear} from "../format/month.js";
import {formatCount, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, chartWidth, CHART_STYLE, documentOf, midSentence, textWidth, type ChartElement, type ChartOptions} from "./common.js";

export type SeasonalRow = {monthOfYear: number; year: number; count: number | null};

export type SeasonalityOptions = ChartOptions & {
  /** What the values are, for the text alternative and tooltips: "Crimes". */
  valueLabel?: string;
  /** Label for a missing cell: "no data" or "suppressed". */
  nullLabel?: string;
  format?: (value: number) => string;
};

type Cell = {year: number; monthOfYear: number; count: number | null; fill: string; ink: string};

/** WCAG relative luminance of a CSS colour. */
function luminance(color: string): number {
  const {r, g, b} = rgb(color);
  const lin = (c: number): number => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Black or white, whichever contrasts more with the background. */
export function inkFor(background: string): "black" | "white" {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "black" : "white";
}

const MISSING_FILL = "#f0f0f0";

/**
 * Heatmap of counts by year (rows) and month of year (columns), with the value printed in each cell; on a narrow
 * chart, months are rows and years columns.
 */
export function seasonality(rows: readonly SeasonalRow[], options: SeasonalityOptions = {}): ChartElement {
  const doc = documentOf(options, "seasonality");
  rows.forEach((r, i) => {
    if (!Number.isInteger(r.year)) throw new Error(`seasonality: row ${i} has year ${r.year}; expected a whole number`);
    formatMonthOfYear(r.monthOfYear);
  });
  assertUnique(rows, (r) => `${r.year}-${r.monthOfYear}`, "seasonality", "year and month");
  const width = chartWidth(options.width ?? 688);
  const {valueLabel = "Crimes", nullLabel = NO_DATA, format = (v: number) => formatCount(v)} = options;
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  if (!years.length) throw new Error("seasonality: no rows to draw");
  const values = rows.map((r) => r.count).filter(isPresent);
  const min = Math.min(...values);
  const max = Math.max(...values);
  // Light-to-dark over 0.1–0.85 of the blues scheme: the lightest stays visible on white, the darkest stays blue.
  const shade = (v: number): string => interpolateBlues(0.1 + 0.75 * (max > min ? (v - min) / (max - min) : 0.5));
  const byKey = new Map(rows.map((r) => [`${r.year}-${r.monthOfYear}`, r.count]));
  const cells: Cell[] = years.flatMap((year) =>
    Array.from({length: 12}, (_, i) => {
      const count = byKey.get(`${year}-${i + 1}`);
      const fill = isPresent(count) ? shade(count) : MISSING_FILL;
      return {year, monthOfYear: i + 1, count: isPresent(count) ? count : null, fill, ink: inkFor(fill)};
    })
  );
  const missing = cells.filter((c) => c.count === null).length;
  const peak = cells.reduce<Cell | undefined>((a, c) => (c.count !== null && (!a || c.count > (a.count as number)) ? c : a), undefined);
  const low = cells.reduce<Cell | undefined>((a, c) => (c.count !== null && (!a || c.count < (a.count as number)) ? c : a), undefined);
  const span = `${years[0]} to ${years[years.length - 1]}`;
  const describe = (c: Cell | undefined): string => (c ? `${formatMonthOfYear(c.monthOfYear)} ${c.year} (${format(c.count as number)})` : nullLabel);
  const description =
    options.ariaDescription ??
    `${valueLabel} by month of year for ${years.join(", ")}: highest ${describe(peak)}, lowest ${describe(low)}` +
      (missing ? `; ${missing} of ${cells.length} months ${nullLabel}.` : ".");

  // Twelve columns of values fit a laptop's width, not a phone's: there the grid turns, months down and years across.
  // A grid too narrow even then (many years) leaves the values to the figure's table rather than shrink them below
  // the charts' 12 px or let them run into each other.
  const widest = Math.max(...cells.map((c) => textWidth(c.count === null ? "–" : format(c.count))));
  // The month names ("Aug", "Sep") need their own room across the top, even when the values are short.
  const monthWidest = Math.max(...Array.from({length: 12}, (_, i) => textWidth(formatMonthOfYear(i + 1))));
  const turned = (width - 48) / 12 < Math.max(widest + 4, monthWidest + 8);
  const marginLeft = turned ? 34 : 48;
  const printed = (width - marginLeft) / (turned ? years.length : 12) >= widest + 4;
  const month = {type: "band", domain: Array.from({length: 12}, (_, i) => i + 1), label: null, tickSize: 0, tickFormat: formatMonthOfYear} as const;
  const year = {type: "band", domain: years, label: null, tickSize: 0, tickFormat: String} as const;
  const at = turned ? {x: "year", y: "monthOfYear"} : {x: "monthOfYear", y: "year"};

  return Plot.plot({
    document: doc,
    width,
    height: turned ? 36 + 12 * 26 : 40 + years.length * 34,
    marginLeft,
    marginTop: 28,
    marginBottom: 8,
    padding: 0.06,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Heatmap: ${midSentence(valueLabel)} by month of year and year, ${span}`,
    ariaDescription: description,
    caption:
      (printed ? "Darker cells have higher values; each cell shows its value." : "Darker cells have higher values; the figure's table gives each value.") +
      (missing ? ` Grey cells${printed ? " marked –" : ""} have ${nullLabel}.` : ""),
    x: turned ? {...year, axis: "top"} : {...month, axis: "top"},
    y: turned ? month : year,
    marks: [
      Plot.cell(cells, {
        ...at,
        fill: "fill",
        title: (c: Cell) => `${formatMonthOfYear(c.monthOfYear)} ${c.year}: ${c.count === null ? nullLabel : format(c.count)}`
      }),
      printed ? Plot.text(cells, {...at, text: (c: Cell) => (c.count === null ? "–" : format(c.count)), fill: "ink", ariaHidden: "true"}) : null
    ]
  });
}
