/**
 * Snapshot and behaviour tests of the benchmarking charts, drawn from real extracts (fixtures/benchmark-*.json, made
 * by fixtures/benchmark-make-fixtures.ts; each file's "about" says where its values come from).
 */
import {readFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {rgb} from "d3";
import {describe, expect, it} from "vitest";
import {
  assertSignificanceFits,
  categoryLegend,
  compareAreas,
  funnelLines,
  funnelPlot,
  funnelYTop,
  parseSignificance,
  placeLabels,
  populationPyramid,
  rateDotPlot,
  SIGNIFICANCE_CATEGORIES,
  SIGNIFICANCE_STYLES,
  significanceLegendItems,
  spineChart,
  spinePosition,
  tartanRug,
  trendChart,
  wrapText,
  type ChartElement,
  type CompareRow,
  type FunnelRow,
  type PyramidRow,
  type Significance,
  type SpineRow,
  type TartanRow
} from "../../../components/charts/index.ts";
import {
  compareToBenchmark,
  dispersionFunnelLimits,
  dispersionSignificance,
  proportionFunnelLimits,
  rateCI,
  rateDispersion,
  rateFunnelLimits,
  rateFunnelSignificance,
  recentTrend,
  type Polarity
} from "../../../components/stats/index.ts";
import {assertSnapshot, newDocument} from "./snapshot.ts";

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const rowsOf = <T>(name: string): T[] => (JSON.parse(readFileSync(path.join(dir, name), "utf8")) as {rows: T[]}).rows;

type SpineFixture = Omit<SpineRow, "significance" | "polarity"> & {significance: string; polarity: Polarity; indicatorId: number};
type TartanFixture = {indicator: string; period: string; area: string; value: number | null; significance: string; note: string | null};
type DistrictFixture = {lad_code: string; lad_name: string; region_name: string; population: number; count: number; rate: number; lower: number; upper: number; complete: boolean; partnership: boolean};
type TrendFixture = {area: string; period: string; value: number | null; significance: string};
type NcmpFixture = {period: string; year: number; count: number; denominator: number; value: number; lower: number; upper: number};
type PyramidFixture = PyramidRow & {area: string; population: number};

const spineAll: SpineRow[] = rowsOf<SpineFixture>("benchmark-spine-plymouth.json").map((r) => ({...r, significance: parseSignificance(r.significance)}));
/** The latest period of each indicator (rows are in period order). */
const spineLatest = [...new Map(spineAll.map((r) => [r.indicator, r])).values()];
const tartanRows: TartanRow[] = rowsOf<TartanFixture>("benchmark-tartan-south-west.json").map((r) => ({indicator: r.indicator, period: r.period, area: r.area, value: r.value, significance: parseSignificance(r.significance)}));
const districts = rowsOf<DistrictFixture>("benchmark-england-districts-violence-2025.json");
/** Districts of forces with all 12 months of 2025 read (the lead's build leaves the rest out of comparisons). */
const complete = districts.filter((d) => d.complete);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const england = rateCI(sum(complete.map((d) => d.count)), sum(complete.map((d) => d.population)), 1000);
const childrenInCare = rowsOf<TrendFixture>("benchmark-trend-children-in-care.json");
const ncmp = rowsOf<NcmpFixture>("benchmark-trend-ncmp-year6-decile1.json");
const pyramid = rowsOf<PyramidFixture>("benchmark-pyramid-plymouth-england.json");

// ---------------------------------------------------------------------------------------------------------------
// Accessibility checks shared by every chart

/** The chart's main SVG inside the figure that holds legend, chart and note. */
function mainSvg(chart: ChartElement): SVGSVGElement {
  const svg = chart.localName === "svg" ? chart : [...chart.children].find((c) => c.localName === "svg" && c.getAttribute("aria-label"));
  if (!svg) throw new Error("no main svg");
  return svg as SVGSVGElement;
}
const description = (chart: ChartElement): string => mainSvg(chart).getAttribute("aria-description") ?? "";
const texts = (chart: ChartElement): string[] => [...chart.querySelectorAll("text")].map((t) => t.textContent ?? "");

function expectAccessible(chart: ChartElement): void {
  const svg = mainSvg(chart);
  expect(svg.getAttribute("aria-label")?.length).toBeGreaterThan(20);
  expect(description(chart).length).toBeGreaterThan(40);
  expect(svg.getAttribute("style")).toContain("font-size: 12px");
  for (const e of [chart, ...chart.querySelectorAll("[font-size], [style*='font-size']")]) {
    const size = (e as SVGElement | HTMLElement).style?.fontSize || e.getAttribute("font-size");
    if (size) expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(12);
  }
  // A missing value is never printed as zero by the chart itself (the data's own zeros are checked per chart).
  expect(chart.querySelector("figcaption")?.textContent?.length).toBeGreaterThan(20);
}

/** WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const {r, g, b: bl} = rgb(c);
    const lin = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// ---------------------------------------------------------------------------------------------------------------

describe("significance categories", () => {
  it("gives every category its own colour and its own colour-and-shape pair, with readable text on its fill", () => {
    const fills = SIGNIFICANCE_CATEGORIES.map((c) => SIGNIFICANCE_STYLES[c].fill);
    expect(new Set(fills).size).toBe(SIGNIFICANCE_CATEGORIES.length);
    // Better and Worse, the pair red-green colour blindness confuses in Fingertips' RAG, differ in shape as well.
    expect(SIGNIFICANCE_STYLES.Better.symbol).not.toBe(SIGNIFICANCE_STYLES.Worse.symbol);
    expect(SIGNIFICANCE_STYLES.Higher.shape).toBe("triangle up");
    expect(SIGNIFICANCE_STYLES.Lower.shape).toBe("triangle down");
    for (const c of SIGNIFICANCE_CATEGORIES) expect(contrast(SIGNIFICANCE_STYLES[c].fill, SIGNIFICANCE_STYLES[c].ink)).toBeGreaterThanOrEqual(4.5);
  });

  it("reads Fingertips' wording and refuses judgements that do not fit the polarity", () => {
    expect(parseSignificance("worse")).toBe("Worse");
    expect(parseSignificance("")).toBe("Not compared");
    expect(parseSignificance(null)).toBe("Not compared");
    expect(() => parseSignificance("Significantly lower", "row 4")).toThrow(/row 4: unknown significance "Significantly lower"/);
    expect(() => assertSignificanceFits("Better", "no-judgement", "x")).toThrow(/needs a polarity/);
    expect(() => assertSignificanceFits("Higher", "low-is-good", "x")).toThrow(/use Better\/Worse/);
    expect(() => assertSignificanceFits("Lower", "no-judgement", "x")).not.toThrow();
  });

  it("draws a legend of outlined shapes with words against the benchmark", () => {
    const legend = categoryLegend(newDocument(), significanceLegendItems(["Better", "Not compared"], "South West"));
    expect([...legend.children].map((c) => c.textContent)).toEqual(["Better than South West", "Not compared with South West"]);
    expect(legend.querySelectorAll("path[stroke='#000000']")).toHaveLength(2);
  });
});

describe("spineChart", () => {
  it("draws Plymouth's seven Fingertips risk factors against England and the range of local authorities", async () => {
    const chart = spineChart(spineLatest, {document: newDocument(), area: "Plymouth", comparator: "local authorities in England"});
    await assertSnapshot("benchmark-spine-plymouth", chart);
    expectAccessible(chart);
    expect(description(chart)).toMatch(/^7 indicators for Plymouth against England; 1 similar to England \(Admissions for alcohol-related conditions \(narrow\) 2017\/18\); 6 worse than England \(/);
    const markers = [...chart.querySelectorAll('g[aria-label="dot"] title')].map((t) => t.textContent);
    expect(markers).toHaveLength(7);
    expect(markers).toContain(
      "Children in care (per 10,000 under 18), 2018: Plymouth 79.6, worse than England (63.6); worst 185.3, 25th percentile 47.4, 75th percentile 88.2, best 23.3"
    );
    expect(chart.querySelector(".sna-legend")?.textContent).toContain("Worse than England");
  });

  it("puts England in the middle and the worst on the left, whichever the polarity", () => {
    // Children in care 2018 (low is good): worst 185.3, England 63.6, best 23.3.
    expect(spinePosition(63.6, 63.6, 185.3, 23.3)).toBe(0.5);
    expect(spinePosition(185.3, 63.6, 185.3, 23.3)).toBeCloseTo(0, 12);
    expect(spinePosition(23.3, 63.6, 185.3, 23.3)).toBeCloseTo(0.5 + 40.3 / (2 * 121.7), 12);
    expect(spinePosition(79.6, 63.6, 185.3, 23.3)).toBeLessThan(0.5);
    // The same values with high is good (best is the highest) are mirrored.
    expect(spinePosition(79.6, 63.6, 23.3, 185.3)).toBeCloseTo(1 - spinePosition(79.6, 63.6, 185.3, 23.3), 12);
    expect(spinePosition(5, 5, 5, 5)).toBe(0.5);
  });

  it("scales to 28 indicator-periods and keeps every name within three lines", () => {
    const many = spineAll.filter((r) => ["2015", "2016", "2017", "2018", "2015/16", "2016/17", "2017/18", "2012/13", "2013/14", "2014/15"].includes(r.period)).slice(0, 28);
    expect(many).toHaveLength(28);
    const h = (rows: SpineRow[]): number => Number(mainSvg(spineChart(rows, {document: newDocument()})).getAttribute("height"));
    expect(h(many)).toBeGreaterThan(3 * h(many.slice(0, 7)));
    const chart = spineChart(many, {document: newDocument(), width: 640});
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(28);
    const lines = wrapText("16–17 year olds not in education, employment or training (NEET) or activity not known (%)", 120, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/…$/);
  });

  it("labels a suppressed value instead of drawing a marker, and refuses rows that contradict their polarity", () => {
    const rows = spineLatest.map((r, i) => (i === 2 ? {...r, areaValue: null, significance: "Not compared" as Significance, nullLabel: "suppressed"} : r));
    const chart = spineChart(rows, {document: newDocument(), area: "Plymouth"});
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(6);
    expect(texts(chart)).toContain("suppressed");
    expect(description(chart)).toContain("1 with no value for Plymouth (Children in care (per 10,000 under 18) 2018: suppressed)");
    expect(chart.querySelector("figcaption")?.textContent).toContain("no value for Plymouth (suppressed), never zero");
    const first = spineLatest[0]!;
    expect(() => spineChart([{...first, best: first.worst, worst: first.best}], {document: newDocument()})).toThrow(/low is good, but best \(60\.5|low is good, but best \(\d/);
    expect(() => spineChart([{...first, polarity: "no-judgement", best: 60.5, worst: 1.7}], {document: newDocument()})).toThrow(/significance "Worse" needs a polarity/);
    expect(() => spineChart([first, first], {document: newDocument()})).toThrow(/both have indicator and period/);
  });
});

describe("tartanRug", () => {
  const areas = ["England", ...new Set(tartanRows.filter((r) => r.area !== "England").map((r) => r.area))];

  it("draws seven risk factors for England and the South West unitary authorities, Plymouth outlined", async () => {
    const chart = tartanRug(tartanRows, {document: newDocument(), highlight: "Plymouth"});
    await assertSnapshot("benchmark-tartan-south-west", chart);
    expectAccessible(chart);
    const cells = [...chart.querySelectorAll('g[aria-label="cell"]')][0]!.querySelectorAll("rect");
    expect(cells).toHaveLength(7 * areas.length);
    // England first, white; then each compared cell in its category's colour.
    expect(cells[0]!.getAttribute("fill")).toBe("#FFFFFF");
    expect(cells[0]!.querySelector("title")?.textContent).toBe("Children in low income families (under 16s, older series), England: 17.0");
    const plymouth = [...cells].filter((c) => c.querySelector("title")?.textContent?.includes(", Plymouth:"));
    expect(plymouth.map((c) => c.getAttribute("fill"))).toEqual(["Worse", "Worse", "Worse", "Worse", "Worse", "Similar", "Worse"].map((s) => SIGNIFICANCE_STYLES[s as Significance].fill));
    // Every compared cell also carries its shape; the benchmark column and empty cells do not.
    const valued = tartanRows.filter((r) => r.value !== null && r.area !== "England");
    expect(chart.querySelectorAll('g[aria-label="dot"] path')).toHaveLength(valued.length);
    expect([...chart.querySelectorAll('g[font-weight="bold"] text')].map((t) => t.textContent)).toContain("Plymouth");
    expect(description(chart)).toContain("Plymouth: 1 similar to England (Admissions for alcohol-related conditions (narrow)); 6 worse than England");
    expect(description(chart)).toContain("5 of 91 cells without a value (no data)");
  });

  it("marks a missing value in grey, never as zero, and keeps real zeros", () => {
    const scilly = tartanRows.filter((r) => r.area === "Isles of Scilly");
    const chart = tartanRug(scilly, {document: newDocument(), nullLabel: "suppressed"});
    const shown = texts(chart);
    expect(scilly.filter((r) => r.value === null)).toHaveLength(5);
    expect(shown.filter((t) => t === "–" || t === "suppressed")).toHaveLength(5);
    // The one 0.0 in the extract is Fingertips' own value (NEET 2018), printed as such.
    expect(shown.filter((t) => t === "0.0")).toHaveLength(1);
    expect(chart.querySelector("figcaption")?.textContent).toContain("no value (suppressed), never zero");
  });

  it("refuses a missing value with a judgement, unknown areas and unknown highlights", () => {
    const doc = newDocument();
    expect(() => tartanRug([{indicator: "A", area: "X", value: null, significance: "Worse"}], {document: doc})).toThrow(/has no value but significance "Worse"/);
    expect(() => tartanRug(tartanRows, {document: doc, areas: ["England", "Plymouth"]})).toThrow(/is not in the areas or indicators given/);
    expect(() => tartanRug(tartanRows, {document: doc, highlight: "Exeter"})).toThrow(/highlighted area "Exeter" is not one of the areas/);
  });
});

describe("compareAreas", () => {
  const southWest = complete.filter((d) => d.region_name === "South West");
  const compareRows: CompareRow[] = southWest.map((d) => ({
    area: d.lad_name,
    value: d.rate,
    lower: d.lower,
    upper: d.upper,
    highlight: d.partnership,
    significance: compareToBenchmark(d, england.value, "low-is-good").outcome
  }));

  it("draws 2025 serious violence rates of South West districts against England, coloured by significance", async () => {
    const chart = compareAreas(compareRows, {document: newDocument(), benchmark: {value: england.value, label: "England"}, valueLabel: "Serious violence per 1,000 residents"});
    await assertSnapshot("benchmark-compare-south-west", chart);
    expectAccessible(chart);
    expect(chart.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(southWest.length);
    expect(description(chart)).toContain("Plymouth: 49.4 (48.5 to 50.2), ranked 2 of 22, worse than England");
    expect(description(chart)).toContain(`England: ${england.value.toFixed(1)}`);
    // Worse bars are vermilion, better blue, and the same comparison is repeated as a shape beside each value.
    const fills = [...chart.querySelectorAll('g[aria-label="bar"] rect')].map((r) => r.getAttribute("fill"));
    const worse = compareRows.filter((r) => r.significance === "Worse").length;
    expect(fills.filter((f) => f === SIGNIFICANCE_STYLES.Worse.fill)).toHaveLength(worse);
    expect(chart.querySelectorAll('g[aria-label="dot"] path')).toHaveLength(southWest.length);
    expect([...chart.querySelectorAll('g[font-weight="bold"] text')].map((t) => t.textContent)).toEqual(["Plymouth"]);
  });

  it("labels a missing value, and refuses a value outside its interval", () => {
    const rows = [...compareRows.slice(0, 4), {area: "Isles of Scilly (suppressed)", value: null, lower: null, upper: null, significance: "Not compared" as Significance, nullLabel: "suppressed"}];
    const chart = compareAreas(rows, {document: newDocument()});
    expect(chart.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(4);
    expect(texts(chart).filter((t) => t === "suppressed")).toHaveLength(2); // in the bar area and the value column
    expect(texts(chart)).not.toContain("0.0");
    expect(() => compareAreas([{...compareRows[0]!, value: 99}], {document: newDocument()})).toThrow(/value 99 outside its interval/);
  });
});

describe("rateDotPlot over England's districts", () => {
  // Surrey's eleven districts among all of England's (the Violence profile's "Against England" chart): compact rows of
  // 4 px, so neighbours in rank (Mole Valley, Tandridge and Elmbridge; Reigate and Banstead and Woking) would be named
  // on top of each other.
  const surrey = new Set(["E07000207", "E07000208", "E07000209", "E07000210", "E07000211", "E07000212", "E07000213", "E07000214", "E07000215", "E07000216", "E07000217"]);
  const rows = complete.map((d) => ({area: d.lad_name, value: d.rate, lower: d.lower, upper: d.upper, highlight: surrey.has(d.lad_code)}));

  it("names every highlighted district clear of the next, each as near its row as the others allow, with a leader when moved", () => {
    const chart = rateDotPlot(rows, {document: newDocument(), benchmark: {value: england.value, label: "England set"}, valueLabel: "Rate per 1,000 residents"});
    const svg = chart.localName === "svg" ? chart : chart.querySelector("svg.plot-d6a7b5")!;
    const names = [...svg.querySelectorAll('g[aria-label="text"][font-weight="bold"]')].map((g) => {
      const t = g.querySelector("text")!;
      const y = Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(t.getAttribute("transform") ?? "")?.[1]);
      const dy = Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(g.getAttribute("transform") ?? "")?.[1] ?? 0);
      return {name: t.textContent, row: y, at: y + dy};
    });
    expect(names).toHaveLength(11);
    const byPosition = [...names].sort((a, b) => a.at - b.at);
    for (let i = 1; i < byPosition.length; i++) expect(byPosition[i]!.at - byPosition[i - 1]!.at, `${byPosition[i - 1]!.name} / ${byPosition[i]!.name}`).toBeGreaterThanOrEqual(14 - 1e-9);
    // The names keep the rows' order, and none moves further than its crowd needs (three names: at most one line).
    expect(byPosition.map((n) => n.name)).toEqual([...names].sort((a, b) => a.row - b.row).map((n) => n.name));
    const moved = names.filter((n) => Math.abs(n.at - n.row) >= 1);
    expect(moved.length).toBeGreaterThan(0);
    for (const n of moved) expect(Math.abs(n.at - n.row), n.name ?? "").toBeLessThanOrEqual(14);
    expect(svg.querySelectorAll('g[aria-label="leader"] line').length).toBe(moved.length);
    // The reference line's label gives its value once.
    expect([...svg.querySelectorAll("text")].map((t) => t.textContent)).toContain(`England set: ${england.value.toFixed(1)}`);
  });
});

describe("trendChart", () => {
  const plymouth = childrenInCare.filter((r) => r.area === "Plymouth");
  const englandRows = childrenInCare.filter((r) => r.area === "England");

  it("draws children in care in Plymouth and England 2011–2018, and says why the trend cannot be tested", async () => {
    const trend = recentTrend(plymouth.map((r) => ({year: Number(r.period), value: r.value})), {valueType: "other"});
    const chart = trendChart(
      plymouth.map((r) => ({period: r.period, value: r.value, significance: parseSignificance(r.significance)})),
      {document: newDocument(), area: "Plymouth", benchmark: {label: "England", rows: englandRows}, trend, polarity: "low-is-good", valueLabel: "Children in care per 10,000 aged under 18"}
    );
    await assertSnapshot("benchmark-trend-children-in-care", chart);
    expectAccessible(chart);
    expect(chart.querySelector(".sna-trend")?.textContent).toBe("Recent trend (2014 to 2018): Cannot be calculated");
    expect(chart.querySelector("figcaption")?.textContent).toContain("The recent trend cannot be calculated: missing confidence limits in the last five points.");
    expect(description(chart)).toContain("8 of 8 values without a confidence interval");
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(8);
  });

  it("turns its period labels on a phone (358 px), where eight years beside England's line would run into each other", () => {
    const rows = plymouth.map((r) => ({period: r.period, value: r.value}));
    const options = {area: "Plymouth", benchmark: {label: "England", rows: englandRows}};
    const ticks = (width?: number) => [...trendChart(rows, {document: newDocument(), ...options, width}).querySelectorAll('g[aria-label="x-axis tick label"] text')];
    const phone = ticks(358);
    expect(phone.map((t) => t.textContent)).toEqual(["2011", "2012", "2013", "2014", "2015", "2016", "2017", "2018"]);
    for (const t of phone) expect(t.getAttribute("transform")).toMatch(/rotate\(-45\)/);
    for (const t of ticks()) expect(t.getAttribute("transform") ?? "").not.toMatch(/rotate/);
  });

  it("shows the CI band and the recent trend of NCMP Year 6 obesity in the most deprived decile", () => {
    const trend = recentTrend(ncmp.map((r) => ({year: r.year, count: r.count, denominator: r.denominator})), {valueType: "proportion"});
    expect(trend.marker).toBe("Increasing");
    const chart = trendChart(ncmp, {document: newDocument(), area: "Most deprived decile", trend, polarity: "low-is-good", valueLabel: "Year 6 obesity prevalence (%)", zero: false});
    expect(chart.querySelector(".sna-trend")?.textContent).toBe("Recent trend (2013/14 to 2017/18): ↑ Increasing and getting worse");
    expect(chart.querySelectorAll('g[aria-label="area"] path')).toHaveLength(1);
    expect(chart.querySelectorAll('g[aria-label="rule"] line')).toHaveLength(ncmp.length);
    expect(description(chart)).toContain("26.8 (26.5 to 27.2) in 2017/18");
  });

  it("breaks the line at a missing period and labels it, never plotting zero", () => {
    const rows = ncmp.map((r) => (r.period === "2011/12" ? {...r, value: null, lower: null, upper: null, nullLabel: "suppressed"} : r));
    const chart = trendChart(rows, {document: newDocument(), zero: false});
    const line = [...chart.querySelectorAll('g[aria-label="line"] path')].at(-1)!.getAttribute("d")!;
    expect(line.match(/M/g)).toHaveLength(2);
    expect(texts(chart)).toContain("suppressed");
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(ncmp.length - 1);
    expect(() => trendChart([...rows, rows[0]!], {document: newDocument()})).toThrow(/both have period "2006\/07"/);
  });
});

describe("funnelPlot", () => {
  const funnelRows: FunnelRow[] = complete.map((d) => ({area: d.lad_name, count: d.count, population: d.population, rate: (1000 * d.count) / d.population, highlight: d.partnership}));
  const limits = rateFunnelLimits(funnelRows.map((r) => ({count: r.count, rate: r.rate, denominator: r.population})), {rateType: "crude", multiplier: 1000, yearsOfData: 1});
  const dispersion = rateDispersion(funnelRows, {multiplier: 1000});
  const adjustedLimits = dispersionFunnelLimits(funnelRows, dispersion, "additive");
  const adjustedRows: FunnelRow[] = dispersionSignificance(funnelRows, dispersion, "additive").map((significance, i) => ({...funnelRows[i]!, significance}));
  const surreyCodes = new Set(["E07000207", "E07000208", "E07000209", "E07000210", "E07000211", "E07000212", "E07000213", "E07000214", "E07000215", "E07000216", "E07000217"]);
  const surreyRows: FunnelRow[] = adjustedRows.map((r, i) => ({...r, highlight: surreyCodes.has(complete[i]!.lad_code)}));
  const captionOf = (chart: ChartElement): string => chart.querySelector("figcaption")?.textContent ?? "";
  /** Bounding boxes of the label texts, estimated as the layout does (12px, 0.6 em per character). */
  function labelBoxes(chart: ChartElement): {text: string; x0: number; x1: number; y0: number; y1: number}[] {
    return [...chart.querySelectorAll('g[aria-label="text"] text')]
      .filter((t) => t.closest("g")?.getAttribute("aria-hidden") === "true" && !/^[\d.]+$/.test(t.textContent ?? ""))
      .map((t) => {
        const g = t.closest("g")!;
        const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute("transform") ?? "")!;
        const [x, y] = [Number(m[1]), Number(m[2])];
        const w = (t.textContent ?? "").length * 7.2 * (g.getAttribute("font-weight") === "bold" ? 1.08 : 1);
        const end = g.getAttribute("text-anchor") === "end";
        return {text: t.textContent ?? "", x0: end ? x - w : x, x1: end ? x : x + w, y0: y - 7, y1: y + 7};
      });
  }

  it("draws 2025 serious violence for every district of a fully read force, Plymouth highlighted, outliers named", async () => {
    const chart = funnelPlot(adjustedRows, adjustedLimits, {document: newDocument(), multiplier: 1000, valueLabel: "Serious violence per 1,000 residents", populationLabel: "Residents (Census 2021)", baselineLabel: "England average", limitsLabel: "adjusted for over-dispersion (additive random effects)"});
    await assertSnapshot("benchmark-funnel-england-districts", chart);
    expectAccessible(chart);
    // The significance shown is the stats module's, point for point.
    const expected = dispersionSignificance(funnelRows, dispersion, "additive");
    expect(description(chart)).toContain(`${expected.filter((s) => s === "High (0.001)").length} above the 99.8% limit`);
    expect(description(chart)).toContain(`${expected.filter((s) => s === "Not significant").length} within the 95% limits`);
    expect(description(chart)).toContain(`England average: ${england.value.toFixed(1)}`);
    expect(description(chart)).toContain("Plymouth: 49.4, within the 95% limits");
    expect(captionOf(chart)).toContain("adjusted for over-dispersion (additive random effects)");
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(funnelRows.length);
    expect(texts(chart)).toContain("Plymouth: 49.4");
    // Two 95% and two 99.8% lines.
    expect(chart.querySelectorAll('g[aria-label="line"] path')).toHaveLength(4);
  });

  it("keeps the Poisson limits as an option: the stats module's significance when the rows carry none", () => {
    const chart = funnelPlot(funnelRows, limits, {document: newDocument(), multiplier: 1000});
    const poisson = rateFunnelSignificance(funnelRows.map((r) => ({count: r.count, rate: r.rate, denominator: r.population})), {rateType: "crude", multiplier: 1000});
    expect(description(chart)).toContain(`${poisson.filter((s) => s === "High (0.001)").length} above the 99.8% limit`);
    expect(captionOf(chart)).toContain("99.8% (3 SD), Poisson, around");
  });

  it("clips the City of London (192.8 per 1,000) at the top edge and lists it with its value, so the axis is not squashed", () => {
    const chart = funnelPlot(adjustedRows, adjustedLimits, {document: newDocument(), multiplier: 1000});
    const yTicks = [...chart.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => Number(t.textContent));
    expect(Math.max(...yTicks)).toBeLessThan(100);
    expect(captionOf(chart)).toContain("Off the scale, drawn on the top edge above an arrow: City of London 192.8 (1,655 in 8,584)");
    expect(description(chart)).toContain("off the scale, drawn at the top edge: City of London 192.8");
    expect(texts(chart)).toContain("City of London: 192.8 ↑");
    expect(chart.querySelectorAll('g[aria-label="arrow"] path')).toHaveLength(1);
    // Blackpool (82.0), the highest below the cut, is drawn at its value.
    expect(funnelYTop(funnelRows.map((r) => r.rate!), dispersion.target)).toBeGreaterThan(82);
    expect(funnelYTop([10, 11, 12], 11)).toBeCloseTo(12 * 1.08, 12);
    expect(funnelYTop([], 11)).toBeCloseTo(11 * 1.08, 12);
  });

  for (const width of [688, 390]) {
    it(`names Surrey's 11 districts without overlapping labels at ${width} px, with leader lines where moved`, () => {
      const chart = funnelPlot(surreyRows, adjustedLimits, {document: newDocument(), multiplier: 1000, width});
      const boxes = labelBoxes(chart);
      const surrey = boxes.filter((b) => [...surreyCodes].some((c) => complete.find((d) => d.lad_code === c)?.lad_name === b.text));
      expect(surrey.map((b) => b.text).sort()).toEqual(surreyRows.filter((r) => r.highlight).map((r) => r.area).sort());
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1)) expect(a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0, `${a.text} overlaps ${b.text}`).toBe(true);
      for (const b of boxes) expect(b.x0 >= 0 && b.x1 <= width, `${b.text} inside the chart`).toBe(true);
      expect(chart.querySelectorAll('g[aria-label="link"] path').length).toBeGreaterThan(0);
    });
  }

  it("placeLabels moves a crowded label to the next free line and drops one with no room", () => {
    const frame = {left: 0, right: 200, top: 0, bottom: 50};
    const placed = placeLabels([
      {text: "Alpha", bold: false, px: 20, py: 20, r: 4},
      {text: "Beta", bold: false, px: 22, py: 20, r: 4},
      {text: "Gamma", bold: false, px: 24, py: 20, r: 4},
      {text: "Delta", bold: false, px: 26, py: 20, r: 4}
    ], frame, [], 1);
    expect(placed.map((l) => [l.text, l.leader])).toEqual([["Alpha", false], ["Beta", true], ["Gamma", true]]);
    expect([placed[1]!.y, placed[2]!.y]).toEqual([20 - 15, 20 + 15]);
  });

  it("lists an area without a published rate instead of plotting it, and takes proportion limits too", () => {
    const rows = [...funnelRows.slice(0, 30), {area: "Unpublished", count: 0, population: 5000, rate: null}];
    const small = rateFunnelLimits(rows.filter((r) => r.rate !== null).map((r) => ({count: r.count, rate: r.rate, denominator: r.population})), {rateType: "crude", multiplier: 1000, yearsOfData: 1});
    const chart = funnelPlot(rows, small, {document: newDocument(), multiplier: 1000});
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(30);
    expect(captionOf(chart)).toContain("Not plotted (no published rate, never zero): Unpublished.");
    const proportion = proportionFunnelLimits([{numerator: 40, denominator: 200}, {numerator: 90, denominator: 500}]);
    const {lines, baseline} = funnelLines(proportion);
    expect(baseline).toBeCloseTo((130 / 700) * 100, 12);
    expect(lines.filter((l) => l.line === "99.8% upper")).toHaveLength(proportion.length);
    expect(() => funnelPlot(funnelRows, [], {document: newDocument(), multiplier: 1000})).toThrow(/no funnel limits/);
  });
});

describe("populationPyramid", () => {
  const plymouth = pyramid.filter((r) => r.area === "Plymouth");
  const englandRows = pyramid.filter((r) => r.area === "England");

  it("draws Plymouth by age and sex (mid-2020) with England as an outline", async () => {
    const chart = populationPyramid(plymouth, {document: newDocument(), area: "Plymouth", comparison: {label: "England", rows: englandRows}});
    await assertSnapshot("benchmark-pyramid-plymouth", chart);
    expectAccessible(chart);
    const bars = [...chart.querySelectorAll('g[aria-label="rect"] rect')];
    expect(bars).toHaveLength(36);
    // Males to the left of the zero line, females to the right.
    const zero = Number(chart.querySelector('g[aria-label="rule"] line')!.getAttribute("x1"));
    const male = bars.filter((b) => b.querySelector("title")!.textContent!.includes(", male "));
    expect(male).toHaveLength(18);
    for (const b of male) expect(Number(b.getAttribute("x")) + Number(b.getAttribute("width"))).toBeCloseTo(zero, 0);
    expect(chart.querySelectorAll('g[aria-label="line"] path')).toHaveLength(2);
    expect(description(chart)).toContain("most above England: female 20-24 (4.2% against 3.0%)");
  });

  it("labels a missing band and refuses shares that are not proportions", () => {
    const rows = plymouth.map((r) => (r.age === "85+" && r.sex === "Male" ? {...r, share: null, nullLabel: "suppressed"} : r));
    const chart = populationPyramid(rows, {document: newDocument()});
    expect(chart.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(35);
    expect(texts(chart)).toContain("suppressed");
    expect(() => populationPyramid([{age: "0-4", sex: "Male", share: 2.6}], {document: newDocument()})).toThrow(/share 2\.6; give shares as proportions/);
    expect(() => populationPyramid([{age: "0-4", sex: "male" as "Male", share: 0.1}], {document: newDocument()})).toThrow(/expected "Female" or "Male"/);
  });
});
