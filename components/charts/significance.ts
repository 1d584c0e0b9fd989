/**
 * Fingertips comparison categories drawn the same way on every benchmarking chart: a colour-blind-safe fill, a shape
 * and a text label for each, so that no category is told by colour alone.
 *
 * Colours: Fingertips' red/amber/green is unreadable for the 1 in 12 men with red-green colour blindness, so (as its
 * own colour-blind option does) judgements use blue for Better and vermilion for Worse (Okabe–Ito), yellow for
 * Similar, and comparisons without judgement (Fingertips' BlueOrangeBlue) use dark and light purple, which differ
 * from the rest in lightness too. Marks have a black outline, so light fills still meet the 3:1 contrast WCAG 1.4.11
 * asks of graphics against white. Shapes: Better circle, Worse square, Similar diamond, Higher ▲, Lower ▼, Not
 * compared grey circle.
 */
import {symbol as d3Symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolTriangle, type SymbolType} from "d3";
import type {BenchmarkOutcome, Polarity} from "../stats/benchmark.js";
import type {FunnelSignificance} from "../stats/funnel.js";
import {FONT_SIZE, type ChartElement} from "./common.js";
import {inkFor} from "./seasonality.js";

export type Significance = BenchmarkOutcome;

/** Every category, in the order legends list them. */
export const SIGNIFICANCE_CATEGORIES: readonly Significance[] = ["Better", "Similar", "Worse", "Higher", "Lower", "Not compared"];

/** A downward triangle (d3 has only the upward one), the same size as d3's symbolTriangle. */
export const symbolTriangleDown: SymbolType = {
  draw(context, size) {
    const y = -Math.sqrt(size / (Math.sqrt(3) * 3));
    context.moveTo(0, -y * 2);
    context.lineTo(-Math.sqrt(3) * y, y);
    context.lineTo(Math.sqrt(3) * y, y);
    context.closePath();
  }
};

export type CategoryStyle = {
  fill: string;
  /** Text colour on a cell of this fill (black or white, whichever contrasts more). */
  ink: "black" | "white";
  symbol: SymbolType;
  /** Name of the shape, for text alternatives and tests. */
  shape: string;
};

function style(fill: string, symbol: SymbolType, shape: string): CategoryStyle {
  return {fill, ink: inkFor(fill), symbol, shape};
}

/** Outline of every mark and swatch: black, so that light fills stand out from white. */
export const MARK_STROKE = "#000000";

export const SIGNIFICANCE_STYLES: Readonly<Record<Significance, CategoryStyle>> = Object.freeze({
  Better: style("#0072B2", symbolCircle, "circle"),
  Similar: style("#F0E442", symbolDiamond, "diamond"),
  Worse: style("#D55E00", symbolSquare, "square"),
  Higher: style("#5E3C99", symbolTriangle, "triangle up"),
  Lower: style("#B2ABD2", symbolTriangleDown, "triangle down"),
  "Not compared": style("#F0F0F0", symbolCircle, "grey circle")
});

/** Reads Fingertips' wording ("Better", "worse", "Not compared", "" …) as a category; throws on anything else. */
export function parseSignificance(text: string | null | undefined, where = "significance"): Significance {
  const t = (text ?? "").trim().toLowerCase();
  if (t === "" || t === "not compared" || t === "not applicable") return "Not compared";
  const found = SIGNIFICANCE_CATEGORIES.find((c) => c.toLowerCase() === t);
  if (!found) throw new Error(`${where}: unknown significance ${JSON.stringify(text)}; expected one of ${SIGNIFICANCE_CATEGORIES.join(", ")}`);
  return found;
}

/** Throws when a judgement does not fit the polarity: Better/Worse need one, Higher/Lower need none. */
export function assertSignificanceFits(significance: Significance, polarity: Polarity, where: string): void {
  const judged = significance === "Better" || significance === "Worse";
  const unjudged = significance === "Higher" || significance === "Lower";
  if (judged && polarity === "no-judgement") throw new Error(`${where}: significance "${significance}" needs a polarity, but the polarity is "no-judgement"; use Higher/Lower, or give the polarity`);
  if (unjudged && polarity !== "no-judgement") throw new Error(`${where}: significance "${significance}" is for indicators without polarity, but the polarity is "${polarity}"; use Better/Worse`);
}

/** "Better than England", "Similar to England", "Not compared with England". */
export function significanceText(significance: Significance, benchmark = "England"): string {
  switch (significance) {
    case "Similar":
      return `Similar to ${benchmark}`;
    case "Not compared":
      return `Not compared with ${benchmark}`;
    default:
      return `${significance} than ${benchmark}`;
  }
}

/** The same mid-sentence: "worse than England" (only the first letter lowered, so names keep their capitals). */
export function significancePhrase(significance: Significance, benchmark = "England"): string {
  return significanceText(significance, benchmark).replace(/^\w/, (c) => c.toLowerCase());
}

/** Categories present in the data, in legend order. */
export function presentCategories(values: Iterable<Significance>): Significance[] {
  const seen = new Set(values);
  return SIGNIFICANCE_CATEGORIES.filter((c) => seen.has(c));
}

/** "3 worse than England (A, B, C); 1 similar …": one clause per category present, for text alternatives. */
export function describeSignificance<T>(rows: readonly T[], significanceOf: (row: T) => Significance, nameOf: (row: T) => string, benchmark = "England"): string {
  return presentCategories(rows.map(significanceOf))
    .map((c) => {
      const names = rows.filter((r) => significanceOf(r) === c).map(nameOf);
      return `${names.length} ${significancePhrase(c, benchmark)} (${names.join(", ")})`;
    })
    .join("; ");
}

// ---------------------------------------------------------------------------------------------------------------
// Funnel plots: PHEindicatormethods' significance against the funnel, without judgement.

export const FUNNEL_CATEGORIES: readonly FunnelSignificance[] = [
  "High (0.001)",
  "High (0.025)",
  "Not significant",
  "Low (0.025)",
  "Low (0.001)",
  "Not applicable for events less than 10 for dsrs"
];

export const FUNNEL_STYLES: Readonly<Record<FunnelSignificance, CategoryStyle & {label: string}>> = Object.freeze({
  "High (0.001)": {...style("#5E3C99", symbolTriangle, "triangle up"), label: "Above the 99.8% limit"},
  "High (0.025)": {...style("#B2ABD2", symbolTriangle, "triangle up"), label: "Above the 95% limit"},
  "Not significant": {...style("#FFFFFF", symbolCircle, "white circle"), label: "Within the 95% limits"},
  "Low (0.025)": {...style("#FDB863", symbolTriangleDown, "triangle down"), label: "Below the 95% limit"},
  "Low (0.001)": {...style("#E66101", symbolTriangleDown, "triangle down"), label: "Below the 99.8% limit"},
  "Not applicable for events less than 10 for dsrs": {...style("#F0F0F0", symbolCross, "cross"), label: "Not assessed (fewer than 10 events)"}
});

// ---------------------------------------------------------------------------------------------------------------
// Legends and the figure that holds legend, chart and note.

export type LegendItem = {label: string; style: CategoryStyle};

/** Legend items for the significance categories present, worded against the benchmark. */
export function significanceLegendItems(categories: readonly Significance[], benchmark = "England"): LegendItem[] {
  return categories.map((c) => ({label: significanceText(c, benchmark), style: SIGNIFICANCE_STYLES[c]}));
}

/** An HTML legend: each item a small outlined shape in its colour, then its label in 12px text. */
export function categoryLegend(doc: Document, items: readonly LegendItem[], className = "sna-legend"): HTMLDivElement {
  const div = doc.createElement("div");
  div.setAttribute("class", className);
  div.setAttribute("style", `display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: ${FONT_SIZE}px; margin-bottom: 4px;`);
  for (const item of items) {
    const span = doc.createElement("span");
    span.setAttribute("class", `${className}__item`);
    span.setAttribute("style", "display: inline-flex; align-items: center; gap: 4px;");
    const svg = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
    for (const [k, v] of Object.entries({width: "14", height: "14", viewBox: "-7 -7 14 14", "aria-hidden": "true"})) svg.setAttribute(k, v);
    const path = doc.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", d3Symbol(item.style.symbol, 80)() ?? "");
    path.setAttribute("fill", item.style.fill);
    path.setAttribute("stroke", MARK_STROKE);
    svg.append(path);
    span.append(svg, doc.createTextNode(item.label));
    div.append(span);
  }
  return div;
}

/**
 * Wraps a chart with its legend above and an optional note below, as Plot does for its own legends and captions
 * (the text alternatives stay on the chart's SVG, as with Plot's own figures).
 */
export function chartWithKey(doc: Document, chart: ChartElement, parts: {legend?: HTMLElement; caption?: string}): HTMLElement {
  const figure = doc.createElement("figure");
  figure.setAttribute("class", "sna-chart");
  figure.setAttribute("style", "margin: 0; max-width: 100%;");
  if (parts.legend) figure.append(parts.legend);
  figure.append(chart);
  if (parts.caption) {
    const caption = doc.createElement("figcaption");
    caption.setAttribute("style", `font-size: ${FONT_SIZE}px;`);
    caption.textContent = parts.caption;
    figure.append(caption);
  }
  return figure;
}
