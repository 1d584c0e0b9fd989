/**
 * Several areas' values over the same periods (a force, its region, England and Wales): one line and symbol per area,
 * told apart by colour, symbol and a direct label, the first area's 95% confidence intervals as whiskers. A break in
 * series (a recording change) splits the line: the periods either side are never joined, and a dashed rule marks the
 * break. Missing values also break the line and are never drawn as zero.
 */
import * as Plot from "@observablehq/plot";
import {formatCI, formatNumber, isPresent} from "../format/number.js";
import {assertUnique, CATEGORICAL, chartWidth, CHART_STYLE, documentOf, midSentence, MUTED, SYMBOLS, textWidth, type ChartElement, type ChartOptions} from "./common.js";

export type PeriodPoint = {
  /** The area (series) the value belongs to: "Devon and Cornwall". */
  series: string;
  /** Period label: "YE Mar 2018", "Apr 2019 to Mar 2022". */
  period: string;
  value: number | null;
  lower?: number | null;
  upper?: number | null;
  /** A recording change makes this period not comparable with the one before, for this series. */
  breakBefore?: boolean;
};

export type PeriodSeriesOptions = ChartOptions & {
  /** Period order (required: labels such as "YE Dec 2018" do not sort). */
  periods: readonly string[];
  /** Series order; the first is the partnership's and carries the whiskers (default: order of appearance). */
  series?: readonly string[];
  valueLabel?: string;
  digits?: number;
  height?: number;
};

/** The line segment a point belongs to: a new one starts after each break or missing value. */
function segments(points: readonly PeriodPoint[], periods: readonly string[]): (PeriodPoint & {segment: string})[] {
  const out: (PeriodPoint & {segment: string})[] = [];
  let n = 0;
  let previousMissing = false;
  for (const period of periods) {
    const p = points.find((x) => x.period === period);
    if (!p || !isPresent(p.value)) {
      previousMissing = true;
      continue;
    }
    if (p.breakBefore || previousMissing) n++;
    previousMissing = false;
    out.push({...p, segment: `${p.series}#${n}`});
  }
  return out;
}

export function periodSeries(points: readonly PeriodPoint[], options: PeriodSeriesOptions): ChartElement {
  const doc = documentOf(options, "periodSeries");
  if (!points.length) throw new Error("periodSeries: no points to draw");
  assertUnique(points, (p) => `${p.series}|${p.period}`, "periodSeries", "series and period");
  const {periods, valueLabel = "Value", digits = 1, height = 320} = options;
  const stray = points.find((p) => !periods.includes(p.period));
  if (stray) throw new Error(`periodSeries: period ${JSON.stringify(stray.period)} of ${stray.series} is not in the periods given`);
  const names = options.series ?? [...new Set(points.map((p) => p.series))];
  const main = names[0]!;
  const drawn = names.flatMap((s) => segments(points.filter((p) => p.series === s), periods));
  const whiskers = drawn.filter((p) => p.series === main && isPresent(p.lower) && isPresent(p.upper));
  const breaks = points.filter((p) => p.breakBefore && isPresent(p.value));
  const width = chartWidth(options.width ?? 688);
  const colour = (s: string) => CATEGORICAL[names.indexOf(s) % CATEGORICAL.length]!;
  const symbol = (s: string) => SYMBOLS[names.indexOf(s) % SYMBOLS.length]!;
  // Rotate the period labels when they would not fit side by side.
  const rotate = periods.reduce((sum, x) => sum + textWidth(x) + 12, 0) > width - 80;
  const fmt = (v: number | null | undefined) => formatNumber(v, digits);
  const values = drawn.flatMap((p) => [p.value, p.lower, p.upper]).filter(isPresent);
  const lastOf = (s: string) => drawn.filter((p) => p.series === s).at(-1);
  const description =
    options.ariaDescription ??
    [
      `${valueLabel}, ${periods[0]} to ${periods.at(-1)}`,
      ...names.map((s) => {
        const l = lastOf(s);
        return l ? `${s}: ${isPresent(l.lower) && isPresent(l.upper) ? formatCI(l.value, l.lower, l.upper, digits) : fmt(l.value)} in ${l.period}` : `${s}: no values`;
      }),
      breaks.length ? `break in series before ${breaks.map((b) => `${b.period} (${b.series})`).join(", ")}: the periods either side are not compared` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";
  return Plot.plot({
    document: doc,
    width,
    height,
    marginTop: 24,
    // A label rotated 45° reaches left of its tick by about 0.7 of its length.
    marginLeft: Math.max(48, textWidth(formatNumber(Math.max(...values, 1), 0)) + 28, rotate ? Math.ceil(textWidth(periods[0]!) * 0.72) : 0),
    marginRight: 24,
    marginBottom: rotate ? Math.max(40, Math.ceil(Math.max(...periods.map((x) => textWidth(x))) * 0.72) + 16) : 40,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Line chart: ${midSentence(valueLabel)} for ${names.join(", ")}, ${periods[0]} to ${periods.at(-1)}`,
    ariaDescription: description,
    x: {type: "point", domain: [...periods], label: null, padding: 0.3, tickRotate: rotate ? -45 : 0},
    y: {zero: true, nice: true, grid: true, label: `↑ ${valueLabel}`, tickFormat: (v: number) => formatNumber(v, Number.isInteger(v) ? 0 : digits)},
    color: {domain: [...names], range: names.map(colour), legend: true, style: {fontSize: "12px"}} as Plot.ScaleOptions,
    marks: [
      Plot.ruleX(breaks, {x: "period", stroke: MUTED, strokeDasharray: "4,3", ariaHidden: "true"}),
      Plot.text(breaks, {x: "period", frameAnchor: "top", dy: -14, text: () => "break in series", fill: MUTED, fontStyle: "italic", ariaHidden: "true"}),
      Plot.ruleX(whiskers, {x: "period", y1: "lower", y2: "upper", stroke: colour(main), strokeOpacity: 0.7, ariaHidden: "true"}),
      Plot.lineY(drawn, {x: "period", y: "value", z: "segment", stroke: "series", strokeWidth: 2, ariaHidden: "true"}),
      Plot.dot(drawn, {
        x: "period",
        y: "value",
        r: 4.5,
        fill: "series",
        symbol: (p: PeriodPoint) => symbol(p.series),
        stroke: "white",
        title: (p: PeriodPoint) => `${p.series}, ${p.period}: ${isPresent(p.lower) ? formatCI(p.value, p.lower, p.upper, digits) : fmt(p.value)}${p.breakBefore ? " (after a break in series)" : ""}`
      })
    ]
  });
}
