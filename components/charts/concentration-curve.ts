/**
 * Concentration (Lorenz-style) curve: the cumulative share of crimes against the cumulative share of areas, areas
 * ordered from most to fewest crimes, with the line of equal shares and labelled markers at the top 5% and 10%.
 */
import * as Plot from "@observablehq/plot";
import {formatPercent} from "../format/number.js";
import {CHART_STYLE, chartWidth, documentOf, FONT_SIZE, HIGHLIGHT, MUTED, PRIMARY, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {insideChart, spreadLabels} from "./spread-labels.js";

export type ConcentrationPoint = {share_of_areas: number; share_of_crimes: number};

export type ConcentrationCurveOptions = ChartOptions & {
  /** Shares of areas to mark (default 5% and 10%). */
  marks?: readonly number[];
  /** Plural nouns for the text: "LSOAs", "crimes". */
  areaLabel?: string;
  eventLabel?: string;
  height?: number;
};

const MARGIN = {top: 20, right: 24, bottom: 44, left: 56};

/** Curve points from per-area counts: (0, 0), then one point per area, most crimes first. */
export function concentrationPoints(counts: readonly number[]): ConcentrationPoint[] {
  counts.forEach((c, i) => {
    if (!(Number.isFinite(c) && c >= 0)) throw new Error(`concentrationPoints: count ${i} is ${c}; expected a number ≥ 0 (suppressed areas cannot be ranked: leave them out and say so)`);
  });
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error("concentrationPoints: the counts add up to 0; there is nothing to concentrate");
  const sorted = [...counts].sort((a, b) => b - a);
  const points: ConcentrationPoint[] = [{share_of_areas: 0, share_of_crimes: 0}];
  let cum = 0;
  sorted.forEach((c, i) => points.push({share_of_areas: (i + 1) / sorted.length, share_of_crimes: (cum += c) / total}));
  return points;
}

/** The share of crimes at a given share of areas, interpolating linearly between points. */
export function shareAt(points: readonly ConcentrationPoint[], shareOfAreas: number): number {
  let prev = points[0];
  if (!prev) throw new Error("shareAt: no points");
  for (const p of points) {
    if (p.share_of_areas >= shareOfAreas) {
      const span = p.share_of_areas - prev.share_of_areas;
      return span > 0 ? prev.share_of_crimes + ((shareOfAreas - prev.share_of_areas) / span) * (p.share_of_crimes - prev.share_of_crimes) : p.share_of_crimes;
    }
    prev = p;
  }
  return prev.share_of_crimes;
}

/**
 * The share of crimes in the top `fraction` of areas counted in whole areas: n = max(1, round(N × fraction)) areas,
 * the definition the prepare step, the findings and the page's subtitle use (never an interpolated share).
 * `points` are the curve's points in order, with or without the (0, 0) origin.
 */
export function topAreasShare(points: readonly ConcentrationPoint[], fraction: number): {areas: number; share_of_areas: number; share_of_crimes: number} {
  const curve = points[0]?.share_of_areas === 0 ? points.slice(1) : points;
  if (!curve.length) throw new Error("topAreasShare: no points");
  const areas = Math.max(1, Math.round(curve.length * fraction));
  const p = curve[areas - 1]!;
  return {areas, share_of_areas: p.share_of_areas, share_of_crimes: p.share_of_crimes};
}

export function concentrationCurve(rows: readonly ConcentrationPoint[], options: ConcentrationCurveOptions = {}): ChartElement {
  const doc = documentOf(options, "concentrationCurve");
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    for (const key of ["share_of_areas", "share_of_crimes"] as const)
      if (!(r[key] >= 0 && r[key] <= 1)) throw new Error(`concentrationCurve: row ${i} has ${key} ${r[key]}; expected a proportion from 0 to 1`);
    if (prev && (r.share_of_areas < prev.share_of_areas || r.share_of_crimes < prev.share_of_crimes))
      throw new Error(`concentrationCurve: row ${i} goes backwards; rows must be cumulative shares in order (see concentrationPoints)`);
  });
  if (rows.length < 2) throw new Error("concentrationCurve: need at least two points");
  const points = rows[0]!.share_of_areas > 0 ? [{share_of_areas: 0, share_of_crimes: 0}, ...rows] : [...rows];
  const width = chartWidth(options.width ?? 520);
  const {height = 440, areaLabel = "LSOAs", eventLabel = "crimes", marks = [0.05, 0.1]} = options;
  // Whole areas, as the subtitle and findings count them: the marker sits on a point of the curve.
  const markers = marks.map((p) => {
    const top = topAreasShare(points, p);
    const [head, tail] = [`Top ${formatPercent(p, 0)} of ${areaLabel} (${top.areas}):`, `${formatPercent(top.share_of_crimes)} of ${eventLabel}`];
    return {x: top.share_of_areas, y: top.share_of_crimes, label: `${head} ${tail}`, lines: `${head}\n${tail}`};
  });
  const description =
    options.ariaDescription ?? `${markers.map((m) => m.label).join("; ")}. If ${eventLabel} were spread evenly, each would be ${marks.map((m) => formatPercent(m, 0)).join(" and ")}.`;

  // The markers' labels run right from the markers at their heights; two close shares would write one over the other,
  // so each is moved just clear of the next (in pixels, as Plot's y scale places them). "Equal shares" is written
  // along the diagonal where no marker's label crosses it: a steep curve (one district, a short period) puts the
  // labels high, where the default place would be.
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const yPixel = (share: number): number => MARGIN.top + (1 - share) * plotHeight;
  const labelX = Math.max(...markers.map((m) => m.x));
  // A label that would run past the chart's right edge (a phone; a district whose top tenth is many LSOAs) takes two
  // lines, broken after the colon.
  const room = width - (MARGIN.left + labelX * plotWidth + 10) - 4;
  const twoLines = markers.some((m) => textWidth(m.label) > room);
  const labelAt = spreadLabels(markers.map((m) => ({at: yPixel(m.y), size: (twoLines ? 2 : 1) * (FONT_SIZE + 4)})), MARGIN.top, height - MARGIN.bottom);
  const slope = Math.atan(plotHeight / plotWidth);
  const equalReach = ((textWidth("Equal shares") / 2) * Math.sin(slope) + 12 + FONT_SIZE + (twoLines ? (FONT_SIZE + 4) / 2 : 0)) / plotHeight;
  const equalAt = [0.62, 0.8, 0.45, 0.3, 0.9].find((t) => labelAt.every((y) => Math.abs(yPixel(t) - y) / plotHeight > equalReach)) ?? 0.62;

  return Plot.plot({
    document: doc,
    width,
    height,
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Concentration curve: cumulative share of ${eventLabel} against share of ${areaLabel}, ${areaLabel} with most ${eventLabel} first`,
    ariaDescription: description,
    x: {domain: [0, 1], label: `Share of ${areaLabel}, most ${eventLabel} first →`, labelAnchor: "right", tickFormat: (v: number) => formatPercent(v, 0), grid: true},
    y: {domain: [0, 1], label: `↑ Cumulative share of ${eventLabel}`, tickFormat: (v: number) => formatPercent(v, 0), grid: true},
    marks: [
      Plot.line([[0, 0], [1, 1]], {stroke: MUTED, strokeDasharray: "5,3", ariaHidden: "true"}),
      Plot.text([[equalAt, equalAt]], {text: () => "Equal shares", rotate: -slope * (180 / Math.PI), dy: 12, fill: MUTED, ariaHidden: "true"}),
      Plot.line(points, {x: "share_of_areas", y: "share_of_crimes", stroke: PRIMARY, strokeWidth: 2, ariaHidden: "true"}),
      Plot.ruleX(markers, {x: "x", y1: 0, y2: "y", stroke: HIGHLIGHT, strokeDasharray: "2,2", ariaHidden: "true"}),
      Plot.dot(markers, {x: "x", y: "y", fill: HIGHLIGHT, stroke: "white", r: 5, symbol: "diamond", title: "label"}),
      // Labels start right of the last marker's guide line so that no guide crosses a label. The fill is named:
      // given only a stroke, Plot leaves a text unfilled, and the white halo alone is invisible.
      ...markers.map((m, i) =>
        Plot.text([m], {x: () => labelX, y: "y", text: twoLines ? "lines" : "label", textAnchor: "start", dx: 10, dy: labelAt[i]! - yPixel(m.y), fill: "currentColor", stroke: "white", strokeWidth: 4, ariaHidden: "true", render: insideChart})
      )
    ]
  });
}
