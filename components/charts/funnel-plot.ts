/**
 * Funnel plot, as PHE/OHID draw them (Spiegelhalter 2005): each area's rate against its population, the overall rate
 * as a horizontal line, and control limits at 95% ("2 SD", dashed) and 99.8% ("3 SD", solid) that narrow as the
 * population grows. The limits come from components/stats (rateFunnelLimits or proportionFunnelLimits) and so does
 * each point's significance (rateFunnelSignificance, unless the rows carry their own). Points are shaped and coloured
 * by significance (▲ above, ▼ below, white circle within); the partnership is drawn larger and named, and the areas
 * farthest outside the 99.8% limits are named too (the table twin lists every area). The limits may be Poisson
 * (rateFunnelLimits) or adjusted for over-dispersion (dispersionFunnelLimits), with `limitsLabel` saying which.
 *
 * The y axis stops at 1.25 × the 99th percentile of the rates: areas above are drawn on the top edge above an arrow,
 * named with their value and listed in the caption. Labels are placed without overlap (placeLabels), with a
 * leader line when moved from their point; any left without room are counted in the caption.
 */
import * as Plot from "@observablehq/plot";
import {precisionFixed, scaleLinear, tickStep} from "d3";
import {rateFunnelSignificance, type FunnelSignificance, type ProportionFunnelPoint, type RateFunnelPoint} from "../stats/funnel.js";
import {quantileType7, type DispersionFunnelPoint} from "../stats/overdispersion.js";
import {formatCount, formatNumber, isPresent} from "../format/number.js";
import {assertUnique, chartWidth, CHART_STYLE, documentOf, HIGHLIGHT, midSentence, MUTED, textWidth, type ChartElement, type ChartOptions} from "./common.js";
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
  /** Which limits are drawn, mid-sentence: "Poisson" (default) or "adjusted for over-dispersion (…)". */
  limitsLabel?: string;
};

/** One point of a limit line: "99.8% upper" etc. */
export type FunnelLinePoint = {line: "99.8% upper" | "95% upper" | "95% lower" | "99.8% lower"; population: number; value: number};

const LINES = ["99.8% upper", "95% upper", "95% lower", "99.8% lower"] as const;

/** Limits given by population: proportions, or rates adjusted for over-dispersion. */
export type FunnelLimitPoint = ProportionFunnelPoint | DispersionFunnelPoint;

function isRateLimits(limits: readonly (RateFunnelPoint | FunnelLimitPoint)[]): limits is readonly RateFunnelPoint[] {
  return limits.length > 0 && "events" in limits[0]!;
}

/** The four limit lines as points (population, value), from either kind of limits the stats module returns. */
export function funnelLines(limits: readonly RateFunnelPoint[] | readonly FunnelLimitPoint[]): {lines: FunnelLinePoint[]; baseline: number} {
  if (!limits.length) throw new Error("funnelPlot: no funnel limits; compute them with rateFunnelLimits, dispersionFunnelLimits or proportionFunnelLimits from components/stats");
  const lines: FunnelLinePoint[] = [];
  if (isRateLimits(limits)) {
    for (const p of limits) {
      lines.push({line: "99.8% upper", population: p.upper998Population, value: p.upper998});
      lines.push({line: "95% upper", population: p.upper95Population, value: p.upper95});
      lines.push({line: "95% lower", population: p.lower95Population, value: p.lower95});
      lines.push({line: "99.8% lower", population: p.lower998Population, value: p.lower998});
    }
  } else {
    for (const p of limits as readonly FunnelLimitPoint[]) {
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

/** A label placed in pixels: its text, where it starts, and whether it needed a leader line to its point. */
export type PlacedLabel = {text: string; bold: boolean; x: number; y: number; anchor: "start" | "end"; px: number; py: number; leader: boolean};

/** Height of one label line, in pixels. */
const LINE = 15;

/**
 * Places labels without overlap (a greedy search, in priority order): each label tries beside its point, right then
 * left, then one line further up or down at a time (up to `maxShift` lines), staying inside the plotting area and
 * clear of every label placed before it and of the highlighted points. A displaced label gets a leader line; a label
 * with no room is left out (its area is in the table behind the chart).
 */
export function placeLabels(
  items: readonly {text: string; bold: boolean; px: number; py: number; r: number}[],
  frame: {left: number; right: number; top: number; bottom: number},
  obstacles: readonly {px: number; py: number; r: number}[] = [],
  maxShift = 14
): PlacedLabel[] {
  type Box = {x0: number; x1: number; y0: number; y1: number};
  const boxes: Box[] = obstacles.map((o) => ({x0: o.px - o.r, x1: o.px + o.r, y0: o.py - o.r, y1: o.py + o.r}));
  const overlaps = (b: Box): boolean => boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  const placed: PlacedLabel[] = [];
  const shifts = [0, ...Array.from({length: maxShift}, (_, i) => [-(i + 1), i + 1]).flat()];
  for (const item of items) {
    const w = Math.ceil(textWidth(item.text) * (item.bold ? 1.08 : 1));
    const gap = item.r + 4;
    let done = false;
    for (const k of shifts) {
      const y = item.py + k * LINE;
      for (const anchor of ["start", "end"] as const) {
        const x = anchor === "start" ? item.px + gap : item.px - gap;
        const box = {x0: anchor === "start" ? x : x - w, x1: anchor === "start" ? x + w : x, y0: y - LINE / 2, y1: y + LINE / 2};
        if (box.x0 < frame.left || box.x1 > frame.right || box.y0 < frame.top - 4 || box.y1 > frame.bottom) continue;
        if (overlaps(box)) continue;
        boxes.push(box);
        placed.push({text: item.text, bold: item.bold, x, y, anchor, px: item.px, py: item.py, leader: k !== 0});
        done = true;
        break;
      }
      if (done) break;
    }
  }
  return placed;
}

/**
 * Top of the y axis: 1.25 × the 99th percentile of the rates (R's type 7; never below 1.5 × the baseline), or 8%
 * above the highest rate when that is lower, so that one extreme area (the City of London's residents are few, its
 * visitors many) does not flatten the rest.
 */
export function funnelYTop(rates: readonly number[], baseline: number): number {
  const max = Math.max(baseline, ...rates);
  if (!rates.length) return max * 1.08;
  const cap = Math.max(baseline * 1.5, 1.25 * quantileType7(rates, 0.99));
  return Math.min(max * 1.08, cap);
}

/** The funnel plot; `limits` from rateFunnelLimits, dispersionFunnelLimits (or proportionFunnelLimits) over the same rows. */
export function funnelPlot(rows: readonly FunnelRow[], limits: readonly RateFunnelPoint[] | readonly FunnelLimitPoint[], options: FunnelPlotOptions): ChartElement {
  const doc = documentOf(options, "funnelPlot");
  if (!rows.length) throw new Error("funnelPlot: no rows to draw");
  assertUnique(rows, (r) => r.area, "funnelPlot", "area");
  rows.forEach((r, i) => {
    if (!(r.population > 0)) throw new Error(`funnelPlot: row ${i} (${r.area}) has population ${r.population}; every area needs a positive population`);
    if (!(Number.isInteger(r.count) && r.count >= 0)) throw new Error(`funnelPlot: row ${i} (${r.area}) has count ${r.count}; expected a whole number of events`);
  });
  const width = chartWidth(options.width ?? 688);
  const {multiplier, rateType = "crude", height = 420, valueLabel = `Rate per ${formatCount(multiplier)}`, populationLabel = "Population", baselineLabel = "Overall rate", digits = 1, labelLimit = 6, limitsLabel = "Poisson"} = options;
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
  const highlighted = points.filter((p) => p.highlight);

  // Axes: the y axis stops short of extreme areas, which are drawn at its top edge and listed under the chart.
  const maxPopulation = Math.max(...points.map((p) => p.population));
  const minRate = Math.min(baseline, ...points.map((p) => p.rate));
  const x = scaleLinear().domain([0, maxPopulation * 1.02]);
  const y = scaleLinear().domain([Math.min(0, minRate), funnelYTop(points.map((p) => p.rate), baseline)]).nice();
  // As many decimals as the tick step needs: rates below 4 per 1,000 step by 0.5 and read "1, 1, 2, 2" at none.
  const yTicks = Math.max(2, Math.round(height / 50));
  const [y0, y1] = y.domain() as [number, number];
  const yDigits = precisionFixed(tickStep(y0, y1, yTicks));
  const yTop = y.domain()[1]!;
  const clipped = points.filter((p) => p.rate > yTop).sort((a, b) => b.rate - a.rate);
  const shown = (p: Point): number => Math.min(p.rate, yTop);
  const marginLeft = Math.max(48, textWidth(fmt(yTop)) + 28);
  const marginRight = textWidth(fmt(baseline)) + 16;
  const [marginTop, marginBottom] = [24, 40];
  x.range([marginLeft, width - marginRight]);
  y.range([height - marginBottom, marginTop]);

  // Labels: the partnership's areas, then areas off the scale, then the areas farthest outside the 99.8% limits.
  const oneHighlight = highlighted.length === 1;
  const candidates = [...highlighted, ...clipped.filter((p) => !p.highlight), ...outliers.filter((p) => !p.highlight && p.rate <= yTop).slice(0, labelLimit)];
  const labels = placeLabels(
    candidates.map((p) => ({
      text: p.rate > yTop ? `${p.area}: ${fmt(p.rate)} ↑` : p.highlight && oneHighlight ? `${p.area}: ${fmt(p.rate)}` : p.area,
      bold: p.highlight === true,
      px: x(p.population),
      py: y(shown(p)),
      r: p.highlight ? 8 : 4
    })),
    {left: marginLeft, right: width - marginRight, top: marginTop, bottom: height - marginBottom},
    highlighted.map((p) => ({px: x(p.population), py: y(shown(p)), r: 9}))
  );
  const named = labels.length - labels.filter((l) => l.bold).length;
  const at = (l: PlacedLabel): {x: number; y: number; x1: number; y1: number; x2: number; y2: number; text: string} => ({
    x: x.invert(l.x),
    y: y.invert(l.y),
    x1: x.invert(l.px),
    y1: y.invert(l.py),
    x2: x.invert(l.anchor === "start" ? l.x - 1 : l.x + 1),
    y2: y.invert(l.y),
    text: l.text
  });

  const count = (s: FunnelSignificance): number => points.filter((p) => p.significance === s).length;
  const tip = (p: Point): string => `${p.area}: ${fmt(p.rate)} (${formatCount(p.count)} in ${formatCount(p.population)}), ${FUNNEL_STYLES[p.significance].label.toLowerCase()}`;
  const offScale = clipped.map((p) => `${p.area} ${fmt(p.rate)} (${formatCount(p.count)} in ${formatCount(p.population)})`).join(", ");
  const description =
    options.ariaDescription ??
    [
      `${valueLabel} against ${midSentence(populationLabel)} for ${points.length} areas; ${baselineLabel}: ${fmt(baseline)}; ${limitsLabel} control limits`,
      FUNNEL_CATEGORIES.filter((c) => count(c)).map((c) => `${count(c)} ${FUNNEL_STYLES[c].label.toLowerCase()}`).join(", "),
      ...highlighted.map((p) => `${p.area}: ${fmt(p.rate)}, ${FUNNEL_STYLES[p.significance].label.toLowerCase()}`),
      outliers.length ? `farthest outside the 99.8% limits: ${outliers.slice(0, labelLimit).map((p) => `${p.area} (${fmt(p.rate)})`).join(", ")}` : "",
      clipped.length ? `off the scale, drawn at the top edge: ${offScale}` : "",
      unpublished.length ? `${unpublished.length} ${unpublished.length === 1 ? "area" : "areas"} without a published rate (${unpublished.map((r) => r.area).join(", ")})` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  const dotOptions = (r: number, stroke: string, strokeWidth: number) => ({
    x: "population",
    y: shown,
    r,
    symbol: (p: Point) => FUNNEL_STYLES[p.significance].symbol,
    fill: (p: Point) => FUNNEL_STYLES[p.significance].fill,
    stroke,
    strokeWidth,
    title: tip
  });
  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginBottom,
    marginTop,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Funnel plot: ${midSentence(valueLabel)} against ${midSentence(populationLabel)} for ${points.length} areas, with 95% and 99.8% control limits (${limitsLabel})`,
    ariaDescription: description,
    // As many ticks as their widest label leaves room for ("1,100,000" beside "1,000,000" would touch).
    x: {domain: x.domain(), label: `${populationLabel} →`, grid: true, ticks: Math.max(2, Math.floor((width - 80) / (textWidth(formatCount(x.domain()[1] ?? 0)) + 24))), tickFormat: (v: number) => formatCount(v)},
    y: {domain: y.domain(), label: `↑ ${valueLabel}`, grid: true, ticks: yTicks, tickFormat: (v: number) => formatNumber(v, yDigits)},
    marks: [
      Plot.line(lines.filter((l) => l.line.startsWith("95%")), {x: "population", y: "value", z: "line", stroke: "black", strokeDasharray: "5,3", clip: true, ariaHidden: "true"}),
      Plot.line(lines.filter((l) => l.line.startsWith("99.8%")), {x: "population", y: "value", z: "line", stroke: "black", strokeWidth: 1.5, clip: true, ariaHidden: "true"}),
      Plot.ruleY([baseline], {stroke: MUTED, strokeWidth: 2, ariaHidden: "true"}),
      Plot.text([baseline], {y: (b: number) => b, frameAnchor: "right", textAnchor: "start", dx: 6, text: () => fmt(baseline), ariaHidden: "true"}),
      // Off-scale areas: an arrow pointing up to their marker on the top edge (kept inside the frame, clear of the axis label).
      Plot.arrow(clipped, {x1: "population", x2: "population", y1: () => y.invert(marginTop + 22), y2: () => yTop, insetEnd: 6, headLength: 6, stroke: "black", strokeWidth: 1.5, ariaHidden: "true"}),
      Plot.dot(points.filter((p) => !p.highlight), dotOptions(4, MARK_STROKE, 0.75)),
      Plot.dot(highlighted, dotOptions(8, HIGHLIGHT, 3)),
      Plot.link(labels.filter((l) => l.leader).map(at), {x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: MUTED, strokeWidth: 1, ariaHidden: "true"}),
      ...[false, true].flatMap((bold) =>
        (["start", "end"] as const).map((anchor) =>
          Plot.text(labels.filter((l) => l.bold === bold && l.anchor === anchor).map(at), {
            x: "x",
            y: "y",
            text: "text",
            textAnchor: anchor,
            fontWeight: bold ? "bold" : "normal",
            stroke: "white",
            strokeWidth: 3,
            fill: "black",
            ariaHidden: "true"
          })
        )
      )
    ]
  });
  const legend = categoryLegend(doc, FUNNEL_CATEGORIES.filter((c) => count(c)).map((c) => ({label: FUNNEL_STYLES[c].label, style: FUNNEL_STYLES[c]})));
  const caption =
    `Dashed lines are 95% control limits (2 SD), solid lines 99.8% (3 SD), ${limitsLabel}, around the overall rate (${baselineLabel}, ${fmt(baseline)}: grey line, value at the right). ` +
    `Shape and colour give each area's position against the limits.` +
    (highlighted.length ? ` ${highlighted.map((p) => p.area).join(", ")} ${highlighted.length === 1 ? "is" : "are"} drawn larger with an orange outline.` : "") +
    (named ? ` Also named: areas off the scale and up to ${labelLimit} of the areas farthest outside the 99.8% limits.` : "") +
    (labels.length < candidates.length ? ` Not named for lack of room: ${candidates.length - labels.length} (see the table).` : "") +
    (clipped.length ? ` Off the scale, drawn on the top edge above an arrow: ${offScale}.` : "") +
    (unpublished.length ? ` Not plotted (no published rate, never zero): ${unpublished.map((r) => r.area).join(", ")}.` : "");
  return chartWithKey(doc, svg, {legend, caption});
}
