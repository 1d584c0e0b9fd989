/**
 * The benchmarking module (components/benchmarking): one significance rule, peers by area code and tier, Fingertips'
 * spine percentiles, one England value, one number format per indicator, and the rows the charts draw. Values are
 * Fingertips' own test values (fingertips-open IndicatorStatsCalculatorTest) or real rows of the snapshot's extracts.
 */
import {describe, expect, it} from "vitest";
import {
  compareAreaRows,
  currentIndicators,
  englandValueOf,
  formatIndicatorValue,
  outcomeInWords,
  periodAge,
  periodEndYear,
  periodLabel,
  peerTier,
  significanceOf,
  spineChartRows,
  spineFor,
  spinePeers,
  supersededBy,
  tartanCells,
  tiersOfCode,
  trendRows,
  type IndicatorRef,
  type IndicatorValueRow
} from "../../components/benchmarking/index.ts";
import {fingertipsPercentile, spineSummary} from "../../components/stats/quantiles.ts";
import {parseTable} from "../../components/tables/parse.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {riskFactorFindings, type RiskFindingSource} from "../../components/findings/findings.ts";

const range = (lo: number, hi: number): number[] => Array.from({length: hi - lo + 1}, (_, i) => lo + i);

describe("fingertipsPercentile: fingertips-open IndicatorStatsCalculatorTest (commit 678089724a51)", () => {
  it("reproduces Fingertips' published percentiles", () => {
    expect(fingertipsPercentile(range(50, 60), 0.25)).toBe(52.5);
    expect(fingertipsPercentile(range(50, 60), 0.75)).toBe(57.5);
    expect(fingertipsPercentile(range(50, 60), 0.5)).toBe(55);
    expect(fingertipsPercentile(range(1, 100), 0.25)).toBe(25.75);
    expect(fingertipsPercentile(range(1, 100), 0.75)).toBe(75.25);
    expect(fingertipsPercentile(range(1, 17), 0.25)).toBe(5);
    expect(fingertipsPercentile(range(1, 17), 0.75)).toBe(13);
  });

  it("needs 4 values, sorts its input and rounds away floating-point artefacts", () => {
    expect(fingertipsPercentile([4, 5, 6], 0.25)).toBeNull();
    expect(fingertipsPercentile([6, 4, 6, 5], 0.25)).toBe(4.75);
    // 93203 NEET 2018, the four lowest-valued upper-tier areas of the extract: 0.1 + 0.75·(0.2 − 0.1) is 0.175 exactly.
    expect(fingertipsPercentile([0.2, 0.1, 0.3, 0.4], 0.25)).toBe(0.175);
    expect(() => fingertipsPercentile([1, 2, 3, Number.NaN], 0.5)).toThrow(/value 4 must be a finite number/);
  });

  it("puts worst and best at the ends the polarity says", () => {
    expect(spineSummary([10, 20, 30, 40, null], "low-is-good")).toEqual({worst: 40, q25: 17.5, q75: 32.5, best: 10, areas: 4});
    expect(spineSummary([10, 20, 30, 40], "high-is-good")).toMatchObject({worst: 10, best: 40});
    expect(spineSummary([10, 20, 30, null], "low-is-good")).toBeNull();
  });
});

describe("significanceOf: the one rule", () => {
  // Crawley 11202 violence offences 2018/19: 36.9114 (35.7932 to 38.0556); England 27.7611 (Sussex extract).
  it("compares the 95% interval with England's value when both are known", () => {
    expect(significanceOf({lower: 35.7932, upper: 38.0556}, 27.7611, "low-is-good")).toEqual({outcome: "Worse", source: "computed from 95% CI"});
    expect(significanceOf({lower: 35.7932, upper: 38.0556}, 27.7611, "no-judgement")).toEqual({outcome: "Higher", source: "computed from 95% CI"});
    // A limit touching England's value is similar, as in Fingertips.
    expect(significanceOf({lower: 35.7932, upper: 38.0556}, 35.7932, "low-is-good").outcome).toBe("Similar");
  });

  it("falls back to Fingertips' own comparison only when it fits the polarity", () => {
    // Plymouth 93203 NEET 2018: 6.4, Fingertips "Worse", no interval in the extract.
    expect(significanceOf({lower: null, upper: null, comparedToEngland: "Worse"}, 5.5, "low-is-good")).toEqual({outcome: "Worse", source: "Fingertips' own comparison"});
    expect(significanceOf({lower: null, upper: null, comparedToEngland: "Worse"}, 5.5, "no-judgement")).toEqual({outcome: "Not compared", source: "none"});
    expect(significanceOf({lower: null, upper: null, comparedToEngland: "Higher"}, 5.5, "low-is-good").outcome).toBe("Not compared");
    expect(significanceOf({lower: null, upper: null, comparedToEngland: "Similar"}, null, "no-judgement").outcome).toBe("Similar");
    expect(significanceOf({lower: 1, upper: 2}, null, "low-is-good")).toEqual({outcome: "Not compared", source: "none"});
  });

  it("words an outcome for running text", () => {
    expect(outcomeInWords("Higher")).toBe("significantly higher");
    expect(outcomeInWords("Similar")).toBe("similar");
    expect(outcomeInWords("Not compared")).toBe("not compared");
  });
});

describe("peers: by area code, tier and period", () => {
  it("knows the tiers of English local-authority codes", () => {
    expect(tiersOfCode("E07000223")).toEqual(["lower"]);
    expect(tiersOfCode("E10000032")).toEqual(["upper"]);
    expect(tiersOfCode("E06000026")).toEqual(["lower", "upper"]);
    expect(tiersOfCode("E09000001")).toEqual(["lower", "upper"]);
    expect(tiersOfCode("E92000001")).toEqual([]);
    expect(tiersOfCode("E47000001")).toEqual([]);
  });

  it("compares a unitary authority with the tier the period's data is published for", () => {
    // 10101 2016: 326 district-level codes plus East and West Sussex from a county-level extract: districts.
    const districts2016 = ["E06000026", "E07000223", "E07000224", "E08000009", "E10000011", "E10000032"];
    expect(peerTier("E06000026", districts2016)).toBe("lower");
    expect(peerTier("E06000026", ["E06000026", "E10000011", "E10000032", "E08000009"])).toBe("upper");
    expect(peerTier("E10000030", districts2016)).toBe("upper");
    expect(peerTier("E92000001", districts2016)).toBeNull();
  });

  it("keeps the Sussex rows whose area-type label differs, and leaves out England and combined authorities", () => {
    // Real rows of 10101 in 2016: Adur from the Sussex extract ("District & UA"), Trafford's rows ("… (pre 4/19)").
    const rows = [
      {areaCode: "E07000223", areaType: "District & UA", period: "2016", value: 14.4},
      {areaCode: "E08000009", areaType: "District & UA (pre 4/19)", period: "2016", value: 11.6},
      {areaCode: "E06000026", areaType: "District & UA (pre 4/19)", period: "2016", value: 20},
      {areaCode: "E07000228", areaType: "District & UA", period: "2016", value: 7.2},
      {areaCode: "E06000026", areaType: "District & UA (pre 4/19)", period: "2015", value: 19},
      {areaCode: "E92000001", areaType: "England", period: "2016", value: 17},
      {areaCode: "E47000001", areaType: "Combined authority", period: "2016", value: 19.5}
    ];
    const peers = spinePeers(rows, "lower", "2016");
    expect(peers.map((p) => p.areaCode).sort()).toEqual(["E06000026", "E07000223", "E07000228", "E08000009"]);
    expect(spineFor(peers, "lower", "low-is-good")).toEqual({worst: 20, q25: 10.5, q75: 15.8, best: 7.2, areas: 4, tier: "lower", label: "4 districts and unitary authorities"});
    expect(() => spinePeers([...rows, {...rows[0]!, value: 14.5}], "lower", "2016")).toThrow(/E07000223 has two values in 2016 \(14\.4 and 14\.5\)/);
  });

  it("has one England value per period", () => {
    const rows = [{areaCode: "E92000001", period: "2018", value: 5.5252}, {areaCode: "E92000001", period: "2017", value: 6}];
    expect(englandValueOf(rows, "2018")).toBe(5.5252);
    expect(englandValueOf(rows, "2016")).toBeNull();
    expect(() => englandValueOf([...rows, {areaCode: "E92000001", period: "2018", value: 5.5}], "2018")).toThrow(/England has 2 different values in 2018 \(5\.5252, 5\.5\)/);
  });
});

describe("chart rows", () => {
  // Real rows of 93203 (16–17 NEET, %, low is good), 2016–2018: Plymouth (Trafford extract), Brighton and Hove and
  // England 2018 (Sussex extract, with intervals), England 2016–17 (Trafford extract).
  const neet: IndicatorRef = {id: 93203, name: "16–17 NEET", polarity: "low-is-good", decimals: 1, period: "2018"};
  const row = (area_code: string, area_name: string, period: string, value: number | null, compared: string | null, lower: number | null = null, upper: number | null = null): IndicatorValueRow =>
    ({indicator_id: 93203, area_code, area_name, period, year: Number(period), value, lower, upper, compared_to_england: compared, value_note: null});
  const values = [
    row("E06000026", "Plymouth", "2016", 5.7, "Similar"), row("E06000026", "Plymouth", "2017", 6.8, "Worse"), row("E06000026", "Plymouth", "2018", 6.4, "Worse"),
    row("E06000043", "Brighton and Hove", "2018", 4.5652, null, 3.937, 5.0955),
    row("E92000001", "England", "2016", 6, null), row("E92000001", "England", "2017", 6, null), row("E92000001", "England", "2018", 5.5252, null)
  ];
  const areas = [
    {code: "E06000026", name: "Plymouth", role: "partnership"},
    {code: "E06000058", name: "Bournemouth, Christchurch and Poole", role: "neighbour"},
    {code: "E06000043", name: "Brighton and Hove", role: "neighbour"},
    {code: "E92000001", name: "England", role: "england"}
  ];

  it("gives the tartan rug one cell per area with a value, compared by the one rule, England not compared", () => {
    const cells = tartanCells([neet], values, areas);
    expect(cells.map((c) => [c.area, c.value, c.significance, c.source])).toEqual([
      ["Plymouth", 6.4, "Worse", "Fingertips' own comparison"],
      ["Brighton and Hove", 4.5652, "Better", "computed from 95% CI"],
      ["England", 5.5252, "Not compared", "none"]
    ]);
    expect(cells.every((c) => c.digits === 1 && c.period === "2018")).toBe(true);
  });

  it("gives compare-areas rows without England, with England as the benchmark", () => {
    const {rows, england, period} = compareAreaRows(neet, values, "E06000026");
    expect(period).toBe("2018");
    expect(england).toBe(5.5252);
    expect(rows.map((r) => [r.area, r.significance, r.highlight])).toEqual([["Plymouth", "Worse", true], ["Brighton and Hove", "Better", false]]);
  });

  it("gives the trend each period's comparison against England in that period", () => {
    const {rows, england} = trendRows(neet, values, "E06000026");
    expect(rows.map((r) => [r.period, r.value, r.england, r.significance])).toEqual([["2016", 5.7, 6, "Similar"], ["2017", 6.8, 6, "Worse"], ["2018", 6.4, 5.5252, "Worse"]]);
    expect(england).toHaveLength(3);
  });

  it("writes area, England and peers with the indicator's decimals", () => {
    const [spine] = spineChartRows([{
      name: neet.name, period: "2018", value: 6.4, valueNote: null, england: 5.5252, significance: "Worse", polarity: "low-is-good", decimals: 1,
      spine: {worst: 14.9, q25: 3.775, q75: 6.2, best: 0, areas: 152, tier: "upper", label: "152 counties and unitary authorities"}
    }]);
    expect(spine).toMatchObject({digits: 1, peers: "152 counties and unitary authorities"});
    expect([spine!.areaValue, spine!.england, spine!.q25].map((v) => formatIndicatorValue(v, spine!.digits))).toEqual(["6.4", "5.5", "3.8"]);
    expect(formatIndicatorValue(null, 1)).toBe("–");
  });
});

describe("tartan rug: each indicator keeps its own decimals", () => {
  it("writes each row's values with its indicator's decimals", async () => {
    const {tartanRug} = await import("../../components/charts/tartan-rug.ts");
    const {newDocument} = await import("./charts/snapshot.ts");
    // Children in care 2018 (per 10,000) at 0 decimals; 16–17 NEET 2018 (%) at 2: Plymouth and England.
    const rows = [
      {indicator: "Children in care", area: "England", value: 63.6, significance: "Not compared" as const, digits: 0},
      {indicator: "Children in care", area: "Plymouth", value: 79.6, significance: "Worse" as const, digits: 0},
      {indicator: "16–17 NEET", area: "England", value: 5.5252, significance: "Not compared" as const, digits: 2},
      {indicator: "16–17 NEET", area: "Plymouth", value: 6.4, significance: "Worse" as const, digits: 2}
    ];
    const chart = tartanRug(rows, {document: newDocument()});
    const texts = [...chart.querySelectorAll("text")].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(["64", "80", "5.53", "6.40"]));
    expect(texts).not.toContain("79.6");
  });
});

describe("spine chart on a phone", () => {
  it("keeps its bar at a positive width when the page is narrower than its columns", async () => {
    const {spineChart} = await import("../../components/charts/spine-chart.ts");
    const {newDocument} = await import("./charts/snapshot.ts");
    // Plymouth 93203 NEET 2018 against its 152 upper-tier peers (values as in the integration test).
    const row = {indicator: "16–17 NEET", period: "2018", areaValue: 6.4, england: 5.5252, worst: 14.9, q25: 3.775, q75: 6.2, best: 0, significance: "Worse" as const, polarity: "low-is-good" as const, unit: "%", digits: 1};
    const chart = spineChart([row], {document: newDocument(), width: 350});
    const svg = chart.querySelector("svg[aria-label]")!;
    expect(Number(svg.getAttribute("width"))).toBe(630);
    const widths = [...chart.querySelectorAll("rect")].map((r) => Number(r.getAttribute("width") ?? 0));
    expect(widths.filter((w) => w < 0)).toEqual([]);
  });
});

describe("compare-areas chart while the page lays out", () => {
  it("keeps its bars at a positive width when given width 0", async () => {
    const {compareAreas} = await import("../../components/charts/compare-areas.ts");
    const {newDocument} = await import("./charts/snapshot.ts");
    // Children in care 2018 (per 10,000 under 18): Plymouth and two comparators, no intervals in the extract.
    const rows = [
      {area: "Plymouth", value: 79.6, lower: null, upper: null, significance: "Worse" as const, highlight: true},
      {area: "Portsmouth", value: 93.9, lower: null, upper: null, significance: "Worse" as const},
      {area: "Torbay", value: 128.7, lower: null, upper: null, significance: "Worse" as const}
    ];
    const chart = compareAreas(rows, {document: newDocument(), width: 0, benchmark: {value: 63.6, label: "England"}});
    const widths = [...chart.querySelectorAll("rect")].map((r) => Number(r.getAttribute("width") ?? 0));
    expect(widths.filter((w) => w < 0)).toEqual([]);
    expect(chart.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(3);
  });
});

describe("the age of a period", () => {
  const now = new Date("2026-12-06T12:00:00Z");

  it("finds the calendar year a period ends in, whatever Fingertips or DfE call it", () => {
    expect(["2018", "2017/18", "2014/15", "2016 - 18", "2015/16 - 17/18", "1999/00", "2025"].map(periodEndYear)).toEqual([2018, 2018, 2015, 2018, 2018, 2000, 2025]);
    expect(periodEndYear("no year")).toBeNull();
    expect(periodEndYear(null)).toBeNull();
  });

  it("counts whole calendar years to the build date: 2017/18 is 8 years old on 6 December 2026", () => {
    expect(periodAge("2017/18", now)).toBe(8);
    expect(periodAge("2014/15", now)).toBe(11);
    expect(periodAge("2025", now)).toBe(1);
    expect(periodAge("2017/18", new Date("2019-01-01T00:00:00Z"))).toBe(1);
  });

  it("writes the age only when the period is older than three years", () => {
    expect(periodLabel("2017/18", now)).toBe("2017/18, 8 years old");
    expect(periodLabel("2018", now)).toBe("2018, 8 years old");
    expect(periodLabel("2023", now)).toBe("2023");
    expect(periodLabel("2022", now)).toBe("2022, 4 years old");
    expect(periodLabel("2025", now)).toBe("2025");
    expect(periodLabel("latest", now)).toBe("latest");
  });
});

describe("text ids (DfE) beside Fingertips numbers, as read back from indicator-values.csv", () => {
  // Real rows of the prepared table (Plymouth build): DfE NEET or not known 2025 with our Wilson limits, and Fingertips
  // 93203 (16–17 NEET) 2018; every id is text once read from the CSV, a number in indicators.json for Fingertips.
  const csv = [
    ["93203", "E06000026", "Plymouth", "2018", "2018", "6.4", "", "", "Worse", ""],
    ["93203", "E92000001", "England", "2018", "2018", "5.5252", "5.4828", "5.5675", "", ""],
    ["dfe-neet-nk", "E06000026", "Plymouth", "2025", "2025", "6.7", "6.1027", "7.3569", "Worse", ""],
    ["dfe-neet-nk", "E06000027", "Torbay", "2025", "2025", "5.5", "4.7607", "6.353", "Similar", ""],
    ["dfe-neet-nk", "E06000043", "Brighton and Hove", "2025", "2025", "6.7", "6.0842", "7.382", "Worse", ""],
    ["dfe-neet-nk", "E10000030", "Surrey", "2025", "2025", "5.7", "5.432", "5.9822", "Similar", ""],
    ["dfe-neet-nk", "E92000001", "England", "2025", "2025", "5.6", "5.5611", "5.6391", "", ""],
    ["dfe-neet-nk", "E92000001", "England", "2023", "2023", "5.2", "5.161", "5.2393", "", ""],
    ["dfe-neet-nk", "E06000026", "Plymouth", "2023", "2023", "6.6", "5.9749", "7.2709", "Worse", ""]
  ];
  const columns = Object.keys(TABLES.indicator_values.columns);
  const values = parseTable(TABLES.indicator_values, csv.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] as string])))) as IndicatorValueRow[];
  const dfe: IndicatorRef = {id: "dfe-neet-nk", name: "16–17 year olds NEET or activity not known (%)", polarity: "low-is-good", decimals: 1, period: "2025"};
  const old: IndicatorRef = {id: 93203, name: "16–17 NEET (Fingertips)", polarity: "low-is-good", decimals: 1, period: "2018"};
  const areas = [
    {code: "E06000026", name: "Plymouth", role: "partnership"},
    {code: "E06000027", name: "Torbay", role: "comparator"},
    {code: "E06000043", name: "Brighton and Hove", role: "neighbour"},
    {code: "E92000001", name: "England", role: "england"}
  ];
  const now = new Date("2026-12-06T12:00:00Z");

  it("reads every id as text, and finds a Fingertips indicator whose id is a number", () => {
    expect(values.every((v) => typeof v.indicator_id === "string")).toBe(true);
    const cells = tartanCells([old, dfe], values, areas, now);
    expect(cells.map((c) => [c.indicator, c.area, c.period, c.value, c.significance])).toEqual([
      ["16–17 NEET (Fingertips)", "Plymouth", "2018, 8 years old", 6.4, "Worse"],
      ["16–17 NEET (Fingertips)", "England", "2018, 8 years old", 5.5252, "Not compared"],
      ["16–17 year olds NEET or activity not known (%)", "Plymouth", "2025", 6.7, "Worse"],
      ["16–17 year olds NEET or activity not known (%)", "Torbay", "2025", 5.5, "Similar"],
      ["16–17 year olds NEET or activity not known (%)", "Brighton and Hove", "2025", 6.7, "Worse"],
      ["16–17 year olds NEET or activity not known (%)", "England", "2025", 5.6, "Not compared"]
    ]);
  });

  it("compares the areas of interest only when asked (the DfE values cover every upper-tier authority)", () => {
    const all = compareAreaRows(dfe, values, "E06000026");
    expect(all.england).toBe(5.6);
    expect(all.rows.map((r) => r.code)).toEqual(["E06000026", "E06000027", "E06000043", "E10000030"]);
    const mine = compareAreaRows(dfe, values, "E06000026", undefined, areas.map((a) => a.code));
    expect(mine.rows.map((r) => [r.area, r.significance, r.highlight])).toEqual([["Plymouth", "Worse", true], ["Torbay", "Similar", false], ["Brighton and Hove", "Worse", false]]);
  });

  it("gives the DfE trend each year against England in that year", () => {
    const {rows} = trendRows(dfe, values, "E06000026");
    expect(rows.map((r) => [r.period, r.value, r.england, r.significance])).toEqual([["2023", 6.6, 5.2, "Worse"], ["2025", 6.7, 5.6, "Worse"]]);
  });

  it("labels an old spine row with its age and a recent one without (in the label: the period column is narrow)", () => {
    const spine = {worst: 14.9, q25: 3.775, q75: 6.2, best: 0, areas: 152, tier: "upper" as const, label: "152 counties and unitary authorities"};
    const rows = spineChartRows([
      {name: old.name, period: "2018", value: 6.4, valueNote: null, england: 5.5252, significance: "Worse", polarity: "low-is-good", decimals: 1, spine},
      {name: dfe.name, period: "2025", value: 6.7, valueNote: null, england: 5.6, significance: "Worse", polarity: "low-is-good", decimals: 1, spine}
    ], now);
    expect(rows.map((r) => [r.indicator, r.period])).toEqual([["16–17 NEET (Fingertips) (8 years old)", "2018"], ["16–17 year olds NEET or activity not known (%)", "2025"]]);
  });
});

describe("newer data of the same kind", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  const base = {lower: null, upper: null, decimals: 1, significanceSource: "Fingertips' own comparison"} as const;
  // Plymouth's prepared figures: Fingertips NEET 93203 (2018, worse by Fingertips' own comparison) and DfE 2025.
  const indicators: RiskFindingSource[] = [
    {...base, id: 90803, name: "Children in care (per 10,000 under 18)", period: "2018", value: 79.6, england: 63.6, significance: "Worse"},
    {...base, id: 93203, name: "16–17 NEET or not known (Fingertips)", period: "2018", value: 6.4, england: 5.5252, significance: "Worse"},
    {...base, id: "dfe-neet-nk", name: "16–17 year olds NEET or activity not known (%)", period: "2025", value: 6.7, lower: 6.1027, upper: 7.3569, england: 5.6, significance: "Worse", significanceSource: "computed from 95% CI", sameKindAs: 93203, unit: "%", ciMethod: "confidence intervals: Wilson score on the 16–17 cohort, added by SNA Workbench; DfE publishes none"},
    {...base, id: "dfe-pupil-absence", name: "Pupil absence", period: "2025", value: null, england: 8.9, significance: "Not compared", sameKindAs: 10301}
  ];

  it("marks an indicator superseded when a newer one of its kind has a value for a later period", () => {
    expect([...supersededBy(indicators)]).toEqual([["93203", ["dfe-neet-nk"]]]);
    expect(currentIndicators(indicators).map((d) => d.id)).toEqual([90803, "dfe-neet-nk", "dfe-pupil-absence"]);
    // Not when the newer series is older, or has no value.
    expect(supersededBy([{id: 1, period: "2025", value: 1}, {id: "x", period: "2023", value: 2, sameKindAs: 1}]).size).toBe(0);
    expect(supersededBy([{id: 1, period: "2018", value: 1}, {id: "x", period: "2025", value: null, sameKindAs: 1}]).size).toBe(0);
  });

  it("keeps a superseded indicator out of the findings and reports the newer one, with the age of old periods", () => {
    const texts = riskFactorFindings(indicators, now).map((f) => f.text);
    expect(texts).toEqual([
      "Children in care (per 10,000 under 18): 79.6 in 2018, 8 years old, against 63.6 for England: worse (Fingertips' own comparison).",
      "16–17 year olds NEET or activity not known (%): 6.7% in 2025 (95% CI 6.1% to 7.4%, a Wilson interval added by SNA Workbench), against 5.6% for England: worse (computed from 95% CI)."
    ]);
    // Without the newer series, the old indicator is a finding again.
    expect(riskFactorFindings(indicators.filter((d) => d.id !== "dfe-neet-nk"), now).map((f) => f.text)).toContain("16–17 NEET or not known (Fingertips): 6.4 in 2018, 8 years old, against 5.5 for England: worse (Fingertips' own comparison).");
  });
});
