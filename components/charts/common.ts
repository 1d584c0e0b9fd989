/**
 * Shared chart settings: colour-blind-safe palettes, the 12px minimum text size and the document to draw into.
 * Every chart takes a `document` option so that tests (and loaders) can draw with jsdom's document.
 */
import * as Plot from "@observablehq/plot";

/** Options every chart accepts. */
export type ChartOptions = {
  /** Document to create elements in; default: the browser's. Pass jsdom's `window.document` in Node. */
  document?: Document;
  /** Outer width in pixels. */
  width?: number;
  /** Short text alternative; each chart writes one from the data when not given. */
  ariaLabel?: string;
  /** Longer text alternative; each chart writes one from the data when not given. */
  ariaDescription?: string;
};

/** What Plot returns: an SVG, or a figure holding legends, the SVG and a caption. */
export type ChartElement = SVGSVGElement | HTMLElement;

/**
 * Okabe–Ito colours in an order for lines and marks on white. Yellow (#F0E442), orange (#E69F00) and sky blue (#56B4E9)
 * are left out because they fall below the 3:1 contrast that WCAG 1.4.11 asks of graphics against white.
 */
export const CATEGORICAL = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"] as const;

/** Filled symbols for series and groups, so that no series is told apart by colour alone. */
export const SYMBOLS = ["circle", "square", "triangle", "diamond", "star", "cross", "wye"] as const;

/** Main mark colour, and the distinct colour for the partnership (Okabe–Ito blue and vermilion). */
export const PRIMARY = "#0072B2";
export const HIGHLIGHT = "#D55E00";
/** Grey for rules, gaps and "no data" (4.7:1 against white). */
export const MUTED = "#737373";

/** The smallest text on any chart. */
export const FONT_SIZE = 12;
export const CHART_STYLE = {fontSize: `${FONT_SIZE}px`, overflow: "visible"} as const;

/**
 * Colour-scale options with a legend in 12px text. Plot passes scale options on to the legend, which accepts
 * `style`, but Plot's ScaleOptions type omits it: hence the cast.
 */
export function withLegend(scale: Plot.ScaleOptions): Plot.ScaleOptions {
  return {...scale, legend: true, style: {fontSize: `${FONT_SIZE}px`}} as Plot.ScaleOptions;
}

/** Lower-cases the first letter for use mid-sentence, leaving acronyms ("IMD decile", "A&E") alone. */
export function midSentence(text: string): string {
  return /^[A-Z][^A-Z&]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** Rough width of a string in pixels at 12px system-ui; used only to size margins for labels. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

/**
 * How much wider bold text is than the widths above and Plot's `lineWidth` (both measure regular text): a highlighted
 * name wrapped to Plot's measure of its margin ran 10 px past a phone chart's edge ("Reigate and Banstead").
 */
export const BOLD_WIDTH = 1.12;

/** textWidth of a label written in bold or not: what margins and wrapping are sized by. */
export const labelWidth = (text: string, bold = false): number => textWidth(text) * (bold ? BOLD_WIDTH : 1);

/**
 * An x-axis label as Plot writes it with `labelAnchor: "left"` (from the chart's left edge, on one line), where it
 * fits the chart's width; where it would run past the right edge (a phone), it is written in the same place by a text
 * mark that wraps it to the chart's width, and the bottom margin grows by its lines. Returns the scale's `label`, the
 * bottom margin, and that mark (or null).
 */
export function xAxisLabel(label: string, width: number, marginLeft: number): {axisLabel: string | null; marginBottom: number; mark: Plot.Markish | null} {
  if (textWidth(label) <= width - 8) return {axisLabel: label, marginBottom: 40, mark: null};
  const lines = Math.ceil(textWidth(label) / (width - 8));
  const mark = Plot.text([label], {text: (d: string) => d, frameAnchor: "bottom-left", textAnchor: "start", lineAnchor: "top", dx: -marginLeft + 4, dy: 26, lineWidth: (width - 8) / FONT_SIZE / 1.1, ariaHidden: "true"}); // Plot measures a little short of system fonts
  return {axisLabel: null, marginBottom: 30 + lines * (FONT_SIZE + 3), mark};
}

/** The document to draw into, or a clear error when there is none (Node without jsdom). */
export function documentOf(options: {document?: Document}, caller: string): Document {
  const doc = options.document ?? (typeof document === "undefined" ? undefined : document);
  if (!doc) throw new Error(`${caller}: no document to draw into; pass {document} (for example new JSDOM("").window.document) when not in a browser`);
  return doc;
}

/** Throws a clear error when two rows share a key that must be unique. */
export function assertUnique<T>(rows: readonly T[], key: (row: T) => string, caller: string, what: string): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const k = key(row);
    const j = seen.get(k);
    if (j !== undefined) throw new Error(`${caller}: rows ${j} and ${i} both have ${what} ${JSON.stringify(k)}; aggregate them first`);
    seen.set(k, i);
  });
}

/**
 * The width to draw at: Framework's reactive `width` is briefly 0 while a page lays out, and a chart narrower than
 * its margins would draw bars with negative widths (a console error): below MIN_CHART_WIDTH the chart scrolls instead.
 */
export const MIN_CHART_WIDTH = 280;
export function chartWidth(width: number): number {
  return Math.max(Number.isFinite(width) ? width : 0, MIN_CHART_WIDTH);
}
