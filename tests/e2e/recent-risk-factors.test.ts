/**
 * Recent risk factors in both builds: the DfE NEET and absence indicators (2021–2025, no 2024 release) on the Risk
 * factors page at the community level with our Wilson intervals labelled as such, in the spine chart, tartan rug and
 * trend of the Benchmarking page, old Fingertips periods written with their age, and the Fingertips NEET indicator
 * (2018) never reported as current now that DfE's 2025 figure exists.
 * Figures checked by hand against the raw DfE 2025 file (NEET_not_known_percent, Cohort_DJFavg) and the Wilson
 * formula: Plymouth 6.7% (95% CI 6.1 to 7.4) against England 5.6%: worse; Surrey 5.7% (5.4 to 6.0): similar.
 */
import type {Browser, Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, openSitePage} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";

const SITES = [
  {site: "plymouth" as const, area: "Plymouth", value: "6.7", ci: "6.1 to 7.4", outcome: "Worse"},
  {site: "surrey" as const, area: "Surrey", value: "5.7", ci: "5.4 to 6.0", outcome: "Similar"}
];
const DFE_NEET = "16–17 year olds NEET or activity not known (%)";
const FT_NEET = "16–17 year olds not in education, employment or training (NEET) or activity not known";
/** The pages count ages to the day the tables were prepared: today, in a fresh build. */
const age2018 = new Date().getUTCFullYear() - 2018;

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

const open = (site: "plymouth" | "surrey", path: string): Promise<Page> => openSitePage(browser, baseUrl(site), path);

/** The year a period cell's period ends ("2017/18, 8 years old" → 2018), worked out here, not by the project's code. */
function endYear(cell: string): number {
  const m = cell.match(/^(\d{4})(?:\/(\d{2}))?/);
  if (!m) throw new Error(`not a period: ${cell}`);
  return m[2] ? Number(m[1]!.slice(0, 2) + m[2]) : Number(m[1]);
}

const cellsOf = (row: Locator) => row.locator("th, td").allInnerTexts();

/** Rows of a figure's table (found by its title), as objects keyed by column label. */
async function figureTable(page: Page, title: RegExp): Promise<Record<string, string>[]> {
  const fig = page.locator("figure.sna-figure", {has: page.locator(".sna-figure__title", {hasText: title})});
  expect(await fig.count(), `one figure titled ${title}`).toBe(1);
  const header = await fig.locator("table thead th").allTextContents();
  const rows = await fig.locator("table tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "")));
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
}

describe.each(SITES)("$area", ({site, area, value, ci, outcome}) => {
  test("Risk factors: DfE NEET 2025 at the community level, with our Wilson interval labelled, and old periods with their age", async () => {
    const page = await open(site, "risk-factors");
    try {
      expect(await errorCells(page)).toEqual([]);
      const community = page.locator("table.indicators", {has: page.locator("caption", {hasText: /^Community:/})});
      const dfe = community.locator("tbody tr", {has: page.locator("th", {hasText: "(dfe-neet-nk;"})});
      expect(await dfe.count()).toBe(1);
      const [name, period, own, interval, england, , compared] = await cellsOf(dfe);
      expect(name).toContain(DFE_NEET);
      expect(name).toContain("(dfe-neet-nk; risk factor; DfE)");
      expect(await page.locator("p.small", {hasText: "Sources: Fingertips"}).innerText()).toContain("Department for Education (NCCIS), NEET and participation: local authority figures 2021, 2022, 2023 and 2025 (no 2024 release)");
      expect(name).toContain("Years: 2021, 2022, 2023, 2025 (no 2024 release)");
      expect([period, own, england]).toEqual(["2025", value, "5.6"]);
      expect(interval).toContain(ci);
      expect(interval).toContain("Wilson; our addition");
      expect(compared).toMatch(new RegExp(`^${outcome}\\b`));
      expect(compared).toContain("computed from 95% CI");
      // The Fingertips NEET indicator stays listed, with its age, and says it is superseded.
      const old = community.locator("tbody tr", {has: page.locator("th", {hasText: "(93203;"})});
      const [oldName, oldPeriod] = await cellsOf(old);
      expect(oldPeriod).toBe(`2018, ${age2018} years old`);
      expect(oldName).toMatch(/Superseded by newer data of the same kind \(Department for Education \(NCCIS\), 2025: dfe-neet-nk/);
      const note = await page.locator(".note", {hasText: "Fingertips values in this snapshot"}).innerText();
      expect(note).toContain("Department for Education's (NCCIS and school census, 2021–2025; there is no 2024 release)");
      expect(note).toContain("Wilson score intervals on the 16–17 cohort, added by SNA Workbench");
      // Every period older than three years carries its age in the tables.
      const periods = await page.locator("table.indicators tbody tr:not(.gap) td:nth-of-type(1)").allInnerTexts();
      const ages = periods.map((p) => ({p, age: new Date().getUTCFullYear() - endYear(p)}));
      expect(ages.filter((a) => a.age > 3).length).toBeGreaterThan(3);
      for (const {p, age} of ages) expect(p).toBe(age > 3 ? `${p.split(",")[0]}, ${age} years old` : p.split(",")[0]);
    } finally {
      await page.close();
    }
  });

  test("Benchmarking: DfE indicators in the spine chart and the tartan rug at 2025; old rows carry their age; the trend leaves 2024 a gap", async () => {
    const page = await open(site, "benchmarking");
    try {
      expect(await errorCells(page)).toEqual([]);
      const spine = await figureTable(page, /^Spine chart of risk factors/);
      const dfe = spine.find((r) => r.Indicator === DFE_NEET);
      expect(dfe).toMatchObject({Period: "2025", [area]: value, England: "5.6", "Compared with England": outcome});
      expect(dfe?.Peers).toBe("151 counties and unitary authorities");
      expect(spine.some((r) => (r.Indicator ?? "").endsWith(`(${age2018} years old)`) && r.Period === "2018")).toBe(true);

      const rug = await figureTable(page, /^Tartan rug:/);
      const cell = rug.find((r) => r.Indicator === DFE_NEET && r.Area === area);
      expect(cell).toMatchObject({Period: "2025", Value: value, "Compared with England": outcome});
      expect(rug.some((r) => /, \d+ years old$/.test(r.Period ?? ""))).toBe(true);

      // Choose the DfE indicator: compare areas at 2025 and a trend with no 2024 point, never joined across.
      await page.locator("form select").first().selectOption({label: `${DFE_NEET} (2025)`});
      await page.locator(".sna-figure__title", {hasText: `${DFE_NEET}: ${area} over time`}).waitFor();
      const compare = await figureTable(page, new RegExp(`^${DFE_NEET.replace(/[()%]/g, "\\$&")}: ${area}, comparators and similar areas, 2025$`));
      expect(compare.find((r) => r.Area === area)).toMatchObject({Value: value, "Compared with England": outcome});
      const trend = await figureTable(page, new RegExp(`^${DFE_NEET.replace(/[()%]/g, "\\$&")}: ${area} over time$`));
      expect(trend.map((r) => r.Period)).toEqual(["2021", "2022", "2023", "2024", "2025"]);
      expect(trend.find((r) => r.Period === "2024")?.Note).toBe("no 2024 release");
      const fig = page.locator("figure.sna-figure", {has: page.locator(".sna-figure__title", {hasText: `${DFE_NEET}: ${area} over time`})});
      expect(await fig.innerText()).toContain("2024: no 2024 release: a gap in the line, not joined across.");
      expect(await errorCells(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("Overview: risk-factor findings never report the Fingertips NEET indicator as current", async () => {
    const page = await open(site, "");
    try {
      // The risk-factor list is the page's second list of findings, drawn by a later cell than the police.uk one.
      await page.locator("ul.findings").nth(1).waitFor({timeout: 30_000});
      const lists = (await page.locator("ul.findings").allInnerTexts()).join("\n");
      expect(lists).not.toContain(FT_NEET);
      if (outcome === "Worse") expect(lists).toContain(`${DFE_NEET}: ${value}% in 2025 (95% CI ${ci.replace(" to ", "% to ")}%, a Wilson interval added by SNA Workbench), against 5.6% for England: worse`);
      else expect(lists).not.toContain(DFE_NEET);
      expect(lists).toMatch(/in 20\d\d(\/\d\d)?, \d+ years old, against/);
    } finally {
      await page.close();
    }
  });
});
