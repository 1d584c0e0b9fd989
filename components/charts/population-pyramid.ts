/**
 * Population pyramid: the area's share of people in each age band, males to the left and females to the right
 * (named above each side, so sex is told by position and text, not by colour), with a comparison population
 * (England) as a black step outline over the bars. Shares are of the whole population, so the two sides add to 100%.
 * A missing share leaves its bar out and is labelled, never drawn as zero.
 */
import * as Plot from "@observablehq/plot";
import {formatPercent, isPresent, NO_DATA} from "../format/number.js";
import {assertUnique, chartWidth, CATEGORICAL, CHART_STYLE, documentOf, MUTED, type ChartElement, type ChartOptions} from "./common.js";
import {categoryLegend, chartWithKey, SIGNIFICANCE_STYLES} from "./significance.js";

export type Sex = "Female" | "Male";
export type PyramidRow = {age: string | number; sex: Sex; share: number | null; nullLabel?: string};

export type PopulationPyramidOptions = ChartOptions & {
  height?: number;
  /** The area: "Plymouth". */
  area?: string;
  /** Comparison population drawn as an outline: {label: "England", rows}. */
  comparison?: {label: string; rows: readonly PyramidRow[]};
  /** Age bands from youngest to oldest; default: numbers ascending, or labels in order of appearance. */
  ages?: readonly (string | number)[];
  nullLabel?: string;
};

const SEXES: readonly Sex[] = ["Male", "Female"];
const FILL: Record<Sex, string> = {Male: CATEGORICAL[0], Female: CATEGORICAL[2]};

type Bar = {age: string; index: number; sex: Sex; share: number | null; signed: number; label: string};

function check(rows: readonly PyramidRow[], who: string): void {
  assertUnique(rows, (r) => `${r.sex} ${r.age}`, `populationPyramid: ${who}`, "sex and age");
  rows.forEach((r, i) => {
    if (!SEXES.includes(r.sex)) throw new Error(`populationPyramid: ${who} row ${i} has sex ${JSON.stringify(r.sex)}; expected "Female" or "Male"`);
    if (isPresent(r.share) && !(r.share >= 0 && r.share <= 1)) throw new Error(`populationPyramid: ${who} row ${i} (${r.sex} ${r.age}) has share ${r.share}; give shares as proportions from 0 to 1`);
  });
}

/** Bars on a numeric y axis (band i spans i to i + 1) so that the outline can step exactly at band edges. */
function bars(rows: readonly PyramidRow[], ages: readonly string[], nullLabel: string): Bar[] {
  const byKey = new Map(rows.map((r) => [`${r.sex} ${String(r.age)}`, r]));
  return SEXES.flatMap((sex) =>
    ages.map((age, index) => {
      const r = byKey.get(`${sex} ${age}`);
      const share = r && isPresent(r.share) ? r.share : null;
      return {age, index, sex, share, signed: share === null ? 0 : sex === "Male" ? -share : share, label: r?.nullLabel ?? nullLabel};
    })
  );
}

/** The pyramid; rows need not cover every age and sex (a missing one is labelled). */
export function populationPyramid(rows: readonly PyramidRow[], options: PopulationPyramidOptions = {}): ChartElement {
  const doc = documentOf(options, "populationPyramid");
  if (!rows.length) throw new Error("populationPyramid: no rows to draw");
  check(rows, "area");
  const {comparison, area = "Area", nullLabel = NO_DATA} = options;
  if (comparison) check(comparison.rows, comparison.label);
  const all = [...rows, ...(comparison?.rows ?? [])];
  const ages = (options.ages ?? (all.every((r) => typeof r.age === "number") ? [...new Set(all.map((r) => r.age as number))].sort((a, b) => a - b) : [...new Set(all.map((r) => r.age))])).map(String);
  const stray = all.find((r) => !ages.includes(String(r.age)));
  if (stray) throw new Error(`populationPyramid: age ${JSON.stringify(stray.age)} is not in options.ages`);
  const width = chartWidth(options.width ?? 688);
  const {height = Math.max(260, 40 + ages.length * 20)} = options;
  const own = bars(rows, ages, nullLabel);
  const other = comparison ? bars(comparison.rows, ages, nullLabel) : [];
  const present = own.filter((b) => b.share !== null);
  const missing = own.filter((b) => b.share === null);
  const max = Math.max(0.001, ...[...own, ...other].map((b) => b.share ?? 0));

  // The comparison's outline: for each sex, a vertical step along the band edges.
  const outline = other.flatMap((b) => (b.share === null ? [] : [{sex: b.sex, x: b.signed, y: b.index}, {sex: b.sex, x: b.signed, y: b.index + 1}]));
  const pct = (v: number | null): string => formatPercent(v, 1, nullLabel);
  const tip = (b: Bar): string => {
    const c = other.find((o) => o.sex === b.sex && o.age === b.age);
    return `${area}, ${b.sex.toLowerCase()} ${b.age}: ${pct(b.share)}${c ? `; ${comparison!.label} ${pct(c.share)}` : ""}`;
  };
  const largest = SEXES.map((sex) => present.filter((b) => b.sex === sex).sort((a, b) => (b.share as number) - (a.share as number))[0]).filter((b): b is Bar => b !== undefined);
  const diffs = comparison
    ? present.flatMap((b) => {
        const c = other.find((o) => o.sex === b.sex && o.age === b.age && o.share !== null);
        return c ? [{b, d: (b.share as number) - (c.share as number), c}] : [];
      })
    : [];
  const most = [...diffs].sort((x, y) => y.d - x.d)[0];
  const least = [...diffs].sort((x, y) => x.d - y.d)[0];
  const description =
    options.ariaDescription ??
    [
      `Share of ${area}'s population by age band and sex, ${ages[0]} to ${ages[ages.length - 1]}`,
      ...largest.map((b) => `largest ${b.sex.toLowerCase()} band ${b.age} (${pct(b.share)})`),
      comparison && most && most.d > 0 ? `most above ${comparison.label}: ${most.b.sex.toLowerCase()} ${most.b.age} (${pct(most.b.share)} against ${pct(most.c.share)})` : "",
      comparison && least && least.d < 0 ? `most below ${comparison.label}: ${least.b.sex.toLowerCase()} ${least.b.age} (${pct(least.b.share)} against ${pct(least.c.share)})` : "",
      missing.length ? `${missing.length} bands without a value (${missing.map((b) => `${b.sex.toLowerCase()} ${b.age}: ${b.label}`).join(", ")})` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";

  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 40,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Population pyramid: ${area} by age and sex${comparison ? `, with ${comparison.label} as an outline` : ""}`,
    ariaDescription: description,
    x: {domain: [-max * 1.05, max * 1.05], label: "Share of the population →", labelAnchor: "center", grid: true, tickFormat: (v: number) => formatPercent(Math.abs(v), Math.abs(max) < 0.05 ? 1 : 0)},
    y: {domain: [0, ages.length], label: "Age", labelAnchor: "top", ticks: ages.map((_, i) => i + 0.5), tickFormat: (v: number) => ages[Math.floor(v)] ?? "", tickSize: 0},
    marks: [
      Plot.rectX(present, {x1: 0, x2: "signed", y1: "index", y2: (b: Bar) => b.index + 1, insetTop: 1, insetBottom: 1, fill: (b: Bar) => FILL[b.sex], title: tip}),
      Plot.ruleX([0], {ariaHidden: "true"}),
      comparison ? Plot.line(outline, {x: "x", y: "y", z: "sex", stroke: "black", strokeWidth: 2, ariaHidden: "true"}) : null,
      Plot.text(missing.filter((b) => b.sex === "Male"), {x: 0, y: (b: Bar) => b.index + 0.5, text: "label", textAnchor: "end", dx: -4, fill: MUTED, fontStyle: "italic", ariaHidden: "true"}),
      Plot.text(missing.filter((b) => b.sex === "Female"), {x: 0, y: (b: Bar) => b.index + 0.5, text: "label", textAnchor: "start", dx: 4, fill: MUTED, fontStyle: "italic", ariaHidden: "true"}),
      Plot.text(["Male"], {frameAnchor: "top-left", dy: -20, lineAnchor: "top", fontWeight: "bold", text: (d: string) => d, ariaHidden: "true"}),
      Plot.text(["Female"], {frameAnchor: "top-right", dy: -20, lineAnchor: "top", textAnchor: "end", fontWeight: "bold", text: (d: string) => d, ariaHidden: "true"})
    ]
  });
  const items = [
    ...SEXES.map((sex) => ({label: `${area}, ${sex.toLowerCase()}`, style: {...SIGNIFICANCE_STYLES.Worse, fill: FILL[sex]}})),
    ...(comparison ? [{label: `${comparison.label} (outline)`, style: {...SIGNIFICANCE_STYLES.Worse, fill: "none"}}] : [])
  ];
  const caption =
    `Bars are ${area}'s share of all residents in each age band, males left and females right` +
    (comparison ? `; the black outline is ${comparison.label}.` : ".") +
    (missing.length ? ` Bands marked ${[...new Set(missing.map((b) => b.label))].join(", ")} have no value, never zero.` : "");
  return chartWithKey(doc, svg, {legend: categoryLegend(doc, items), caption});
}
