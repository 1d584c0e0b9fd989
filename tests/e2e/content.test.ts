/**
 * The pages show the figures we checked by hand against DuckDB queries of the raw police.uk CSVs in the snapshot
 * (data/snapshot/policeuk/street/…, rows whose "LSOA name" starts with the area's district names):
 *  - Plymouth, 2025, Violence and sexual offences + Robbery + Possession of weapons: 13,072 offences; Census 2021
 *    residents 264,723, so 49.4 per 1,000; Jan–Apr 2025 4,016 against Jan–Apr 2024 4,039 (May–Dec 2024 are not in
 *    the snapshot), rate ratio 0.99, not significant.
 *  - Surrey's 11 districts, 2025, same types: 32,041 offences.
 */
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import surrey from "../../configs/surrey.ts";
import {openSitePage} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";

const HAND = {
  plymouth: {offences2025: 13_072, population: 264_723, rate: "49.4", janApr2025: 4_016, janApr2024: 4_039},
  surrey: {offences2025: 32_041, districts: 11}
};
const SV_TYPES = ["Violence and sexual offences", "Robbery", "Possession of weapons"];
const fmt = (n: number) => n.toLocaleString("en-GB");

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

const open = (site: "plymouth" | "surrey", path: string): Promise<Page> => openSitePage(browser, baseUrl(site), path);

/** The text of the headline card whose heading contains `heading`. */
const card = (page: Page, heading: string) => page.locator(".card", {has: page.locator("h2", {hasText: heading})}).innerText();

/** Rows of a figure's table (found by its title), as objects keyed by column label. */
async function figureTable(page: Page, title: RegExp): Promise<Record<string, string>[]> {
  const fig = page.locator("figure.sna-figure", {has: page.locator(".sna-figure__title", {hasText: title})});
  expect(await fig.count(), `one figure titled ${title}`).toBe(1);
  const header = await fig.locator("table thead th").allTextContents();
  const rows = await fig.locator("table tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "")));
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
}

const num = (s: string | undefined) => Number((s ?? "").replace(/,/g, ""));

describe("Plymouth", () => {
  let overview: Page;
  beforeAll(async () => {
    overview = await open("plymouth", "");
  });
  afterAll(async () => {
    await overview?.close();
  });

  test(`headline: ${fmt(HAND.plymouth.offences2025)} offences in 2025, ${HAND.plymouth.rate} per 1,000 of ${fmt(HAND.plymouth.population)} residents`, async () => {
    const offences = await card(overview, "Offences recorded");
    expect(offences).toContain(fmt(HAND.plymouth.offences2025));
    expect(offences).toContain(`${fmt(HAND.plymouth.population)} residents`);
    const rate = await card(overview, "Rate per 1,000");
    expect(rate).toMatch(new RegExp(`^\\s*Rate per 1,000 residents\\s+${HAND.plymouth.rate.replace(".", "\\.")}\\b`));
    expect(rate).toContain("Jan 2025 to Dec 2025");
  });

  test(`change: Jan–Apr 2025 (${fmt(HAND.plymouth.janApr2025)}) against Jan–Apr 2024 (${fmt(HAND.plymouth.janApr2024)}), not significant`, async () => {
    const change = await card(overview, "Change on a year earlier");
    expect(change).toContain("Rate ratio 0.99");
    expect(change).toContain("not statistically significant");
    expect(change).toContain("Compares Jan 2025 to Apr 2025 with Jan 2024 to Apr 2024");
    // The police.uk findings (the page may add other sources' findings in further lists).
    const findings = (await overview.locator("ul.findings").allInnerTexts()).join("\n");
    expect(findings).toContain(`(${fmt(HAND.plymouth.janApr2025)})`);
    expect(findings).toContain(`(${fmt(HAND.plymouth.janApr2024)};`);
  });

  test("the monthly figure's table adds up to the hand-checked counts", async () => {
    const rows = await figureTable(overview, /by month, Plymouth$/);
    expect(new Set(rows.map((r) => r["Crime type"]))).toEqual(new Set(SV_TYPES));
    const total = (from: string, to: string) => rows.filter((r) => (r.Month ?? "") >= from && (r.Month ?? "") <= to).reduce((s, r) => s + num(r.Offences), 0);
    expect(total("2025-01", "2025-12")).toBe(HAND.plymouth.offences2025);
    expect(total("2025-01", "2025-04")).toBe(HAND.plymouth.janApr2025);
    expect(total("2024-01", "2024-04")).toBe(HAND.plymouth.janApr2024);
    // May–Dec 2024 are not in the snapshot: shown as gaps, never as zero rows.
    expect(total("2024-05", "2024-12")).toBe(0);
    expect(rows.filter((r) => r.Month?.startsWith("2024-") && num(r.Offences) === 0)).toEqual([]);
  });
});

describe("Plymouth: one count per comparison, excluded districts, no-location records, wards", () => {
  test("the England table gives excluded districts no rate and the reason; Plymouth is 13,075 there and 13,072 on the force chart", async () => {
    const profile = await open("plymouth", "violence-profile");
    const england = await figureTable(profile, /English districts, 2025$/);
    const bristol = england.find((r) => r["District code"] === "E06000023")!;
    expect(bristol["Rate per 1,000"]).toBe("no rate: Avon and Somerset Constabulary: 6 of 12 months in the set");
    expect(bristol["Lower 95% CI"]).toBe("no rate");
    expect(num(england.find((r) => r["District code"] === "E06000026")!.Offences)).toBe(13_075);
    const force = await figureTable(profile, /districts of Devon & Cornwall Police$/);
    expect(num(force.find((r) => r["District code"] === "E06000026")!.Offences)).toBe(HAND.plymouth.offences2025);
    const text = await profile.locator("#observablehq-main").innerText();
    expect(text).toContain("Plymouth has 13,075 offences here against 13,072 in the Devon & Cornwall Police files");
    // Neighbourhoods carry their ward in the ranked table and the map's table.
    const map = await figureTable(profile, /by neighbourhood \(LSOA 2021\), Plymouth$/);
    expect(map.find((r) => r["LSOA code"] === "E01015023")).toMatchObject({Name: "Plymouth 003A", "Ward (2024)": "Budshead"});
    await profile.close();
  });

  test("the Overview compares the area with England on the England set's count and says which records have no location", async () => {
    const overview = await open("plymouth", "");
    const rows = await figureTable(overview, /rate per 1,000 residents$/);
    expect(rows.map((r) => r.Area)).toEqual(["Plymouth (headline)", "Devon & Cornwall Police area", "Plymouth (England set)", "England police.uk 2025 set"]);
    const text = await overview.locator("#observablehq-main").innerText();
    expect(text).toContain("3,777 serious violence offences of the force (5.6% of its serious violence records) had no location in the window");
    expect(text).toContain("neither the area's rate nor the force area's includes them");
    expect(text).toMatch(/Compare with England with care: in the England set \d\.\d% of serious violence records have no location, against 5\.6% here/);
    expect(text).toContain("(13,075 offences in 2025), its rate is 49.4 per 1,000");
    await overview.close();
  });
});

describe("Surrey", () => {
  test("Surrey is not compared with the Surrey Police area, which is the same districts", async () => {
    const page = await open("surrey", "");
    const rows = await figureTable(page, /rate per 1,000 residents$/);
    expect(rows.map((r) => r.Area)).toEqual(["Surrey (headline)", "Surrey (England set)", "England police.uk 2025 set"]);
    const findings = (await page.locator("ul.findings").allInnerTexts()).join("\n");
    expect(findings).not.toContain("area as a whole");
    expect(findings).toContain("Surrey is the whole Surrey Police area (the same districts)");
    await page.close();
  });

  test(`headline: ${fmt(HAND.surrey.offences2025)} offences in 2025 across the county`, async () => {
    const page = await open("surrey", "");
    expect(await page.locator("h1").innerText()).toContain(surrey.partnership.name);
    const offences = await card(page, "Offences recorded");
    expect(offences).toContain(fmt(HAND.surrey.offences2025));
    expect(await card(page, "Rate per 1,000")).toContain("Jan 2025 to Dec 2025");
    await page.close();
  });

  test(`the pages list the ${HAND.surrey.districts} districts`, async () => {
    const names = surrey.districts.map((d) => d.name);
    expect(names).toHaveLength(HAND.surrey.districts);
    const methods = await open("surrey", "methods");
    const text = await methods.locator("#observablehq-main").innerText();
    expect(text).toContain(`made up of ${names.join(", ")}`);
    await methods.close();

    const profile = await open("surrey", "violence-profile");
    const rows = await figureTable(profile, /districts of Surrey Police$/);
    expect(rows.map((r) => r.District).sort()).toEqual([...names].sort());
    expect(rows.map((r) => r["District code"]).sort()).toEqual(surrey.districts.map((d) => d.code).sort());
    // The districts' counts make up the county's (every district of the force is in the partnership).
    expect(rows.reduce((s, r) => s + num(r.Offences), 0)).toBe(HAND.surrey.offences2025);
    await profile.close();
  });
});
