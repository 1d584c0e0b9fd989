/** Snapshot tests of every chart, drawn from real extracts (fixtures/), plus the accessibility facts each must keep. */
import type {FeatureCollection, Geometry, Polygon, MultiPolygon} from "geojson";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {geoArea, geoMercator} from "d3";
import {describe, expect, it} from "vitest";
import {
  barsByCategory,
  choropleth,
  quantileBreaks,
  concentrationCurve,
  concentrationPoints,
  monthlySeries,
  POLICEUK_LOCATION_CAVEAT,
  rateDotPlot,
  mercatorDomain,
  rewindFeature,
  seasonality,
  shareAt,
  tickMonths,
  topAreasShare,
  type ChartElement,
  type RateRow
} from "../../../components/charts/index.ts";
import {formatCount} from "../../../components/format/number.ts";
import {centre, deciles, lads, lsoas, monthly, seasonal} from "./fixtures.ts";
import {assertSnapshot, newDocument} from "./snapshot.ts";

/** The chart's main SVG (Plot wraps it in a figure when there is a legend or caption). */
function mainSvg(chart: ChartElement): SVGSVGElement {
  const svg = chart.localName === "svg" ? chart : [...chart.children].find((c) => c.localName === "svg" && c.classList.contains("plot-d6a7b5"));
  if (!svg) throw new Error("no main svg");
  return svg as SVGSVGElement;
}

function expectTextAlternatives(chart: ChartElement): void {
  const svg = mainSvg(chart);
  expect(svg.getAttribute("aria-label")?.length).toBeGreaterThan(10);
  expect(svg.getAttribute("aria-description")?.length).toBeGreaterThan(20);
}

/** Every font size set on the chart (an inline style wins over Plot's font-size="10" attribute) is at least 12px. */
function expectReadableText(chart: ChartElement): void {
  expect(mainSvg(chart).getAttribute("style")).toContain("font-size: 12px");
  for (const e of [chart, ...chart.querySelectorAll("[font-size], [style*='font-size']")]) {
    const size = (e as SVGElement | HTMLElement).style?.fontSize || e.getAttribute("font-size");
    if (size) expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(12);
  }
  // Plot's swatch legends set 10px in a stylesheet; the inline style must override it.
  for (const sw of chart.querySelectorAll("[class$='-swatches']")) expect((sw as HTMLElement).style.fontSize).toBe("12px");
}

const lsoaRates = (rows = lsoas): RateRow[] => rows.map((r) => ({area: r.name, value: r.value, lower: r.lower, upper: r.upper}));
const plymouth = lads.find((r) => r.lad === "Plymouth")!;
const force = lads.find((r) => r.lad_code === "E23000035")!;

describe("monthlySeries", () => {
  it("draws three Plymouth crime types 2024–2025 with the months missing from the snapshot as gaps", async () => {
    const chart = monthlySeries(monthly, {document: newDocument()});
    await assertSnapshot("monthly-series-plymouth", chart);
    expectTextAlternatives(chart);
    expectReadableText(chart);
    // One path per series, each broken into two segments (Jan–Apr 2024, Jan–Dec 2025) by the gap.
    const paths = [...chart.querySelectorAll('g[aria-label="line"] path')];
    expect(paths).toHaveLength(3);
    for (const p of paths) expect(p.getAttribute("d")!.match(/M/g)).toHaveLength(2);
    expect(chart.querySelector("figcaption")?.textContent).toBe(
      "No data for May 2024 to Dec 2024 (8 months): the gap in each line is missing data, not zero."
    );
    // Every published month has a marked point with a tooltip; no point is drawn for a missing month.
    const tips = [...chart.querySelectorAll('g[aria-label="dot"] title')].map((t) => t.textContent);
    expect(tips).toHaveLength(monthly.length + 3 /* the three end-label keys have no title */ - 3);
    expect(tips).toContain("Violence and sexual offences, Jul 2025: 1,202");
    expect(tips.some((t) => /2024-0[5-9]|May 2024|Dec 2024/.test(t ?? ""))).toBe(false);
  });

  it("breaks a line at a suppressed (null) month and never plots it as 0", () => {
    const rows = monthly
      .filter((r) => r.series === "Possession of weapons" && r.month >= "2025-01")
      .map((r) => ({...r, count: r.month === "2025-06" ? null : r.count}));
    const chart = monthlySeries(rows, {document: newDocument()});
    const d = chart.querySelector('g[aria-label="line"] path')!.getAttribute("d")!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(mainSvg(chart).getAttribute("aria-description")).toContain("1 month missing (Jun 2025)");
    // The y = 0 baseline is the only thing at the bottom: no dot sits on it.
    const dots = [...chart.querySelectorAll('g[aria-label="dot"] path[transform]')];
    const baseline = chart.querySelector('g[aria-label="rule"] line')!.getAttribute("y1");
    expect(dots.some((p) => p.getAttribute("transform")!.endsWith(`,${baseline})`))).toBe(false);
  });

  it("keeps end labels apart when lines end close together", () => {
    // In a short chart Public order and Possession of weapons end Dec 2025 under 15 px apart: their labels are spread,
    // centred on the two line ends, and the third stays at its own.
    const chart = monthlySeries(monthly, {document: newDocument(), height: 180});
    const yOf = (e: Element): number => Number(/translate\([-\d.]+,([-\d.]+)\)/.exec(e.getAttribute("transform") ?? "")?.[1]);
    const labels = [...chart.querySelectorAll('g[aria-label="text"][text-anchor="start"] text')].map((t) => ({name: t.textContent, y: yOf(t)}));
    const lineEnds = [...chart.querySelectorAll('g[aria-label="line"] path')].map((p) => Number(p.getAttribute("d")!.split(",").at(-1)));
    expect(labels.map((l) => l.name)).toEqual(["Violence and sexual offences", "Public order", "Possession of weapons"]);
    const [, order, weapons] = labels.map((l) => l.y);
    const [, orderEnd, weaponsEnd] = [...lineEnds].sort((a, b) => a - b);
    expect(weaponsEnd! - orderEnd!).toBeLessThan(15);
    expect(weapons! - order!).toBeCloseTo(15, 9);
    expect((order! + weapons!) / 2).toBeCloseTo((orderEnd! + weaponsEnd!) / 2, 2);
    expect(labels[0]!.y).toBeCloseTo(Math.min(...lineEnds), 2);
  });

  it("on a phone keys the series in a legend and ticks a long span by year, so no label collides", () => {
    // Oct 2018 to Dec 2025, as the Plymouth snapshot spans: 87 months at 390 px.
    const chart = monthlySeries(monthly, {document: newDocument(), start: "2018-10", end: "2025-12", width: 358});
    const ticks = [...chart.querySelectorAll('g[aria-label="x-axis tick label"] text')];
    const labels = ticks.map((t) => t.textContent ?? "");
    expect(labels.length).toBeGreaterThan(1);
    for (const l of labels) expect(l).toMatch(/^\d{4}$/);
    const xs = ticks.map((t) => Number((t.closest("[transform]")?.getAttribute("transform") ?? t.getAttribute("transform") ?? "").match(/translate\(([\d.]+)/)?.[1]));
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(40);
    // No direct end labels eat the width: the series are keyed in a legend instead.
    expect([...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent)).not.toContain("Public order");
    expect(chart.querySelector(".plot-d6a7b5-swatches")?.textContent).toContain("Public order");
    // A gap band too narrow for its "No data" label draws no overprinting label.
    expect(chart.querySelector("svg.plot-d6a7b5")?.getAttribute("width")).toBe("358");
  });

  it("ticks months at calendar quarters when they fit", () => {
    const {ticks, format} = tickMonths(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"], 300);
    expect(ticks.map(format)).toEqual(["Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025"]);
  });

  it("refuses duplicate rows and bad months", () => {
    const doc = newDocument();
    expect(() => monthlySeries([...monthly, monthly[0]!], {document: doc})).toThrow(/both have series and month "Possession of weapons 2024-01"/);
    expect(() => monthlySeries([{month: "2025-1", series: "x", count: 1}], {document: doc})).toThrow(/Invalid month "2025-1"/);
    // Rows outside the months drawn would be in the table under a title naming other months.
    expect(() => monthlySeries(monthly, {document: doc, start: "2025-01", end: "2025-12"})).toThrow(/a row for Jan 2024 \(Possession of weapons\) is outside Jan 2025 to Dec 2025/);
  });
});

describe("seasonality", () => {
  it("draws Plymouth violence by year and month of year, with the value in every cell", async () => {
    const chart = seasonality(seasonal, {document: newDocument(), valueLabel: "Violent crimes"});
    await assertSnapshot("seasonality-plymouth-violence", chart);
    expectTextAlternatives(chart);
    expectReadableText(chart);
    const texts = [...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(texts).toHaveLength(4 * 12);
    // 2018: Jan–Sep, 2019: Mar–Dec, 2024: May–Dec are not in the snapshot.
    expect(texts.filter((t) => t === "–")).toHaveLength(9 + 10 + 8);
    expect(texts).not.toContain("0");
    expect(texts).toContain("1,202");
    expect(mainSvg(chart).getAttribute("aria-description")).toBe(
      "Violent crimes by month of year for 2018, 2019, 2024, 2025: highest Jul 2025 (1,202), lowest Feb 2019 (703); 27 of 48 months no data."
    );
  });

  it("prints each value in black or white, whichever contrasts more with its cell", () => {
    const chart = seasonality(seasonal, {document: newDocument()});
    const cells = [...chart.querySelectorAll('g[aria-label="cell"] rect')].map((r) => r.getAttribute("fill"));
    const inks = [...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.getAttribute("fill"));
    expect(new Set(inks)).toEqual(new Set(["black", "white"]));
    expect(inks[cells.indexOf("#f0f0f0")]).toBe("black");
  });
  it("on a phone (358 px) turns: months down, years across, each value printed where it fits", () => {
    const chart = seasonality(seasonal, {document: newDocument(), width: 358});
    expectReadableText(chart);
    const svg = mainSvg(chart);
    expect([...svg.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent)).toEqual(["2018", "2019", "2024", "2025"]);
    expect([...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent)).toHaveLength(12);
    // 48 values, in four columns far enough apart for the widest ("1,202", about 36 px at 12 px).
    const xs = [...new Set([...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => Number(/translate\(([-\d.]+),/.exec(t.getAttribute("transform") ?? "")?.[1])))].sort((a, b) => a - b);
    expect(svg.querySelectorAll('g[aria-label="text"] text')).toHaveLength(48);
    expect(xs).toHaveLength(4);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThan(40);
    expect(chart.querySelector("figcaption")?.textContent).toBe("Darker cells have higher values; each cell shows its value. Grey cells marked – have no data.");
    // The laptop's chart is not turned.
    const wide = mainSvg(seasonality(seasonal, {document: newDocument()}));
    expect([...wide.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent)).toHaveLength(12);
  });

  it("leaves values too wide for their cells to the figure's table, and says so", () => {
    const chart = seasonality(seasonal, {document: newDocument(), width: 280, format: (v) => `${formatCount(v)} crimes`});
    expect(chart.querySelectorAll('g[aria-label="text"] text')).toHaveLength(0);
    expect(chart.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(48);
    expect(chart.querySelector("figcaption")?.textContent).toBe("Darker cells have higher values; the figure's table gives each value. Grey cells have no data.");
    expect(mainSvg(chart).getAttribute("aria-description")).toContain("highest Jul 2025 (1,202 crimes)");
  });
});

describe("rateDotPlot", () => {
  const rows: RateRow[] = lads
    .filter((r) => r.lad_code !== "E23000035")
    .map((r) => ({area: r.lad, value: r.value, lower: r.lower, upper: r.upper, highlight: r.lad === "Plymouth"}));

  it("draws the 12 authorities of Devon & Cornwall, Plymouth highlighted, against the force rate", async () => {
    const chart = rateDotPlot(rows, {document: newDocument(), benchmark: {value: force.value, label: "Devon & Cornwall"}});
    await assertSnapshot("rate-dot-plot-devon-cornwall", chart);
    expectTextAlternatives(chart);
    expectReadableText(chart);
    const bold = [...chart.querySelectorAll('g[font-weight="bold"] text')].map((t) => t.textContent);
    expect(bold).toEqual(["Plymouth"]);
    expect(mainSvg(chart).getAttribute("aria-description")).toContain("Plymouth: 47.1 (46.3 to 48.0), ranked 1 of 12");
    expect(mainSvg(chart).getAttribute("aria-description")).toContain("Devon & Cornwall: 33.8");
  });

  it("scales to 164 LSOAs: compact rows, only the highlighted area labelled, groups in a legend", async () => {
    const groups = ["Higher than Plymouth", "Similar to Plymouth", "Lower than Plymouth"];
    const many: RateRow[] = lsoaRates().map((r) => ({
      ...r,
      highlight: r.area === "Plymouth 027F",
      group: r.lower! > plymouth.value ? groups[0] : r.upper! < plymouth.value ? groups[2] : groups[1]
    }));
    const chart = rateDotPlot(many, {document: newDocument(), benchmark: {value: plymouth.value, label: "Plymouth"}, groups});
    await assertSnapshot("rate-dot-plot-plymouth-lsoas", chart);
    const svg = mainSvg(chart);
    expect(Number(svg.getAttribute("height"))).toBeGreaterThan(164 * 4);
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(164);
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(labels).toEqual(["Plymouth: 47.1", "Plymouth 027F"]);
    expect(chart.querySelector(".plot-d6a7b5-swatches")?.textContent).toContain("Higher than Plymouth");
  });

  it("grows with the number of areas and refuses inconsistent rows", () => {
    const doc = newDocument();
    const h = (n: number): number => Number(mainSvg(rateDotPlot(lsoaRates(lsoas.slice(0, n)), {document: doc})).getAttribute("height"));
    expect(h(10)).toBeLessThan(h(40));
    expect(h(100)).toBeLessThan(h(164));
    expect(() => rateDotPlot([{area: "A", value: 5, lower: 6, upper: 7}], {document: doc})).toThrow(/row 0 \(A\) has value 5 outside its interval 6 to 7/);
    expect(() => rateDotPlot([{area: "A", value: 5, lower: 4, upper: 7, group: "x"}, {area: "B", value: 5, lower: 4, upper: 7}], {document: doc})).toThrow(/row 1 \(B\) has group undefined/);
  });

  it("on a phone (358 px), long names wrap within half the chart and the axis label is written under the axis, inside the chart", () => {
    // The What changed chart's rows: an edition's name and months beside this build's.
    const chart = rateDotPlot(
      [
        {area: "This build: Jan 2025 to Apr 2025", value: 34.7, lower: 33.9, upper: 35.6, highlight: true},
        {area: "surrey-jan-apr-2024: Jan 2024 to Apr 2024", value: 33.7, lower: 32.9, upper: 34.5}
      ],
      {document: newDocument(), valueLabel: "Rate per 1,000 residents over the months compared", width: 358}
    );
    const svg = mainSvg(chart);
    const names = [...svg.querySelectorAll('g[aria-label="text"] text')].filter((t) => /\d{4}/.test(t.textContent ?? ""));
    // Every name is drawn whole, over more than one line for the longer one.
    const whole = (t: Element) => [...t.querySelectorAll("tspan")].map((l) => l.textContent).join(" ") || t.textContent;
    expect(names.map(whole).sort()).toEqual(["This build: Jan 2025 to Apr 2025", "surrey-jan-apr-2024: Jan 2024 to Apr 2024"]);
    expect(names.find((t) => whole(t)!.startsWith("surrey"))!.querySelectorAll("tspan").length).toBeGreaterThan(1);
    // The names' margin leaves the dots more than half the chart.
    const frameLeft = Number(names[0]!.getAttribute("transform")?.match(/translate\(([\d.]+)/)?.[1]);
    expect(frameLeft).toBeGreaterThan(60);
    expect(frameLeft).toBeLessThanOrEqual(358 * 0.45);
    // No axis label that would run off the right edge; the label is a wrapped text from the chart's left edge.
    expect(svg.querySelector('g[aria-label="x-axis label"]')).toBeNull();
    const label = [...svg.querySelectorAll("text")].find((t) => (t.textContent ?? "").startsWith("Rate per 1,000"))!;
    expect(label.querySelectorAll("tspan").length).toBeGreaterThan(1);
    expect([...label.querySelectorAll("tspan")].map((l) => l.textContent).join(" ")).toBe("Rate per 1,000 residents over the months compared (95% confidence interval) →");
    // At the default width the same chart keeps its axis label on the axis.
    const wide = mainSvg(rateDotPlot([{area: "Plymouth", value: 47.1, lower: 46.3, upper: 48}], {document: newDocument(), valueLabel: "Rate per 1,000"}));
    expect(wide.querySelector('g[aria-label="x-axis label"]')?.textContent).toBe("Rate per 1,000 (95% confidence interval) →");
  });

  it("labels a suppressed rate instead of drawing it", () => {
    const chart = rateDotPlot([...rows, {area: "Suppressed area", value: null, lower: null, upper: null}], {document: newDocument(), nullLabel: "suppressed"});
    expect(chart.querySelectorAll('g[aria-label="dot"] title')).toHaveLength(12);
    expect([...chart.querySelectorAll("text")].map((t) => t.textContent)).toContain("suppressed");
    expect(mainSvg(chart).getAttribute("aria-description")).toContain("1 area suppressed");
  });
});

describe("concentrationCurve", () => {
  const points = concentrationPoints(lsoas.map((r) => r.count));

  it("draws how 2025 violence concentrates in Plymouth's LSOAs, marking the top 5% and 10%", async () => {
    const chart = concentrationCurve(points, {document: newDocument()});
    await assertSnapshot("concentration-curve-plymouth", chart);
    expectTextAlternatives(chart);
    expectReadableText(chart);
    const labels = [...chart.querySelectorAll("text")].map((t) => t.textContent).filter((t) => t?.startsWith("Top"));
    expect(labels).toHaveLength(2);
    // Whole LSOAs, as the subtitle and findings count them: the 8 busiest of 164 (round(164 × 5%)), not 8.2 interpolated.
    const sorted = lsoas.map((r) => r.count).sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const share = (n: number): string => `${((sorted.slice(0, n).reduce((a, b) => a + b, 0) / total) * 100).toFixed(1)}%`;
    expect(labels).toEqual([`Top 5% of LSOAs (8): ${share(8)} of crimes`, `Top 10% of LSOAs (16): ${share(16)} of crimes`]);
    expect(topAreasShare(points, 0.05)).toMatchObject({areas: 8, share_of_areas: 8 / 164});
  });

  it("computes shares from counts exactly", () => {
    const p = concentrationPoints([1, 5, 0, 4]);
    expect(p).toEqual([
      {share_of_areas: 0, share_of_crimes: 0},
      {share_of_areas: 0.25, share_of_crimes: 0.5},
      {share_of_areas: 0.5, share_of_crimes: 0.9},
      {share_of_areas: 0.75, share_of_crimes: 1},
      {share_of_areas: 1, share_of_crimes: 1}
    ]);
    expect(shareAt(p, 0.125)).toBeCloseTo(0.25, 12);
    // The top 5% of 164 LSOAs is 8.2 LSOAs: between the 8th and 9th busiest.
    const sorted = lsoas.map((r) => r.count).sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top8 = sorted.slice(0, 8).reduce((a, b) => a + b, 0);
    expect(shareAt(points, 0.05)).toBeCloseTo((top8 + 0.2 * sorted[8]!) / total, 12);
    expect(() => concentrationPoints([3, null as unknown as number])).toThrow(/count 1 is null/);
    expect(() => concentrationCurve([{share_of_areas: 0.5, share_of_crimes: 0.6}, {share_of_areas: 0.4, share_of_crimes: 0.7}], {document: newDocument()})).toThrow(/row 1 goes backwards/);
  });
});

describe("choropleth", () => {
  const rates = new Map(lsoas.map((r) => [r.lsoa, r.value]));
  const codes = centre.features.map((f) => String(f.properties.LSOA21CD));

  it("maps violence rates in twelve central Plymouth LSOAs, one hatched as no data, with the police.uk caveat", async () => {
    const values = new Map(codes.map((c) => [c, rates.get(c)!] as [string, number | null]));
    values.set(codes[3]!, null);
    const chart = choropleth(centre, values, {document: newDocument(), valueLabel: "Violent crimes per 1,000 residents", caveat: POLICEUK_LOCATION_CAVEAT, id: "centre"});
    await assertSnapshot("choropleth-plymouth-centre", chart);
    expectTextAlternatives(chart);
    expectReadableText(chart);
    const geos = [...chart.querySelectorAll('g[aria-label="geo"] path')];
    expect(geos).toHaveLength(12);
    const hatched = geos.filter((p) => p.closest("g")!.getAttribute("fill") === "url(#centre-no-data)");
    expect(hatched).toHaveLength(1);
    expect(hatched[0]!.querySelector("title")!.textContent).toMatch(/\(E01\d+\): no data$/);
    expect(chart.querySelector("#centre-no-data pattern, pattern#centre-no-data")).not.toBeNull();
    expect(chart.querySelector(".sna-no-data-key")?.textContent).toBe("No data (1 area)");
    expect(chart.querySelector("figcaption")?.textContent).toBe(POLICEUK_LOCATION_CAVEAT);
    // The legend is a quantile ramp drawn with rects (no canvas), labelled with the value.
    expect(chart.querySelector(".plot-d6a7b5-ramp")?.textContent).toContain("Violent crimes per 1,000 residents");
  });

  it("puts LSOAs with no crime in the lightest class when most have none (a short period, a rare offence)", () => {
    // Quantile breaks of 0, 0, 0, 0 put every zero in the darkest class: the zeros are a class, the rest split by quantiles.
    const near = (a: number[], b: number[]) => expect(a.map((v) => +v.toFixed(9))).toEqual(b);
    near(quantileBreaks([0, 0, 0, 0, 0, 0, 0, 0, 1.2, 3.4], 5), [1.2, 2.3]);
    near(quantileBreaks([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6], 5), [1, 2.25, 3.5, 4.75]);
    near(quantileBreaks([0, 0, 0, 0, 0, 0, 0, 0, 0, 5], 5), [5]);
    near(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), [2.8, 4.6, 6.4, 8.2]);
    expect(quantileBreaks([0, 0, 0], 5)).toEqual([]);
    const values = new Map(codes.map((c, i) => [c, i < 10 ? 0 : i + 0.5] as [string, number]));
    const chart = choropleth(centre, values, {document: newDocument(), valueLabel: "Violent crimes per 1,000 residents"});
    const fillOf = new Map([...chart.querySelectorAll('g[aria-label="geo"] path')].map((p) => [p.querySelector("title")!.textContent!.match(/\((E01\d+)\)/)![1]!, p.getAttribute("fill")!]));
    const zeroFills = new Set(codes.slice(0, 10).map((c) => fillOf.get(c)));
    expect(zeroFills.size).toBe(1);
    expect(fillOf.get(codes[11]!)).not.toBe([...zeroFills][0]);
    // The lightest of the ramp's colours is the zeros'.
    const ramp = [...chart.querySelectorAll(".plot-d6a7b5-ramp rect")].map((r) => r.getAttribute("fill"));
    expect(ramp[0]).toBe([...zeroFills][0]);
    // Every area the same value: one class, keyed by that value.
    const flat = choropleth(centre, new Map(codes.map((c) => [c, 0])), {document: newDocument(), valueLabel: "Violent crimes per 1,000 residents"});
    expect(new Set([...flat.querySelectorAll('g[aria-label="geo"] path')].map((p) => p.getAttribute("fill"))).size).toBe(1);
    expect(flat.textContent).toContain("0.0");
  });

  it("draws the same map whichever way the rings are wound", () => {
    const reversed: FeatureCollection<Geometry, Record<string, unknown>> = {
      ...centre,
      features: centre.features.map((f) => {
        const g = f.geometry as Polygon | MultiPolygon;
        const rev = (rings: number[][][]): number[][][] => rings.map((r) => [...r].reverse());
        const geometry = g.type === "Polygon" ? {...g, coordinates: rev(g.coordinates)} : {...g, coordinates: g.coordinates.map(rev)};
        return {...f, geometry};
      })
    };
    expect(rewindFeature(reversed.features[0]!)).not.toBe(reversed.features[0]);
    expect(rewindFeature(centre.features[0]!)).toBe(centre.features[0]);
    const values = new Map(codes.map((c) => [c, rates.get(c)!]));
    const d = (fc: typeof centre): string[] => [...choropleth(fc, values, {document: newDocument()}).querySelectorAll('g[aria-label="geo"] path')].map((p) => p.getAttribute("d")!);
    const a = d(centre);
    const b = d(reversed);
    // Same outlines, traced in the opposite direction: compare the sets of vertices.
    const vertices = (s: string): string[] => s.split(/[MLZ]/).filter(Boolean).sort();
    expect(b.map(vertices)).toEqual(a.map(vertices));
  });

  it("tells the winding as the spherical area does for every LSOA of the snapshot (883 areas, both ways round)", () => {
    const dir = "data/snapshot/ons/boundaries/lsoa21";
    const features = readdirSync(dir).flatMap((f) => (JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString("utf8")) as FeatureCollection<Geometry, Record<string, unknown>>).features);
    expect(features.length).toBe(883);
    const reverse = (f: (typeof features)[number]) => {
      const g = f.geometry as Polygon | MultiPolygon;
      const rev = (rings: number[][][]): number[][][] => rings.map((r) => [...r].reverse());
      return {...f, geometry: g.type === "Polygon" ? {...g, coordinates: rev(g.coordinates)} : {...g, coordinates: g.coordinates.map(rev)}};
    };
    for (const f of [...features, ...features.map(reverse)]) {
      const flipped = rewindFeature(f) !== f;
      expect(flipped, String(f.properties?.LSOA21CD)).toBe(geoArea(f) > 2 * Math.PI);
      expect(geoArea(rewindFeature(f))).toBeLessThan(2 * Math.PI);
    }
  });

  it("fits the map to the areas' longitude–latitude box exactly as to the areas themselves", () => {
    const dir = "data/snapshot/ons/boundaries/lsoa21";
    for (const file of ["E06000026.geojson.gz", "E07000209.geojson.gz"]) {
      const fc = JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString("utf8")) as FeatureCollection<Geometry, Record<string, unknown>>;
      const features = fc.features.map((f) => rewindFeature(f));
      const box = mercatorDomain(features);
      expect(box.type).toBe("MultiPoint");
      const fitted = (domain: object) => geoMercator().fitSize([640, 640], domain as never);
      const [a, b] = [fitted(box), fitted({type: "FeatureCollection", features})];
      expect(a.scale()).toBeCloseTo(b.scale(), 6);
      expect(a.translate()[0]).toBeCloseTo(b.translate()[0], 6);
      expect(a.translate()[1]).toBeCloseTo(b.translate()[1], 6);
    }
    // Points are measured by d3-geo itself.
    expect(mercatorDomain([{type: "Feature", properties: {}, geometry: {type: "Point", coordinates: [-4.14, 50.37]}}]).type).toBe("FeatureCollection");
  });

  it("refuses values for areas it has no boundary for (a 2011/2021 vintage mix-up)", () => {
    expect(() => choropleth(centre, new Map([["E01099999", 1]]), {document: newDocument()})).toThrow(/have no boundary, e.g. E01099999; check the boundary vintage/);
    // Mapping a subset of the partnership's LSOAs is allowed when asked for.
    const all = new Map(lsoas.map((r) => [r.lsoa, r.value]));
    const chart = choropleth(centre, all, {document: newDocument(), allowExtraValues: true});
    expect(chart.querySelectorAll('g[aria-label="geo"] path')).toHaveLength(12);
    expect(() => choropleth(centre, all, {document: newDocument()})).toThrow(/152 value\(s\) have no boundary/);
  });

  it("keys IMD deciles in words, decile 1 darkest, instead of an '11 − decile' ramp", () => {
    const decileOf = new Map(lsoas.map((r) => [r.lsoa, r.decile]));
    const values = new Map(codes.map((c) => [c, decileOf.get(c)!]));
    const classes = Array.from({length: 10}, (_, i) => ({value: i + 1, label: i === 0 ? "1 most deprived" : i === 9 ? "10 least deprived" : String(i + 1)}));
    const chart = choropleth(centre, values, {document: newDocument(), valueLabel: "IMD 2025 decile", classes, darkestFirst: true, scheme: "purples", format: (v) => `decile ${v}`});
    const swatches = chart.querySelector(".plot-d6a7b5-swatches");
    expect(swatches?.textContent).toContain("1 most deprived");
    expect(swatches?.textContent).toContain("10 least deprived");
    expect(chart.textContent).not.toContain("11 −");
    // Decile 1 takes the darkest purple: its swatch is darker (lower luminance) than decile 10's.
    const fills = [...swatches!.querySelectorAll("svg rect, svg")].map((e) => e.getAttribute("fill")).filter((f): f is string => !!f && f.startsWith("rgb") || !!f?.startsWith("#"));
    const lum = (c: string): number => { const m = c.match(/\d+/g)!.map(Number); return c.startsWith("#") ? Number.parseInt(c.slice(1, 3), 16) + Number.parseInt(c.slice(3, 5), 16) + Number.parseInt(c.slice(5, 7), 16) : m[0]! + m[1]! + m[2]!; };
    expect(fills.length).toBe(10);
    expect(lum(fills[0]!)).toBeLessThan(lum(fills[9]!));
    const titles = [...chart.querySelectorAll('g[aria-label="geo"] path title')].map((t) => t.textContent);
    expect(titles.some((t) => /: decile \d+$/.test(t ?? ""))).toBe(true);
    expect(() => choropleth(centre, new Map(codes.map((c) => [c, 11])), {document: newDocument(), classes})).toThrow(/value 11, which is not one of the classes/);
  });
});

describe("barsByCategory", () => {
  const rows = deciles.map((d) => ({
    category: d.decile === 1 ? "1 (most deprived)" : d.decile === 10 ? "10 (least deprived)" : String(d.decile),
    value: d.value,
    lower: d.lower,
    upper: d.upper
  }));

  it("draws Plymouth violence rates by IMD 2025 decile with 95% CIs", async () => {
    const chart = barsByCategory(rows, {document: newDocument(), valueLabel: "Violent crimes per 1,000 residents", categoryLabel: "IMD decile"});
    await assertSnapshot("bars-plymouth-violence-by-imd", chart);
    expectTextAlternatives(chart);
    expectReadableText(chart);
    expect(chart.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(10);
    expect(chart.querySelectorAll('g[aria-label="rule"] line')).toHaveLength(10 + 1);
    expect(mainSvg(chart).getAttribute("aria-description")).toMatch(/^Violent crimes per 1,000 residents by IMD decile, with 95% confidence intervals: 1 \(most deprived\) 87\.5 \(84\.3 to 90\.8\); 2 /);
  });

  it("ticks and labels shares as percentages, never as 0 0 … 1", () => {
    const total = deciles.reduce((s, d) => s + d.residents, 0);
    const shares = deciles.map((d) => ({category: `Decile ${d.decile}`, value: d.residents / total}));
    const chart = barsByCategory(shares, {document: newDocument(), valueLabel: "Share of residents", percent: true});
    const ticks = [...chart.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent ?? "");
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^\d+(\.\d)?%$/);
    expect(new Set(ticks).size).toBe(ticks.length);
    const labels = [...chart.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent ?? "");
    expect(labels).toContain(`${((deciles[0]!.residents / total) * 100).toFixed(1)}%`);
  });

  it("draws no negative width at phone widths: long labels wrap within 40% of the chart", () => {
    // Census 2021 TS021 high-level group names (the longest labels the Place chapter draws).
    const names = ["Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean or African", "Mixed or Multiple ethnic groups", "White", "Other ethnic group"];
    const rows5 = names.map((category, i) => ({category, value: deciles[i]!.residents / 10000}));
    for (const width of [280, 320, 358]) {
      const chart = barsByCategory(rows5, {document: newDocument(), valueLabel: "Share of residents", percent: true, width});
      for (const r of chart.querySelectorAll("rect")) expect(Number(r.getAttribute("width") ?? 0)).toBeGreaterThanOrEqual(0);
      const svg = mainSvg(chart);
      expect(svg.getAttribute("width")).toBe(String(width));
      // The longest label is broken onto several lines (tspans) rather than overrunning the left edge.
      const longest = [...chart.querySelectorAll('g[aria-label="text"] text')].find((t) => (t.textContent ?? "").startsWith("Black,"));
      expect(longest?.querySelectorAll("tspan").length).toBeGreaterThan(1);
    }
    // Framework's width is briefly 0 while a page lays out: the chart is drawn at its minimum width instead.
    const zero = barsByCategory(rows5, {document: newDocument(), width: 0});
    expect(mainSvg(zero).getAttribute("width")).toBe("280");
    for (const r of zero.querySelectorAll("rect")) expect(Number(r.getAttribute("width") ?? 0)).toBeGreaterThanOrEqual(0);
    const monthlyNarrow = monthlySeries(monthly, {document: newDocument(), start: "2018-10", end: "2025-12", width: 256});
    for (const r of monthlyNarrow.querySelectorAll("rect")) expect(Number(r.getAttribute("width") ?? 0)).toBeGreaterThanOrEqual(0);
  });

  it("labels a missing category instead of drawing a zero bar", () => {
    const chart = barsByCategory([...rows.slice(0, 3), {category: "Unknown", value: null}], {document: newDocument(), nullLabel: "suppressed"});
    expect(chart.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(3);
    expect([...chart.querySelectorAll("text")].map((t) => t.textContent)).toContain("suppressed");
  });
});
