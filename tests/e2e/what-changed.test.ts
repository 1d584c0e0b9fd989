/**
 * The "What changed" chapter in both builds, against the shipped previous edition of each partnership
 * (editions/<area>-jan-apr-2024/, made with `npm run edition -- ... --from 2024-01 --to 2024-04`): it names the
 * edition and its window, compares serious violence on the same months (Jan-Apr 2025 against Jan-Apr 2024) as a rate
 * ratio whose counts are those of the edition's file and this build's, draws it as a figure with a title, a text
 * alternative and a CSV download, and lists the other sections. No error cell, no request off 127.0.0.1, axe clean.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, mainText, PAGES, waitReady, watch, type Watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";
import {ROOT} from "./lib/build.ts";
import {axe} from "./lib/axe.ts";

const PAGE = PAGES.find((p) => p.path === "what-changed")!;
const SV = new Set(["Violence and sexual offences", "Robbery", "Possession of weapons"]);

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

/** Serious violence in the shipped edition's own file, Jan-Apr 2024, added up here, not by the code under test. */
function editionCount(edition: string): number {
  const rows = csvParse(readFileSync(join(ROOT, "editions", edition, "area-monthly.csv"), "utf-8"));
  return rows.filter((r) => SV.has(r.crime_type!) && r.month! >= "2024-01" && r.month! <= "2024-04").reduce((s, r) => s + Number(r.count), 0);
}

for (const c of [
  {which: "plymouth", area: "Plymouth", edition: "plymouth-jan-apr-2024"},
  {which: "surrey", area: "Surrey", edition: "surrey-jan-apr-2024"}
] as const) {
  describe(c.area, () => {
    let context: BrowserContext;
    let page: Page;
    let w: Watch;
    beforeAll(async () => {
      context = await browser.newContext({viewport: {width: 1366, height: 900}, acceptDownloads: true});
      w = await watch(context);
      page = await context.newPage();
      await page.goto(`${baseUrl(c.which)}what-changed`);
      await waitReady(page, PAGE);
    });
    afterAll(async () => {
      await context?.close();
    });

    test("names the previous edition, its window, and this build's", async () => {
      const line = await page.locator("#edition-line").innerText();
      expect(line).toContain(`compared with the previous edition ${c.edition}`);
      expect(line).toMatch(/analysis window Jan 2025 to Dec 2025, compared with .* window Jan 2024 to Apr 2024\)/);
      expect(await errorCells(page)).toEqual([]);
    });

    test("compares serious violence on the same months as a rate ratio, with the edition's own count", async () => {
      const card = (await page.locator("#headline-change").innerText()).replace(/\s+/g, " ");
      const previous = editionCount(c.edition);
      expect(previous).toBeGreaterThan(1000);
      expect(card).toMatch(/Rate ratio \d\.\d{2,3} \(95% CI \d\.\d{2,3} to \d\.\d{2,3}\): (statistically significant|not statistically significant)\./);
      expect(card).toContain(`with Jan 2024 to Apr 2024 (${previous.toLocaleString("en-GB")})`);
      expect(card).toMatch(/Compares Jan 2025 to Apr 2025 \([\d,]+\)/);
    });

    test("draws it as a figure with a title, a text alternative and a CSV of the two rates", async () => {
      const fig = page.locator("figure.sna-figure").first();
      expect(await fig.locator(".sna-figure__title").innerText()).toMatch(/on the same months of both editions/);
      expect(await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label")).toMatch(/Dot plot of the rate per 1,000 residents: .*Jan 2024 to Apr 2024 \d/);
      const [download] = await Promise.all([page.waitForEvent("download"), fig.locator("button.sna-figure__download").click()]);
      expect(download.suggestedFilename()).toBe("what-changed-headline.csv");
      const csv = csvParse(readFileSync((await download.path())!, "utf-8").replace(/^\ufeff/, ""));
      expect(csv).toHaveLength(2);
      expect(Number(csv[0]!["Offences"])).toBe(editionCount(c.edition));
    });

    test("lists measures, neighbourhoods, indicators, sources, settings, partner data and recommendations", async () => {
      const text = await mainText(page);
      expect(text).toContain("Success and local measures");
      expect(await page.locator("table", {has: page.locator("caption", {hasText: "Success and local measures"})}).locator("tbody tr").count()).toBeGreaterThan(2);
      expect(await page.locator("#top10-summary").innerText()).toMatch(/\d+ of the ten busiest neighbourhoods .* are the same in both editions; \d+ entered the top 10 and \d+ left it/);
      expect(await page.locator("#indicator-summary").innerText()).toMatch(/\d+ indicators are compared with England in both editions/);
      // police.uk's newest month moved from Apr 2024 to Dec 2025 between the editions.
      expect(await page.locator("table", {has: page.locator("caption", {hasText: "Snapshot sources updated"})}).innerText()).toMatch(/policeuk\s+updated[\s\S]*2024-04[\s\S]*2025-12/);
      expect(await page.locator("#config-summary").innerText()).toMatch(/setting/);
      expect(await page.locator("#partner-summary").innerText()).toMatch(/unchanged/);
      expect(await page.locator("#recommendations-summary").innerText()).toMatch(/monitoring measure/);
    });

    test("no request leaves 127.0.0.1 and nothing fails", async () => {
      expect(w.foreign).toEqual([]);
      expect(w.failed).toEqual([]);
      expect(w.pageErrors).toEqual([]);
    });

    // Plymouth's chapter, in this state, is checked by axe in pages.test.ts: here only Surrey's.
    if (c.which === "surrey") test("axe finds no WCAG 2.2 AA violation", async () => {
      const result = await axe(page).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
    });
  });
}
