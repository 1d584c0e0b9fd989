/**
 * Cohort charts (guidance ¶37): the victims-and-suspects and A&E age/sex pyramids and the A&E day × time heatmap.
 * fixtures/cohort-partner-records.csv is the four tables as the prepare step published them for Plymouth from the
 * EXAMPLE partner files (partners/partner-records.csv, threshold 5, suppression applied): the header and rows as built.
 * The hourly grid is tabulated here from the EXAMPLE A&E extract and suppressed by components/suppression, because
 * no published table has hours yet.
 */
import {readFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {csvParse} from "d3";
import {describe, expect, it} from "vitest";
import {
  binHours,
  COHORT_COLUMNS,
  cohortCells,
  DAY_TIME_COLUMNS,
  cohortPyramid,
  dayHourHeatmap,
  dayTimeCells,
  under25Share,
  type ChartElement,
  type CohortCell,
  type DayTimeCell,
  type PartnerRecordCell
} from "../../../components/charts/index.ts";
import {figure, tableCsv} from "../../../components/figure/index.ts";
import {publishedCells, suppressTable} from "../../../components/suppression/suppress.ts";
import {newDocument} from "./snapshot.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const THRESHOLD = 5;

/** Typed as src/lib/rows.ts types them on the page: numbers (empty → null) and booleans. */
const records: PartnerRecordCell[] = csvParse(readFileSync(path.join(here, "fixtures/cohort-partner-records.csv"), "utf8")).map((r) => ({
  dataset: r.dataset!,
  table: r.table!,
  row: r.row!,
  col: r.col!,
  total: r.total === "true",
  count: r.count === "" ? null : Number(r.count),
  suppressed: r.suppressed === "true"
}));
const POLICE = {Victims: ["police-victims-suspects", "victims-by-age-sex"], Suspects: ["police-victims-suspects", "suspects-by-age-sex"]} as const;
const AE = {"A&E attendances": ["ae-assault", "by-age-sex"]} as const;
const BANDS = ["00:00-03:59", "04:00-07:59", "08:00-11:59", "12:00-15:59", "16:00-19:59", "20:00-23:59"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const svgOf = (chart: ChartElement): SVGSVGElement => (chart.localName === "svg" ? chart : chart.querySelector("svg[aria-description]")) as SVGSVGElement;
const descriptionOf = (chart: ChartElement): string => svgOf(chart).getAttribute("aria-description") ?? "";
const rects = (chart: ChartElement): Element[] => [...svgOf(chart).querySelectorAll('g[aria-label="rect"] rect')];
const texts = (chart: ChartElement): string[] => [...svgOf(chart).querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent ?? "");
const crosses = (chart: ChartElement): Element[] => [...svgOf(chart).querySelectorAll('g[aria-label="dot"] path')];

/** No attribute anywhere holds NaN, and no rect has a negative (or missing) width or height. */
function expectSaneGeometry(chart: ChartElement): void {
  for (const e of chart.querySelectorAll("*"))
    for (const a of e.attributes) expect(a.value, `${e.localName} ${a.name}`).not.toMatch(/NaN|Infinity/);
  for (const r of chart.querySelectorAll("rect")) {
    expect(Number(r.getAttribute("width"))).toBeGreaterThanOrEqual(0);
    expect(Number(r.getAttribute("height"))).toBeGreaterThanOrEqual(0);
  }
  expect(Number(svgOf(chart).getAttribute("width"))).toBeGreaterThanOrEqual(280);
  // Text no smaller than 12px: the inline style beats Plot's font-size="10", and no mark sets less.
  expect(svgOf(chart).getAttribute("style")).toContain("font-size: 12px");
  for (const e of chart.querySelectorAll("[font-size]")) if (e !== svgOf(chart)) expect(Number.parseFloat(e.getAttribute("font-size")!)).toBeGreaterThanOrEqual(12);
}

/** The EXAMPLE A&E extract tabulated by weekday × hour and suppressed as the loaders suppress a published table. */
function exampleHourly(): DayTimeCell[] {
  const file = path.join(here, "../../../data/partners/examples/E06000026/EXAMPLE-ae-assault-plymouth-2025.csv");
  const counts = WEEKDAYS.map(() => Array.from({length: 24}, () => 0));
  for (const r of csvParse(readFileSync(file, "utf8"))) {
    const time = r["Attendance time"] ?? "";
    if (!/^\d{2}:\d{2}$/.test(time)) continue;
    const day = (new Date(`${r["Attendance date"]}T00:00:00Z`).getUTCDay() + 6) % 7;
    counts[day]![Number(time.slice(0, 2))]! += 1;
  }
  const table = suppressTable({rows: WEEKDAYS, cols: Array.from({length: 24}, (_, h) => String(h)), values: counts}, {threshold: THRESHOLD});
  return publishedCells(table)
    .filter((c) => !c.total)
    .map((c) => ({day: c.row, time: Number(c.col), count: c.value, suppressed: c.suppressed}));
}

describe("cohortCells and under25Share", () => {
  it("reads the published tables without their totals", () => {
    const cells = cohortCells(records, POLICE);
    expect(cells).toHaveLength(2 * 7 * 2);
    expect(cells.some((c) => c.age === "Total" || c.sex === "Total")).toBe(false);
    expect(cells.find((c) => c.group === "Suspects" && c.age === "18-24" && c.sex === "Male")).toEqual({group: "Suspects", age: "18-24", sex: "Male", count: 1148, suppressed: false});
  });

  it("computes the under-25 share from unsuppressed cells, and says which way suppression bounds it", () => {
    const cells = cohortCells(records, POLICE);
    // Victims: (835 + 945 + 993 + 1,121) / 12,486, all published.
    expect(under25Share(cells, "Victims")).toMatchObject({share: 3894 / 12486, bound: "exact", under25: 3894, known: 12486});
    const withheld = (pred: (c: CohortCell) => boolean): CohortCell[] => cells.map((c) => (pred(c) ? {...c, count: null, suppressed: true} : c));
    const young = under25Share(withheld((c) => c.group === "Victims" && c.age === "0-17" && c.sex === "Female"), "Victims");
    expect(young).toMatchObject({share: 2949 / 11541, bound: "lower", suppressedUnder25: 1});
    expect(under25Share(withheld((c) => c.group === "Victims" && c.age === "65+"), "Victims")).toMatchObject({share: 3894 / 11971, bound: "upper", suppressedOlder: 2});
    // A&E: females under 45 and "Not known" sex suppressed on both sides of 25.
    expect(under25Share(cohortCells(records, AE), "A&E attendances")).toMatchObject({bound: "none", suppressedUnder25: 4, suppressedOlder: 4});
    // A band across 25 gives no share rather than a wrong one.
    const straddling = [...cells.filter((c) => c.group === "Victims"), {group: "Victims", age: "20-29", sex: "Male", count: 40, suppressed: false}];
    expect(under25Share(straddling, "Victims")).toMatchObject({share: null, straddling: ["20-29"]});
  });
});

describe("cohortPyramid", () => {
  it("draws victims and suspects back to back, one bar per age band and sex, under-25 bands stronger and bracketed", () => {
    const chart = cohortPyramid(cohortCells(records, POLICE), {document: newDocument(), threshold: THRESHOLD});
    const bars = rects(chart);
    expect(bars).toHaveLength(2 * 7 * 2);
    // 0-17 and 18-24 for each sex and group: full fill with a black outline; the rest lighter without one.
    const strong = bars.filter((r) => r.getAttribute("stroke") === "black");
    expect(strong).toHaveLength(8);
    for (const r of strong) expect(r.getAttribute("fill-opacity")).toBe("1");
    for (const r of bars.filter((b) => !strong.includes(b))) expect(r.getAttribute("fill-opacity")).toBe("0.4");
    expect(strong.map((r) => r.querySelector("title")?.textContent).sort()).toEqual([
      "Suspects, female 0-17: 290", "Suspects, female 18-24: 358", "Suspects, male 0-17: 1,035", "Suspects, male 18-24: 1,148",
      "Victims, female 0-17: 945", "Victims, female 18-24: 1,121", "Victims, male 0-17: 835", "Victims, male 18-24: 993"
    ]);
    // The bracket's label in each panel, so the focus is named in text, not shown by colour alone.
    expect(texts(chart).filter((t) => t === "Under 25")).toHaveLength(2);
    expect(texts(chart)).toEqual(expect.arrayContaining(["Victims", "Suspects", "Male", "Female", "1,468"]));
    // Males to the left of the axis, females to the right.
    const axis = Number(svgOf(chart).querySelector('g[aria-label="rule"] line')!.getAttribute("x1"));
    const male = bars.find((r) => r.querySelector("title")?.textContent === "Victims, male 25-34: 1,468")!;
    const female = bars.find((r) => r.querySelector("title")?.textContent === "Victims, female 25-34: 1,493")!;
    expect(Number(male.getAttribute("x")) + Number(male.getAttribute("width"))).toBeCloseTo(axis, 0);
    expect(Number(female.getAttribute("x"))).toBeCloseTo(axis, 0);
    expect(descriptionOf(chart)).toBe(
      "Counts of people by age band (0-17 to 65+) and sex for Victims and Suspects; " +
        "Victims: 31.2% under 25 (3,894 of 12,486 people of known age in unsuppressed cells); " +
        "Suspects: 31.5% under 25 (2,831 of 8,992 people of known age in unsuppressed cells); no cells suppressed."
    );
    expect(chart.querySelector("figcaption")?.textContent).toContain("Bands under 25 (0-17, 18-24) are darker, outlined and bracketed.");
  });

  it("marks suppressed A&E cells as suppressed, never as a bar of 0, with a legend entry and a count in the text", () => {
    const chart = cohortPyramid(cohortCells(records, AE), {document: newDocument(), threshold: THRESHOLD, valueLabel: "attendances"});
    // 7 male bars and 3 female (45-54, 55-64, 65+); the 4 suppressed female bands draw no bar at all.
    const titles = rects(chart).map((r) => r.querySelector("title")?.textContent ?? "");
    expect(titles).toHaveLength(10);
    expect(titles.filter((t) => t.includes("female"))).toEqual(["A&E attendances, female 45-54: 47", "A&E attendances, female 55-64: 28", "A&E attendances, female 65+: 14"]);
    expect(crosses(chart).map((p) => p.querySelector("title")?.textContent)).toEqual(["A&E attendances, female 0-17: suppressed", "A&E attendances, female 18-24: suppressed", "A&E attendances, female 25-34: suppressed", "A&E attendances, female 35-44: suppressed"]);
    expect(texts(chart).filter((t) => t === "suppressed")).toHaveLength(4);
    expect(texts(chart)).not.toContain("0");
    expect(chart.querySelector(".sna-legend")?.textContent).toContain("Suppressed (fewer than 5, or could reveal one)");
    expect(descriptionOf(chart)).toBe(
      "Counts of attendances by age band (0-17 to 65+) and sex for A&E attendances; " +
        "A&E attendances: about 31.0% under 25 (350 of 1,129 attendances of known age in unsuppressed cells; neither a lower nor an upper bound, as 4 under-25 and 4 25-and-over cells are suppressed); " +
        "8 of 21 cells suppressed, shown as suppressed, never 0; 7 cells of other or unknown sex or of unknown age are in the table but not drawn (the shares count other and unknown sex, not unknown age)."
    );
  });

  it("says the share is a lower bound when only under-25 cells are suppressed", () => {
    const cells = cohortCells(records, POLICE).map((c) => (c.group === "Suspects" && c.age === "0-17" && c.sex === "Female" ? {...c, count: null, suppressed: true} : c));
    const chart = cohortPyramid(cells, {document: newDocument(), threshold: THRESHOLD});
    expect(descriptionOf(chart)).toContain("Suspects: at least 29.2% under 25 (2,541 of 8,702 people of known age in unsuppressed cells; a lower bound, as 1 under-25 cell is suppressed)");
    expect(descriptionOf(chart)).toContain("1 of 28 cells suppressed");
  });

  it.each([280, 390, 1366])("draws without NaN or negative sizes at %i px", (width) => {
    for (const tables of [POLICE, AE]) {
      const chart = cohortPyramid(cohortCells(records, tables), {document: newDocument(), width, threshold: THRESHOLD});
      expectSaneGeometry(chart);
      expect(svgOf(chart).getAttribute("width")).toBe(String(width));
    }
  });

  it("refuses a suppressed cell with a count, a negative count and an unreadable age band", () => {
    const doc = newDocument();
    const cell: CohortCell = {group: "Victims", age: "18-24", sex: "Male", count: 3, suppressed: true};
    expect(() => cohortPyramid([cell], {document: doc})).toThrow(/cell 0 \(Victims, 18-24, Male\) is suppressed but has a count/);
    expect(() => cohortPyramid([{...cell, count: -1, suppressed: false}], {document: doc})).toThrow(/has count -1; expected a whole number/);
    expect(() => cohortPyramid([{...cell, age: "18 to 24", count: 3, suppressed: false}], {document: doc})).toThrow(/age band "18 to 24" is not "N-M", "N\+"/);
    expect(() => cohortPyramid([{...cell, suppressed: false}, {...cell, suppressed: false}], {document: doc})).toThrow(/rows 0 and 1 both have group, age band and sex/);
  });
});

describe("dayHourHeatmap", () => {
  it("draws the published day × time-band table Monday first, with suppressed cells marked and true zeros shown", () => {
    const cells = dayTimeCells(records, "ae-assault", "by-weekday-time");
    expect(cells).toHaveLength(42);
    const chart = dayHourHeatmap(cells, {document: newDocument(), threshold: THRESHOLD, times: BANDS, valueLabel: "A&E attendances for assault"});
    const grid = [...svgOf(chart).querySelectorAll('g[aria-label="cell"] rect')];
    expect(grid).toHaveLength(42);
    expect(grid[0]!.querySelector("title")?.textContent).toBe("Monday 00:00-03:59: suppressed");
    expect(grid[41]!.querySelector("title")?.textContent).toBe("Sunday 20:00-23:59: 120");
    const ticks = [...svgOf(chart).querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    // 13 suppressed cells: grey with a ×, no number; the two published zeros (Tue and Wed 04:00-07:59) read "0".
    expect(grid.filter((r) => r.getAttribute("fill") === "#e6e6e6")).toHaveLength(13);
    expect(crosses(chart)).toHaveLength(13);
    expect(texts(chart)).toHaveLength(42 - 13);
    expect(texts(chart).filter((t) => t === "0")).toHaveLength(2);
    expect(chart.querySelector(".sna-legend")?.textContent).toContain("Suppressed (fewer than 5, or could reveal one)");
    expect(descriptionOf(chart)).toBe(
      "A&E attendances for assault by day of week and time band (00:00-03:59 to 20:00-23:59); highest Saturday 20:00-23:59 (128); " +
        "busiest day with no suppressed cell: Wednesday (155); 13 of 42 cells suppressed, shown as suppressed, never 0."
    );
  });

  it("draws hours 00–23 across when they fit and turns the grid on a phone, losing no hour", () => {
    const hourly = exampleHourly();
    const wide = dayHourHeatmap(hourly, {document: newDocument(), width: 1366, threshold: THRESHOLD});
    const wideTicks = [...svgOf(wide).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(wideTicks).toHaveLength(24);
    expect(wideTicks[0]).toBe("00");
    expect(wideTicks[23]).toBe("23");
    expect(svgOf(wide).querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(7 * 24);
    expect(crosses(wide)).toHaveLength(hourly.filter((c) => c.suppressed).length);
    // Hours as a published table would give them ("00" … "23", the proposed by-weekday-hour output) draw the same.
    const padded = hourly.map((c) => ({...c, time: String(c.time).padStart(2, "0")}));
    const fromText = dayHourHeatmap(padded, {document: newDocument(), width: 1366, threshold: THRESHOLD});
    expect(svgOf(fromText).querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(7 * 24);
    expect(descriptionOf(fromText)).toBe(descriptionOf(wide));

    // 390 px: days across (Mon … Sun), hours down (00 … 23), every hourly cell kept.
    const phone = dayHourHeatmap(hourly, {document: newDocument(), width: 390, threshold: THRESHOLD});
    const across = [...svgOf(phone).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    const down = [...svgOf(phone).querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(across).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(down).toEqual(Array.from({length: 24}, (_, h) => String(h).padStart(2, "0")));
    expect(svgOf(phone).querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(7 * 24);
    expect(crosses(phone)).toHaveLength(crosses(wide).length);
    expect(descriptionOf(phone)).toBe(descriptionOf(wide));
    expect(phone.querySelector("figcaption")?.textContent).toContain("days run Monday to Sunday across, hours 00 to 23 down.");
  });

  it("sums hours into periods when asked, a period with a suppressed hour suppressed", () => {
    const hourly = exampleHourly();
    const binned = dayHourHeatmap(hourly, {document: newDocument(), width: 390, threshold: THRESHOLD, binHours: 3});
    const ticks = [...svgOf(binned).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toEqual(["00–02", "03–05", "06–08", "09–11", "12–14", "15–17", "18–20", "21–23"]);
    const bins = binHours(hourly, 3);
    expect(bins).toHaveLength(7 * 8);
    for (const b of bins) {
      const hours = hourly.filter((c) => c.day === b.day && Math.floor((c.time as number) / 3) * 3 === Number(String(b.time).slice(0, 2)));
      expect(hours).toHaveLength(3);
      if (hours.some((c) => c.suppressed)) expect(b).toMatchObject({count: null, suppressed: true});
      else expect(b.count).toBe(hours.reduce((s, c) => s + (c.count as number), 0));
    }
    expect(crosses(binned)).toHaveLength(bins.filter((b) => b.suppressed).length);
    expect(binned.querySelector("figcaption")?.textContent).toContain("Hours are summed into 3-hour periods; a period with a suppressed hour is suppressed.");
    expect(descriptionOf(binned)).toMatch(/by day of week and 3-hour period \(00–02 to 21–23\).*\d+ of 56 cells suppressed \(\d+ suppressed hours\), shown as suppressed, never 0\.$/);
  });

  it.each([280, 390, 1366])("draws without NaN or negative sizes at %i px", (width) => {
    const hourly = exampleHourly();
    for (const [cells, binHours] of [[dayTimeCells(records, "ae-assault", "by-weekday-time"), undefined], [hourly, undefined], [hourly, 3]] as const) {
      const chart = dayHourHeatmap(cells, {document: newDocument(), width, threshold: THRESHOLD, times: BANDS, binHours});
      expectSaneGeometry(chart);
      expect(svgOf(chart).getAttribute("width")).toBe(String(width));
    }
  });

  it("shows a day with no row as no data, distinct from suppressed", () => {
    const cells = dayTimeCells(records, "ae-assault", "by-weekday-time").filter((c) => c.day !== "Sunday");
    const chart = dayHourHeatmap(cells, {document: newDocument(), times: BANDS});
    expect(texts(chart).filter((t) => t === "–")).toHaveLength(6);
    expect(descriptionOf(chart)).toContain("6 cells no data");
  });

  it("refuses an unknown day and a suppressed cell with a count", () => {
    const doc = newDocument();
    expect(() => dayHourHeatmap([{day: "Mon", time: 1, count: 7, suppressed: false}], {document: doc})).toThrow(/cell 0 has day "Mon"; expected one of Monday/);
    expect(() => dayHourHeatmap([{day: "Monday", time: 1, count: 2, suppressed: true}], {document: doc})).toThrow(/cell 0 \(Monday 1\) is suppressed but has a count; give count null/);
  });
});

describe("cohort figures and their CSVs", () => {
  it("write a suppressed count as an empty cell explained as suppressed, never 0, and keep the text alternative", () => {
    const doc = newDocument();
    const cells = cohortCells(records, AE);
    const fig = figure({
      title: "A&E assault attendances by age band and sex (EXAMPLE DATA)",
      source: "University Hospitals Plymouth NHS Trust (EXAMPLE)",
      period: "2025-01 to 2025-12",
      released: "partner extract as received",
      alt: "Back-to-back bar chart of A&E assault attendances by age band and sex, under-25 bands highlighted",
      chart: cohortPyramid(cells, {document: doc, threshold: THRESHOLD, valueLabel: "attendances"}),
      table: {rows: cells, columns: COHORT_COLUMNS},
      filename: "ae-assault-by-age-sex.csv",
      document: doc
    });
    expect(fig.querySelector(".sna-figure__description")?.textContent).toContain("8 of 21 cells suppressed");
    const csv = tableCsv({rows: cells, columns: COHORT_COLUMNS}).split("\r\n");
    expect(csv[0]).toBe("Group,Age band,Sex,Count,Note");
    expect(csv).toContain("A&E attendances,0-17,Female,,Count: suppressed");
    expect(csv).toContain("A&E attendances,55-64,Not known,0,");
    expect(csv.filter((l) => l.endsWith("Count: suppressed"))).toHaveLength(8);
    const heat = tableCsv({rows: dayTimeCells(records, "ae-assault", "by-weekday-time"), columns: DAY_TIME_COLUMNS}).split("\r\n");
    expect(heat).toContain("Monday,00:00-03:59,,Count: suppressed");
    expect(heat).toContain("Tuesday,04:00-07:59,0,");
    expect(heat.filter((l) => l.endsWith("Count: suppressed"))).toHaveLength(13);
  });
});
