/**
 * Cohort pyramid (statutory guidance ¶37): partner counts of people by age band and sex, one back-to-back panel per
 * group (victims above suspects, or A&E attendances alone), males left and females right on one count scale so the
 * panels compare. Bands wholly under 25 are drawn darker with a black outline and bracketed "Under 25", so the focus
 * is told by weight, outline and text, not by colour alone. A suppressed count has no length to draw: it is marked
 * × "suppressed" at the axis and keyed in the legend, never drawn as 0 and never left out unexplained.
 */
import * as Plot from "@observablehq/plot";
import {symbolTimes} from "d3";
import type {TableColumn} from "../figure/csv.js";
import {formatCount, formatPercent, SUPPRESSED} from "../format/number.js";
import {assertUnique, CATEGORICAL, chartWidth, CHART_STYLE, documentOf, FONT_SIZE, MUTED, textWidth, type ChartElement, type ChartOptions} from "./common.js";
import {categoryLegend, chartWithKey, SIGNIFICANCE_STYLES, type LegendItem} from "./significance.js";

/** One published cell: `count` is null exactly when `suppressed` is true. */
export type CohortCell = {group: string; age: string; sex: string; count: number | null; suppressed: boolean};

/** A row of partners/partner-records.csv once its numbers and booleans are typed (src/lib/rows.ts). */
export type PartnerRecordCell = {dataset: string; table: string; row: string; col: string; total: boolean; count: number | null; suppressed: boolean};

export type CohortPyramidOptions = ChartOptions & {
  /** Who is counted, for the text alternative: "people", "attendances". */
  valueLabel?: string;
  /** The small-number threshold the partner data were suppressed at, for the legend ("fewer than 10"). */
  threshold?: number;
  /** Panel order; default: order of first appearance. */
  groups?: readonly string[];
};

const DRAWN_SEXES = ["Male", "Female"] as const;
const FILL: Record<(typeof DRAWN_SEXES)[number], string> = {Male: CATEGORICAL[0], Female: CATEGORICAL[2]};
/** Bands 25 and over are the same hue, lighter: the under-25 bands stand out by weight and outline. */
const OLDER_OPACITY = 0.4;
const NON_AGES = new Set(["Not known", "All ages"]);

/** "18-24" → [18, 24], "65+" → [65, Infinity]; null for "Not known" and "All ages" (not drawn). */
export function ageRange(age: string): [number, number] | null {
  if (NON_AGES.has(age)) return null;
  const m = /^(\d+)(?:-(\d+)|\+)$/.exec(age);
  if (!m) throw new Error(`cohortPyramid: age band ${JSON.stringify(age)} is not "N-M", "N+", "Not known" or "All ages"`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? Infinity : Number(m[2]);
  if (hi < lo) throw new Error(`cohortPyramid: age band ${JSON.stringify(age)} ends before it starts`);
  return [lo, hi];
}

/** The cells of partner tables, totals dropped: cohortCells(records, {Victims: ["police-victims-suspects", "victims-by-age-sex"]}). */
export function cohortCells(records: readonly PartnerRecordCell[], tables: Readonly<Record<string, readonly [dataset: string, table: string]>>): CohortCell[] {
  return Object.entries(tables).flatMap(([group, [dataset, table]]) =>
    records
      .filter((r) => r.dataset === dataset && r.table === table && !r.total)
      .map((r) => ({group, age: r.row, sex: r.col, count: r.suppressed ? null : r.count, suppressed: r.suppressed}))
  );
}

/** The figure's table and CSV twin: a suppressed count is an empty cell explained as "suppressed", never 0. */
export const COHORT_COLUMNS: readonly TableColumn<CohortCell>[] = [
  {key: "group", label: "Group"},
  {key: "age", label: "Age band"},
  {key: "sex", label: "Sex"},
  {key: "count", label: "Count", nullLabel: SUPPRESSED}
];

export type Under25Share = {
  group: string;
  /** Under-25 people over all people of known age, from unsuppressed cells only; null when it cannot be computed. */
  share: number | null;
  under25: number;
  known: number;
  suppressedUnder25: number;
  suppressedOlder: number;
  /** "exact", or which way suppressed cells would move the share. */
  bound: "exact" | "lower" | "upper" | "none";
  /** Age bands that straddle 25 ("20-29"): no under-25 share can be given. */
  straddling: string[];
};

/** The under-25 share of one group, and whether suppression makes it a lower (or upper) bound. */
export function under25Share(cells: readonly CohortCell[], group: string): Under25Share {
  const own = cells.filter((c) => c.group === group && ageRange(c.age) !== null);
  const straddling = [...new Set(own.filter((c) => {
    const [lo, hi] = ageRange(c.age)!;
    return lo < 25 && hi >= 25;
  }).map((c) => c.age))];
  const young = own.filter((c) => ageRange(c.age)![1] < 25);
  const older = own.filter((c) => ageRange(c.age)![0] >= 25);
  const sum = (cs: CohortCell[]): number => cs.reduce((s, c) => s + (c.suppressed ? 0 : (c.count ?? 0)), 0);
  const under25 = sum(young);
  const known = under25 + sum(older);
  const suppressedUnder25 = young.filter((c) => c.suppressed).length;
  const suppressedOlder = older.filter((c) => c.suppressed).length;
  // Adding a withheld count to the numerator and denominator raises the share; to the denominator alone lowers it.
  const bound = suppressedUnder25 && suppressedOlder ? "none" : suppressedUnder25 ? "lower" : suppressedOlder ? "upper" : "exact";
  const share = straddling.length || known === 0 ? null : under25 / known;
  return {group, share, under25, known, suppressedUnder25, suppressedOlder, bound, straddling};
}

/** "Victims: at least 31.2% under 25 (…)" for the text alternative. */
export function describeUnder25(s: Under25Share, valueLabel = "people"): string {
  const head = `${s.group}:`;
  if (s.straddling.length) return `${head} no under-25 share, as the age band${s.straddling.length > 1 ? "s" : ""} ${s.straddling.join(", ")} straddle${s.straddling.length > 1 ? "" : "s"} 25`;
  if (s.share === null) return `${head} no under-25 share, as no unsuppressed cell has ${valueLabel} of known age`;
  const pct = formatPercent(s.share, 1);
  const of = `${formatCount(s.under25)} of ${formatCount(s.known)} ${valueLabel} of known age in unsuppressed cells`;
  const cellsWord = (n: number, what: string): string => `${n} ${what} cell${n === 1 ? " is" : "s are"} suppressed`;
  switch (s.bound) {
    case "exact":
      return `${head} ${pct} under 25 (${of})`;
    case "lower":
      return `${head} at least ${pct} under 25 (${of}; a lower bound, as ${cellsWord(s.suppressedUnder25, "under-25")})`;
    case "upper":
      return `${head} at most ${pct} under 25 (${of}; an upper bound, as ${cellsWord(s.suppressedOlder, "25-and-over")})`;
    default:
      return `${head} about ${pct} under 25 (${of}; neither a lower nor an upper bound, as ${s.suppressedUnder25} under-25 and ${s.suppressedOlder} 25-and-over cells are suppressed)`;
  }
}

type Bar = {group: string; age: string; index: number; sex: "Male" | "Female"; count: number | null; suppressed: boolean; signed: number; young: boolean};

function check(cells: readonly CohortCell[]): void {
  assertUnique(cells, (c) => `${c.group} ${c.age} ${c.sex}`, "cohortPyramid", "group, age band and sex");
  cells.forEach((c, i) => {
    if (c.suppressed && c.count !== null) throw new Error(`cohortPyramid: cell ${i} (${c.group}, ${c.age}, ${c.sex}) is suppressed but has a count; give count null`);
    if (!c.suppressed && !(typeof c.count === "number" && Number.isInteger(c.count) && c.count >= 0))
      throw new Error(`cohortPyramid: cell ${i} (${c.group}, ${c.age}, ${c.sex}) has count ${c.count}; expected a whole number ≥ 0, or suppressed: true`);
    ageRange(c.age);
  });
}

/** Bands from youngest to oldest, "Not known" and "All ages" left out. */
function orderedAges(cells: readonly CohortCell[]): string[] {
  const ages = [...new Set(cells.map((c) => c.age))].filter((a) => ageRange(a) !== null);
  return ages.sort((a, b) => ageRange(a)![0] - ageRange(b)![0] || ageRange(a)![1] - ageRange(b)![1]);
}

/**
 * One side's counts (bold for under-25 bands) and suppressed marks: × beside the axis, then the word. Plot's dx,
 * textAnchor and fontWeight are constants, not channels, hence marks per side.
 */
function sideMarks(sex: "Male" | "Female", present: Bar[], withheld: Bar[], labelled: boolean, tip: (b: Bar) => string): Plot.Markish[] {
  const out = sex === "Male" ? -1 : 1;
  const textAnchor = sex === "Male" ? "end" : "start";
  const y = (b: Bar): number => b.index + 0.5;
  const counts = labelled
    ? [true, false].map((young) =>
        Plot.text(present.filter((b) => b.young === young), {fy: "group", x: "signed", y, text: (b: Bar) => formatCount(b.count), textAnchor, dx: 4 * out, fontWeight: young ? "bold" : "normal", ariaHidden: "true"})
      )
    : [];
  return [
    ...counts,
    Plot.dot(withheld, {fy: "group", x: 0, y, dx: 8 * out, symbol: "times", r: 4, stroke: "black", strokeWidth: 1.5, title: tip}),
    Plot.text(withheld, {fy: "group", x: 0, y, text: () => SUPPRESSED, textAnchor, dx: 16 * out, fill: MUTED, fontStyle: "italic", ariaHidden: "true"})
  ];
}

/** The legend and caption wording for suppressed cells. */
export function suppressedLegend(threshold?: number): string {
  return threshold ? `Suppressed (fewer than ${threshold}, or could reveal one)` : "Suppressed";
}

/** The pyramid: one panel per group, on a shared count scale. */
export function cohortPyramid(cells: readonly CohortCell[], options: CohortPyramidOptions = {}): ChartElement {
  const doc = documentOf(options, "cohortPyramid");
  if (!cells.length) throw new Error("cohortPyramid: no cells to draw");
  check(cells);
  const {valueLabel = "people", threshold} = options;
  const groups = options.groups ?? [...new Set(cells.map((c) => c.group))];
  const stray = cells.find((c) => !groups.includes(c.group));
  if (stray) throw new Error(`cohortPyramid: group ${JSON.stringify(stray.group)} is not in options.groups`);
  const ages = orderedAges(cells);
  if (!ages.length) throw new Error("cohortPyramid: no cell has an age band to draw (only \"Not known\" or \"All ages\")");
  const youngAges = ages.filter((a) => ageRange(a)![1] < 25);
  const byKey = new Map(cells.map((c) => [`${c.group} ${c.age} ${c.sex}`, c]));
  const bars: Bar[] = groups.flatMap((group) =>
    DRAWN_SEXES.flatMap((sex) =>
      ages.flatMap((age, index) => {
        const c = byKey.get(`${group} ${age} ${sex}`);
        if (!c) return [];
        const count = c.suppressed ? null : c.count;
        return [{group, age, index, sex, count, suppressed: c.suppressed, signed: sex === "Male" ? -(count ?? 0) : (count ?? 0), young: youngAges.includes(age)}];
      })
    )
  );
  const present = bars.filter((b) => !b.suppressed);
  const withheld = bars.filter((b) => b.suppressed);
  // Cells not drawn: other or unknown sex, unknown age. They count in the shares and are in the table.
  const undrawn = cells.filter((c) => !(DRAWN_SEXES as readonly string[]).includes(c.sex) || ageRange(c.age) === null);
  const shares = groups.map((g) => under25Share(cells, g));
  const suppressedCount = cells.filter((c) => c.suppressed).length;

  const width = chartWidth(options.width ?? 688);
  const marginLeft = Math.max(44, ...ages.map((a) => textWidth(a) + 12));
  const marginRight = youngAges.length ? 40 : 16;
  const side = (width - marginLeft - marginRight) / 2;
  const max = Math.max(1, ...present.map((b) => b.count as number));
  // Room at each end for the count printed beyond the bar; on a narrow chart the labels go and the axis remains.
  const labelPx = textWidth(formatCount(max)) + 8;
  const labelled = side - labelPx >= 60;
  const half = labelled ? (max * side) / (side - labelPx) : max * 1.05;
  const rowPx = 22;
  const panelRows = ages.length + 2; // two rows of headroom: the panel's name, then "Male" and "Female"
  const facetPadding = 0.1;
  const height = 28 + 40 + Math.ceil((groups.length * panelRows * rowPx) / (1 - facetPadding * (groups.length > 1 ? 1 : 0)));

  const tip = (b: Bar): string => `${b.group}, ${b.sex.toLowerCase()} ${b.age}: ${b.suppressed ? SUPPRESSED : formatCount(b.count)}`;
  const description =
    options.ariaDescription ??
    [
      `Counts of ${valueLabel} by age band (${ages[0]} to ${ages[ages.length - 1]}) and sex for ${groups.join(" and ")}`,
      ...shares.map((s) => describeUnder25(s, valueLabel)),
      suppressedCount ? `${suppressedCount} of ${cells.length} cells suppressed, shown as suppressed, never 0` : "no cells suppressed",
      undrawn.length ? `${undrawn.length} cells of other or unknown sex or of unknown age are in the table but not drawn (the shares count other and unknown sex, not unknown age)` : ""
    ]
      .filter(Boolean)
      .join("; ") + ".";
  const bracket = groups.map((group) => ({group}));
  const svg = Plot.plot({
    document: doc,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop: 8,
    marginBottom: 40,
    style: CHART_STYLE,
    ariaLabel: options.ariaLabel ?? `Back-to-back bar chart: ${valueLabel} by age band and sex, ${groups.join(" and ")}, under-25 bands highlighted`,
    ariaDescription: description,
    fy: {domain: groups, axis: null, padding: facetPadding},
    x: {domain: [-half, half], label: `${valueLabel[0]!.toUpperCase()}${valueLabel.slice(1)} →`, labelAnchor: "center", grid: true, ticks: labelled || side > 120 ? 5 : 3, tickFormat: (v: number) => formatCount(Math.abs(v))},
    y: {domain: [0, panelRows], label: null, ticks: ages.map((_, i) => i + 0.5), tickFormat: (v: number) => ages[Math.floor(v)] ?? "", tickSize: 0},
    marks: [
      Plot.rectX(present, {fy: "group", x1: 0, x2: "signed", y1: "index", y2: (b: Bar) => b.index + 1, insetTop: 2, insetBottom: 2, fill: (b: Bar) => FILL[b.sex], fillOpacity: (b: Bar) => (b.young ? 1 : OLDER_OPACITY), stroke: (b: Bar) => (b.young ? "black" : "none"), strokeWidth: 1.5, title: tip}),
      Plot.ruleX([0], {y1: 0, y2: ages.length, ariaHidden: "true"}),
      ...DRAWN_SEXES.flatMap((sex) => sideMarks(sex, present.filter((b) => b.sex === sex), withheld.filter((b) => b.sex === sex), labelled, tip)),
      // Panel name, then the sexes, in the two rows of headroom above the bands.
      Plot.text(groups, {fy: (g: string) => g, x: 0, y: ages.length + 1.5, text: (g: string) => g, fontWeight: "bold", fontSize: FONT_SIZE + 2, ariaHidden: "true"}),
      Plot.text(["Male"], {frameAnchor: "left", y: ages.length + 0.6, text: (d: string) => d, textAnchor: "start", fontWeight: "bold", ariaHidden: "true"}),
      Plot.text(["Female"], {frameAnchor: "right", y: ages.length + 0.6, text: (d: string) => d, textAnchor: "end", fontWeight: "bold", ariaHidden: "true"}),
      // The under-25 bracket beside the bands it spans.
      youngAges.length ? Plot.ruleX(bracket, {fy: "group", x: half, y1: 0.1, y2: youngAges.length - 0.1, dx: 10, stroke: "black", strokeWidth: 2, ariaHidden: "true"}) : null,
      youngAges.length ? Plot.text(bracket, {fy: "group", x: half, y: youngAges.length / 2, text: () => "Under 25", rotate: 90, dx: 22, fontWeight: "bold", ariaHidden: "true"}) : null
    ]
  });
  const swatch = SIGNIFICANCE_STYLES.Worse;
  const items: LegendItem[] = [
    ...DRAWN_SEXES.map((sex) => ({label: sex, style: {...swatch, fill: FILL[sex]}})),
    ...(withheld.length || suppressedCount ? [{label: suppressedLegend(threshold), style: {...swatch, fill: "none", symbol: symbolTimes, shape: "cross"}}] : [])
  ];
  const caption =
    (youngAges.length ? `Bands under 25 (${youngAges.join(", ")}) are darker, outlined and bracketed. ` : "") +
    `Males left, females right, on one scale across ${groups.length > 1 ? "panels" : "the chart"}.` +
    (suppressedCount ? ` × marks a suppressed count: it is withheld, not zero.` : "") +
    (undrawn.length ? ` Other or unknown sex and unknown age (${undrawn.length} cells) are in the table only.` : "");
  return chartWithKey(doc, svg, {legend: categoryLegend(doc, items), caption});
}
