/**
 * Spine chart, as Fingertips draws its area profiles: one row per indicator, England as the centre line, a light bar
 * from the worst (or lowest) to the best (or highest) value of the comparator set with the 25th to 75th percentile
 * darker, and the area as a marker coloured and shaped by its comparison with England. Each row is scaled on its
 * own so that England sits in the middle and the farther of worst and best reaches the end of the bar; worst is
 * always on the left. Indicator, period, the area's value, England, worst and best are printed at the sides, so the
 * chart reads without the bar.
 */
import * as Plot from "@observablehq/plot";
import type {SymbolType} from "d3";
import type {Polarity} from "../stats/benchmark.js";
import {formatNumber, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, CHART_STYLE, documentOf, FONT_SIZE, MUTED, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {
  assertSignificanceFits,
  categoryLegend,
  chartWithKey,
  describeSignificance,
  MARK_STROKE,
  presentCategories,
  SIGNIFICANCE_CATEGORIES,
  SIGNIFICANCE_STYLES,
  significanceLegendItems,
  significancePhrase,
  type Significance
} from "./significance.js";

export type SpineRow = {
  indicator: string;
  period: string;
  areaValue: number | null;
  england: number | null;
  /** Worst (highest when low is good), 25th and 75th percentiles, and best of the comparator set. */
  worst: number | null;
  q25: number | null;
  q75: number | null;
  best: number | null;
  significance: Significance;
  polarity: Polarity;
  /** "per 10,000", "%"… shown after the indicator name. */
  unit: string;
  /** Label for a missing area value, e.g. "suppressed" (default: the chart's nullLabel). */
  nullLabel?: string;
  /** Decimal places for this row's values (default: the chart's digits). */
  digits?: number;
};

export type SpineChartOptions = ChartOptions & {
  /** The area: "Plymouth". */
  area?: string;
  /** The centre line: "England". */
  benchmark?: string;
  /** What the bar spans, for the note and text alternative: "upper-tier local authorities in England". */
  comparator?: string;
  digits?: number;
  nullLabel?: string;
  /** Most lines an indicator name may wrap onto before it is shortened with "…" (default 3). */
  maxLines?: number;
};

/** A spine row with its positions on the 0–1 scale; null where it cannot be drawn. */
type Placed = SpineRow & {key: string; label: string; pos: {area: number | null; q25: number | null; q75: number | null} | null};

const COLUMN = 60;
const GAP = 10;
const LINE_HEIGHT = FONT_SIZE + 3;
const RANGE_FILL = "#D9D9D9";
const IQR_FILL = "#7F7F7F";

/** A short vertical bar for the legend entry of the centre line. */
const symbolVerticalLine: SymbolType = {
  draw(context, size) {
    const h = Math.sqrt(size) * 0.7;
    context.rect(-1, -h, 2, 2 * h);
  }
};

/**
 * Position of a value on a row's 0–1 scale: England at 0.5, the farther of worst and best at 0 or 1, worst on the
 * left. With worst = best = England every value sits in the middle.
 */
export function spinePosition(value: number, england: number, worst: number, best: number): number {
  const half = Math.max(Math.abs(worst - england), Math.abs(best - england));
  if (half === 0) return 0.5;
  const direction = best >= worst ? 1 : -1;
  return 0.5 + (direction * (value - england)) / (2 * half);
}

/** Breaks text into lines of at most maxWidth pixels (estimated), at most maxLines, the last ending "…" if cut. */
export function wrapText(text: string, maxWidth: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next) <= maxWidth || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 1 && textWidth(`${last}…`) > maxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

function checkRow(r: SpineRow, i: number): void {
  const where = `spineChart: row ${i} (${r.indicator}, ${r.period})`;
  assertSignificanceFits(r.significance, r.polarity, where);
  if (!SIGNIFICANCE_CATEGORIES.includes(r.significance)) throw new Error(`${where}: unknown significance ${JSON.stringify(r.significance)}`);
  const {worst, best, q25, q75} = r;
  if (isPresent(worst) && isPresent(best)) {
    if (r.polarity === "low-is-good" && best > worst) throw new Error(`${where}: low is good, but best (${best}) is above worst (${worst}); worst must be the highest value`);
    if (r.polarity !== "low-is-good" && best < worst) throw new Error(`${where}: ${r.polarity === "high-is-good" ? "high is good" : "no polarity"}, but best/highest (${best}) is below worst/lowest (${worst})`);
    const [lo, hi] = [Math.min(worst, best), Math.max(worst, best)];
    if (isPresent(q25) && isPresent(q75) && !(lo <= Math.min(q25, q75) && Math.max(q25, q75) <= hi && q25 <= q75))
      throw new Error(`${where}: percentiles ${q25} to ${q75} must be in order and within worst and best (${lo} to ${hi})`);
  }
}

function place(r: SpineRow, i: number, labelWidth: number, maxLines: number): Placed {
  const key = `${i}`;
  // The unit follows the name unless the name already says it ("Children in care (per 10,000 under 18)").
  const name = r.unit && !r.indicator.toLowerCase().includes(r.unit.toLowerCase()) ? `${r.indicator} (${r.unit})` : r.indicator;
  const label = wrapText(name, labelWidth, maxLines).join("\n");
  const {england, worst, best} = r;
  if (!isPresent(england) || !isPresent(worst) || !isPresent(best)) return {...r, key, label, pos: null};
  const at = (v: number | null): number | null => (isPresent(v) ? spinePosition(v, england, worst, best) : null);
  return {...r, key, label, pos: {area: at(r.areaValue), q25: at(r.q25), q75: at(r.q75)}};
}

/** The spine chart; rows keep their order (group them by domain before calling). */
export function spineChart(rows: readonly SpineRow[], options: SpineChartOptions = {}): ChartElement {
  const doc = documentOf(options, "spineChart");
  if (!rows.length) throw new Error("spineChart: no rows to draw");
  assertUnique(rows, (r) => `${r.indicator} (${r.period})`, "spineChart", "indicator and period");
  rows.forEach(checkRow);
  const {area = "Area", benchmark = "England", comparator = "comparator areas", digits = 1, nullLabel = NO_DATA, maxLines = 3} = options;
  const fixed = 5 * COLUMN + 3 * GAP;
  // Below this the name column and the bar cannot both keep their minimum widths (the bar's would go negative):
  // the chart keeps this width and its figure scrolls sideways on a phone.
  const width = Math.max(options.width ?? 880, fixed + 140 + 160);
  const spineWidth = Math.max(160, Math.round(width * 0.28));
  const labelWidth = Math.max(140, width - fixed - spineWidth);
  const placed = rows.map((r, i) => place(r, i, labelWidth, maxLines));
  const lines = Math.max(1, ...placed.map((p) => p.label.split("\n").length));
  const rowHeight = Math.max(28, lines * LINE_HEIGHT + 10);
  const marginLeft = labelWidth + GAP + 4 * COLUMN + 2 * GAP;
  const marginRight = COLUMN + GAP;
  const marginTop = 2 * LINE_HEIGHT + 8;
  const height = marginTop + rows.length * rowHeight + 8;
  const fmt = (r: SpineRow, v: number | null, missing = "–"): string => formatNumber(v, r.digits ?? digits, missing);
  const drawn = placed.filter((p) => p.pos !== null);
  const withArea = drawn.filter((p) => p.pos!.area !== null);
  // Markers beyond the comparator range (an area outside its own comparator set) widen the scale rather than vanish.
  const positions = withArea.map((p) => p.pos!.area as number);
  const domain: [number, number] = [Math.min(0, ...positions), Math.max(1, ...positions)];

  const categories = presentCategories(withArea.map((p) => p.significance));
  const missing = placed.filter((p) => !isPresent(p.areaValue));
  const description =
    options.ariaDescription ??
    [
      `${rows.length} indicators for ${area} against ${benchmark}`,
      describeSignificance(placed.filter((p) => isPresent(p.areaValue)), (p) => p.significance, (p) => `${p.indicator} ${p.period}`, benchmark),
      missing.length ? `${missing.length} with no value for ${area} (${missing.map((p) => `${p.indicator} ${p.period}: ${p.nullLabel ?? nullLabel}`).join(", ")})` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";
  const tip = (p: Placed): string =>
    `${p.indicator}, ${p.period}: ${area} ${fmt(p, p.areaValue)}${p.unit === "%" ? "%" : ""}, ${significancePhrase(p.significance, benchmark)} (${fmt(p, p.england)}); ` +
    `${p.polarity === "no-judgement" ? "lowest" : "worst"} ${fmt(p, p.worst)}, 25th percentile ${fmt(p, p.q25)}, 75th percentile ${fmt(p, p.q75)}, ${p.polarity === "no-judgement" ? "highest" : "best"} ${fmt(p, p.best)}`;

  // Text columns in the left margin, placed in pixels from the frame's left edge (negative: into the margin).
  const column = (right: number): number => -marginLeft + right;
  const colPeriod = labelWidth + GAP;
  const colArea = colPeriod + COLUMN + COLUMN;
  const colEngland = colArea + COLUMN;
  const colWorst = colEngland + COLUMN + GAP;
  const header = (text: string, dx: number, anchor: "start" | "end" | "middle", frameAnchor: "top-left" | "top-right" | "top" = "top-left") =>
    Plot.text([text], {frameAnchor, dx, dy: -marginTop + 4, lineAnchor: "top", textAnchor: anchor, fontWeight: "bold", ariaHidden: "true"});
  const cellText = (dx: number, text: (p: Placed) => string, extra: Plot.TextOptions = {}) =>
    Plot.text(placed, {y: "key", text, frameAnchor: "left", dx, textAnchor: "end", ariaHidden: "true", ...extra});

  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom: 8,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Spine chart: ${rows.length} indicators for ${area} compared with ${benchmark} and the range of ${comparator}`,
    ariaDescription: description,
    x: {domain, axis: null},
    y: {domain: placed.map((p) => p.key), axis: null, padding: 0.3},
    color: {domain: [...SIGNIFICANCE_CATEGORIES], range: SIGNIFICANCE_CATEGORIES.map((c) => SIGNIFICANCE_STYLES[c].fill)},
    symbol: {domain: [...SIGNIFICANCE_CATEGORIES], range: SIGNIFICANCE_CATEGORIES.map((c) => SIGNIFICANCE_STYLES[c].symbol)},
    marks: [
      // Rules between rows, so that the eye can follow a row across.
      Plot.ruleY(placed.slice(1), {y: "key", dy: -rowHeight / 2, stroke: "#e5e5e5", x1: domain[0], x2: domain[1], insetLeft: -marginLeft, insetRight: -marginRight, ariaHidden: "true"}),
      Plot.barX(drawn, {y: "key", x1: 0, x2: 1, fill: RANGE_FILL, stroke: MUTED, strokeWidth: 0.5, ariaHidden: "true"}),
      Plot.barX(drawn.filter((p) => p.pos!.q25 !== null && p.pos!.q75 !== null), {
        y: "key",
        x1: (p: Placed) => Math.min(p.pos!.q25!, p.pos!.q75!),
        x2: (p: Placed) => Math.max(p.pos!.q25!, p.pos!.q75!),
        fill: IQR_FILL,
        ariaHidden: "true"
      }),
      Plot.tickX(drawn, {y: "key", x: 0.5, stroke: "black", strokeWidth: 2, inset: -3, ariaHidden: "true"}),
      Plot.dot(withArea, {x: (p: Placed) => p.pos!.area, y: "key", fill: "significance", symbol: "significance", stroke: MARK_STROKE, r: 6, title: tip}),
      Plot.text(placed.filter((p) => p.pos === null), {y: "key", text: () => `not drawn: ${benchmark}, worst or best missing`, frameAnchor: "middle", fontStyle: "italic", fill: MUTED, ariaHidden: "true"}),
      // Columns.
      Plot.text(placed, {y: "key", text: "label", frameAnchor: "left", dx: -marginLeft, textAnchor: "start", lineAnchor: "middle", ariaHidden: "true"}),
      cellText(column(colPeriod), (p) => p.period, {textAnchor: "start"}),
      cellText(column(colArea), (p) => (isPresent(p.areaValue) ? fmt(p, p.areaValue) : p.nullLabel ?? nullLabel), {fontWeight: "bold"}),
      cellText(column(colEngland), (p) => fmt(p, p.england, nullLabel)),
      cellText(column(colWorst), (p) => fmt(p, p.worst, nullLabel)),
      Plot.text(placed, {y: "key", text: (p: Placed) => fmt(p, p.best, nullLabel), frameAnchor: "right", dx: GAP, textAnchor: "start", ariaHidden: "true"}),
      header("Indicator", -marginLeft, "start"),
      header("Period", column(colPeriod), "start"),
      header(area, column(colArea), "end"),
      header(benchmark, column(colEngland), "end"),
      header("Worst/\nlowest", column(colWorst), "end"),
      header("Best/\nhighest", GAP, "start", "top-right"),
      header(wrapText(`Range of ${comparator}`, width - marginLeft - marginRight, 2).join("\n"), 0, "middle", "top")
    ]
  });
  const legend = categoryLegend(doc, [
    ...significanceLegendItems(categories, benchmark),
    {label: `${benchmark} (centre line)`, style: {fill: "black", ink: "white", symbol: symbolVerticalLine, shape: "line"}}
  ]);
  const caption =
    `Each bar spans ${comparator} from the worst (or lowest) value on the left to the best (or highest) on the right; the dark part is the 25th to 75th percentile. ` +
    `Rows are scaled separately with ${benchmark} in the middle. The marker is ${area}: its colour and shape give the comparison with ${benchmark}.` +
    (missing.length ? ` Rows without a marker have no value for ${area} (${[...new Set(missing.map((p) => p.nullLabel ?? nullLabel))].join(", ")}), never zero.` : "");
  return chartWithKey(doc, svg, {legend, caption});
}
