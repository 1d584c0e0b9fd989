/**
 * Funnel plot, as PHE/OHID draw them (Spiegelhalter 2005): each area's rate against its population, the overall rate
 * as a horizontal line, and control limits at 95% ("2 SD", dashed) and 99.8% ("3 SD", solid) that narrow as the
 * population grows. The limits come from components/stats (rateFunnelLimits or proportionFunnelLimits) and so does
 * each point's significance (rateFunnelSignificance, unless the rows carry their own). Points are shaped and coloured
 * by significance (▲ above, ▼ below, white circle within); the partnership is drawn larger and named, and the areas
 * farthest outside the 99.8% limits are named too (the table twin lists every area).
 */
import * as Plot from "@observablehq/plot";
import {rateFunnelSignificance, type FunnelSignificance, type ProportionFunnelPoint, type RateFunnelPoint} from "../stats/funnel.js";
import {formatCount, formatNumber, isPresent} from "../format/number.js";
import {assertUnique, CHART_STYLE, documentOf, HIGHLIGHT, midSentence, MUTED, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {categoryLegend, chartWithKey, FUNNEL_CATEGORIES, FUNNEL_STYLES, MARK_STROKE} from "./significance.js";

export type FunnelRow = {
  area: string;
  /** Events (numerator). */
  count: number;
  /** Population (denominator, per year when the limits are per year). */
  population: number;
  /** Rate per `multiplier`; null when not published (such areas are listed, not plotted). */
  rate: number | null;
  highlight?: boolean;
  /** Significance against the funnel; computed with rateFunnelSignificance when absent. */
  significance?: FunnelSignificance;
};

export type FunnelPlotOptions = ChartOptions & {
  /** Rates are per this many people: 1000 for "per 1,000". */
  multiplier: number;
  /** For the significance computed here (default "crude"). */
  rateType?: "crude" | "dsr";
  height?: number;
  /** Y-axis label and text alternative: "Violent crimes per 1,000 residents". */
  valueLabel?: string;
  /** X-axis label: "Residents (Census 2021)". */
  populationLabel?: string;
  /** What the baseline is: "England average". */
  baselineLabel?: string;
  digits?: number;
  /** Most outliers (beyond 99.8%) to name, farthest from the baseline first (default 6). */
  labelLimit?: number;
};

/** One point of a limit line: "99.8% upper" etc. */
export type FunnelLinePoint = {line: "99.8% upper" | "95% upper" | "95% lower" | "99.8% lower"; population: number; value: number};

const LINES = ["99.8% upper", "95% upper", "95% lower", "99.8% lower"] as const;

function isRateLimits(limits: readonly (RateFunnelPoint | ProportionFunnelPoint)[]): limits is readonly RateFunnelPoint[] {
  return limits.length > 0 && "events" in limits[0]!;
}

/** The four limit lines as points (population, value), from either kind of limits the stats module returns. */
export function funnelLines(limits: readonly RateFunnelPoint[] | readonly ProportionFunnelPoint[]): {lines: FunnelLinePoint[]; baseline: number} {
  if (!limits.length) throw new Error("funnelPlot: no funnel limits; compute them with rateFunnelLimits or proportionFunnelLimits from components/stats");
  const lines: FunnelLinePoint[] = [];
  if (isRateLimits(limits)) {
    for (const p of limits) {
      lines.push({line: "99.8% upper", population: p.upper998Population, value: p.upper998});
      lines.push({line: "95% upper", population: p.upper95Population, value: p.upper95});
      lines.push({line: "95% lower", population: p.lower95Population, value: p.lower95});
      lines.push({line: "99.8% lower", population: p.lower998Population, value: p.lower998});
    }
  } else {
    for (const p of limits as readonly ProportionFunnelPoint[]) {
      lines.push({line: "99.8% upper", population: p.population, value: p.upper998});
      lines.push({line: "95% upper", population: p.population, value: p.upper95});
      lines.push({line: "95% lower", population: p.population, value: p.lower95});
      lines.push({line: "99.8% lower", population: p.population, value: p.lower998});
    }
  }
  lines.sort((a, b) => LINES.indexOf(a.line) - LINES.indexOf(b.line) || a.population - b.population);
  return {lines: lines.filter((l) => Number.isFinite(l.population) && Number.isFinite(l.value)), baseline: limits[0]!.baseline};
}

type Point = FunnelRow & {rate: number; significance: FunnelSignificance};

/** The funnel plot; `limits` from rateFunnelLimits (or proportionFunnelLimits) over the same rows. */
export function funnelPlot(rows: readonly FunnelRow[], limits: readonly RateFunnelPoint[] | readonly ProportionFunnelPoint[], options: FunnelPlotOptions): ChartElement {
  const doc = documentOf(options, "funnelPlot");
  if (!rows.length) throw new Error("funnelPlot: no rows to draw");
  assertUnique(rows, (r) => r.area, "funnelPlot", "area");
  rows.forEach((r, i) => {
    if (!(r.population > 0)) throw new Error(`funnelPlot: row ${i} (${r.area}) has population ${r.population}; every area needs a positive population`);
    if (!(Number.isInteger(r.count) && r.count >= 0)) throw new Error(`funnelPlot: row ${i} (${r.area}) has count ${r.count}; expected a whole number of events`);
  });
  const {multiplier, rateType = "crude", width = 688, height = 420, valueLabel = `Rate per ${formatCount(multiplier)}`, populationLabel = "Population", baselineLabel = "Overall rate", digits = 1, labelLimit = 6} = options;
  const {lines, baseline} = funnelLines(limits);
  const published = rows.filter((r): r is FunnelRow & {rate: number} => isPresent(r.rate));
  const computed = published.some((r) => r.significance === undefined)
    ? rateFunnelSignificance(published.map((r) => ({count: r.count, rate: r.rate, denominator: r.population})), {rateType, multiplier})
    : [];
  const points: Point[] = published.map((r, i) => ({...r, significance: r.significance ?? computed[i]!}));
  const unpublished = rows.filter((r) => !isPresent(r.rate));

  const fmt = (v: number): string => formatNumber(v, digits);
  const outliers = points
    .filter((p) => p.significance === "High (0.001)" || p.significance === "Low (0.001)")
    .sort((a, b) => Math.abs(Math.log(b.rate / baseline)) - Math.abs(Math.log(a.rate / baseline)) || a.area.localeCompare(b.area, "en-GB"));
  const named = [...points.filter((p) => p.highlight), ...outliers.filter((p) => !p.highlight).slice(0, labelLimit)];
  const maxPopulation = Math.max(...points.map((p) => p.population));
  const maxRate = Math.max(baseline, ...points.map((p) => p.rate));
  const minRate = Math.min(baseline, ...points.map((p) => p.rate));
  const yDomain: [number, number] = [Math.min(0, minRate), maxRate * 1.08];
  const count = (s: FunnelSignificance): number => points.filter((p) => p.significance === s).length;
  const tip = (p: Point): string => `${p.area}: ${fmt(p.rate)} (${formatCount(p.count)} in ${formatCount(p.population)}), ${FUNNEL_STYLES[p.significance].label.toLowerCase()}`;
  const description =
    options.ariaDescription ??
    [
      `${valueLabel} against ${midSentence(populationLabel)} for ${points.length} areas; ${baselineLabel}: ${fmt(baseline)}`,
      FUNNEL_CATEGORIES.filter((c) => count(c)).map((c) => `${count(c)} ${FUNNEL_STYLES[c].label.toLowerCase()}`).join(", "),
      ...points.filter((p) => p.highlight).map((p) => `${p.area}: ${fmt(p.rate)}, ${FUNNEL_STYLES[p.significance].label.toLowerCase()}`),
      outliers.length ? `farthest outside the 99.8% limits: ${outliers.slice(0, labelLimit).map((p) => `${p.area} (${fmt(p.rate)})`).join(", ")}` : "",
      unpublished.length ? `${unpublished.length} ${unpublished.length === 1 ? "area" : "areas"} without a published rate (${unpublished.map((r) => r.area).join(", ")})` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  const marginRight = textWidth(fmt(baseline)) + 16;
  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft: Math.max(48, textWidth(fmt(yDomain[1])) + 28),
    marginRight,
    marginBottom: 40,
    marginTop: 24,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Funnel plot: ${midSentence(valueLabel)} against ${midSentence(populationLabel)} for ${points.length} areas, with 95% and 99.8% control limits`,
    ariaDescription: description,
    x: {domain: [0, maxPopulation * 1.02], label: `${populationLabel} →`, grid: true, tickFormat: (v: number) => formatCount(v)},
    y: {domain: yDomain, nice: true, label: `↑ ${valueLabel}`, grid: true, tickFormat: (v: number) => formatNumber(v, 0)},
    marks: [
      Plot.line(lines.filter((l) => l.line.startsWith("95%")), {x: "population", y: "value", z: "line", stroke: "black", strokeDasharray: "5,3", clip: true, ariaHidden: "true"}),
      Plot.line(lines.filter((l) => l.line.startsWith("99.8%")), {x: "population", y: "value", z: "line", stroke: "black", strokeWidth: 1.5, clip: true, ariaHidden: "true"}),
      Plot.ruleY([baseline], {stroke: MUTED, strokeWidth: 2, ariaHidden: "true"}),
      Plot.text([baseline], {y: (b: number) => b, frameAnchor: "right", textAnchor: "start", dx: 6, text: () => fmt(baseline), ariaHidden: "true"}),
      Plot.dot(points.filter((p) => !p.highlight), {x: "population", y: "rate", r: 4, symbol: (p: Point) => FUNNEL_STYLES[p.significance].symbol, fill: (p: Point) => FUNNEL_STYLES[p.significance].fill, stroke: MARK_STROKE, strokeWidth: 0.75, title: tip}),
      Plot.dot(points.filter((p) => p.highlight), {x: "population", y: "rate", r: 8, symbol: (p: Point) => FUNNEL_STYLES[p.significance].symbol, fill: (p: Point) => FUNNEL_STYLES[p.significance].fill, stroke: HIGHLIGHT, strokeWidth: 3, title: tip}),
      Plot.text(named.filter((p) => !p.highlight), {x: "population", y: "rate", text: "area", textAnchor: "start", dx: 7, ariaHidden: "true"}),
      Plot.text(named.filter((p) => p.highlight), {x: "population", y: "rate", text: (p: Point) => `${p.area}: ${fmt(p.rate)}`, textAnchor: "start", dx: 11, fontWeight: "bold", ariaHidden: "true"})
    ]
  });
  const legend = categoryLegend(doc, FUNNEL_CATEGORIES.filter((c) => count(c)).map((c) => ({label: FUNNEL_STYLES[c].label, style: FUNNEL_STYLES[c]})));
  const caption =
    `Dashed lines are 95% control limits (2 SD), solid lines 99.8% (3 SD), around the overall rate (${baselineLabel}, ${fmt(baseline)}: grey line, value at the right). ` +
    `Shape and colour give each area's position against the limits.` +
    (points.some((p) => p.highlight) ? ` ${points.filter((p) => p.highlight).map((p) => p.area).join(", ")} is drawn larger with an orange outline.` : "") +
    (named.length > points.filter((p) => p.highlight).length ? ` Named: the ${named.length - points.filter((p) => p.highlight).length} areas farthest outside the 99.8% limits.` : "") +
    (unpublished.length ? ` Not plotted (no published rate, never zero): ${unpublished.map((r) => r.area).join(", ")}.` : "");
  return chartWithKey(doc, svg, {legend, caption});
}
