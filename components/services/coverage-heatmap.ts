/**
 * The coverage matrix as a heatmap (guidance 5.6: "what's missing"): one row per level of prevention and WHO level,
 * one column per age group, each cell shaded by the number of services that reach it and labelled with it. A cell no
 * service reaches is white with a dashed outline and says "none", so a gap never reads as a pale number.
 */
import * as Plot from "@observablehq/plot";
import {interpolateBlues, symbolSquare} from "d3";
import {inkFor} from "../charts/seasonality.js";
import {categoryLegend, chartWithKey} from "../charts/significance.js";
import {chartWidth, CHART_STYLE, documentOf, MUTED, textWidth, type ChartElement, type ChartOptions} from "../charts/common.js";

/** A row of the prepared `service_coverage` table. */
export type CoverageCell = {prevention_level: string; who_level: string; age_group: string; services: number; area_wide: number; service_names: string | null};

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
/** "Primary: individual", the row label of a cell. */
export const coverageRowLabel = (c: Pick<CoverageCell, "prevention_level" | "who_level">) => `${capital(c.prevention_level)}: ${c.who_level}`;

export function coverageHeatmap(cells: readonly CoverageCell[], options: ChartOptions = {}): ChartElement {
  const doc = documentOf(options, "coverageHeatmap");
  if (!cells.length) throw new Error("coverageHeatmap: no cells to draw");
  const width = chartWidth(options.width ?? 640);
  const rows = [...new Set(cells.map(coverageRowLabel))];
  const ages = [...new Set(cells.map((c) => c.age_group))];
  const max = Math.max(1, ...cells.map((c) => c.services));
  const shaded = cells.map((c) => {
    const fill = c.services ? interpolateBlues(0.15 + 0.7 * (c.services / max)) : "#ffffff";
    return {...c, row: coverageRowLabel(c), fill, ink: inkFor(fill)};
  });
  type Shaded = (typeof shaded)[number];
  const empty = shaded.filter((c) => c.services === 0);
  // On a phone the row labels take two lines ("Primary" over "individual"), so the columns keep room for "none".
  const wide = Math.max(...rows.map((r) => textWidth(r))) + 10;
  const twoLines = (width - wide) / ages.length < 44;
  const marginLeft = twoLines ? Math.max(...rows.flatMap((r) => r.split(": ").map((part) => textWidth(part)))) + 10 : wide;
  const rowHeight = twoLines ? 34 : 26;
  const description =
    options.ariaDescription ??
    `Services by level of prevention, WHO level (${rows.length} rows) and age group (${ages.join(", ")}): ${empty.length} of ${cells.length} cells have no service. ` +
      ages.map((a) => `${a}: ${shaded.filter((c) => c.age_group === a && c.services === 0).length} empty`).join("; ") + ".";
  const svg = Plot.plot({
    document: doc,
    width,
    height: 40 + rows.length * rowHeight,
    marginLeft,
    marginRight: 4,
    marginTop: 40,
    marginBottom: 4,
    padding: 0.05,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? "Heatmap: services by level of prevention, WHO level and age group",
    ariaDescription: description,
    x: {type: "band", domain: ages, axis: "top", label: "Age group served", labelAnchor: "left", tickSize: 0},
    y: {type: "band", domain: rows, label: null, tickSize: 0, tickFormat: (r: string) => (twoLines ? r.replace(": ", "\n") : r)},
    marks: [
      Plot.cell(shaded, {x: "age_group", y: "row", fill: "fill", title: (c: Shaded) => `${c.row}, ${c.age_group}: ${c.services ? `${c.services} (${c.service_names ?? ""})` : "no service"}`}),
      // A gap: a dashed outline, so that it never reads as a pale count.
      Plot.cell(empty, {x: "age_group", y: "row", fill: "none", stroke: MUTED, strokeDasharray: "3,2", ariaHidden: "true"}),
      Plot.text(shaded, {x: "age_group", y: "row", text: (c: Shaded) => (c.services ? String(c.services) : "none"), fill: (c: Shaded) => (c.services ? c.ink : MUTED), ariaHidden: "true"})
    ]
  });
  const legend = categoryLegend(doc, [
    {label: "Darker: more services", style: {fill: interpolateBlues(0.85), ink: "white", symbol: symbolSquare, shape: "square"}},
    {label: "none: no service (a gap)", style: {fill: "#ffffff", ink: "black", symbol: symbolSquare, shape: "white square"}}
  ]);
  return chartWithKey(doc, svg, {legend, caption: "Each cell counts the services that reach that level of prevention, WHO level and age group; a service at several levels or ages counts in each of its cells."});
}
