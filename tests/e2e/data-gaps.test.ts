/**
 * The Data gaps page in both builds: the register of every source the guidance names, computed from the snapshot
 * manifest, the partner reports and the configuration. police.uk and official recorded crime are in the build with
 * their periods; the partner sources shown from EXAMPLE files say so; probation is missing with a next step; the
 * status filter and the CSV download work. No error cell; axe clean.
 */
import {readFileSync} from "node:fs";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, PAGES, waitReady, watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {DATA_SOURCES} from "../../loaders/prepare/data-gaps.ts";
import {axe} from "./lib/axe.ts";

const PAGE = PAGES.find((p) => p.path === "data-gaps")!;

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

const registerRow = (page: Page, source: string) => page.locator("#gap-register tbody tr", {has: page.locator("th", {hasText: source})});
const rowText = async (page: Page, source: string) => (await registerRow(page, source).innerText()).replace(/\s+/g, " ");

for (const c of [
  {which: "plymouth", area: "Plymouth", code: "E06000026"},
  {which: "surrey", area: "Surrey", code: "E10000030"}
] as const) {
  describe(c.area, () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({viewport: {width: 1366, height: 900}, acceptDownloads: true});
      await watch(context);
      page = await context.newPage();
      await page.goto(`${baseUrl(c.which)}data-gaps`);
      await waitReady(page, PAGE);
      await page.locator("#gap-register").waitFor();
    });
    afterAll(async () => {
      await context?.close();
    });

    test("one row per source, and a summary whose counts add up to them", async () => {
      expect(await page.locator("#gap-register tbody tr").count()).toBe(DATA_SOURCES.length);
      const summary = await page.locator("#gap-summary").innerText();
      expect(summary).toContain(`${DATA_SOURCES.length} sources:`);
      const counts = [...summary.matchAll(/(\d+) (in this build|partial|EXAMPLE only|missing|requested|held outside this build)/g)].map((m) => Number(m[1]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(DATA_SOURCES.length);
      expect(await errorCells(page)).toEqual([]);
    });

    test("police.uk and official recorded crime are in this build, with their periods, releases and ages", async () => {
      const police = await rowText(page, "Police.uk street-level crime");
      expect(police).toMatch(/in this build \d{4}-\d{2} to \d{4}-\d{2} about \d{4}-\d{2} \(police\.uk monthly release\) \d+(\.\d)? /);
      const official = await rowText(page, "Official police recorded crime");
      expect(official).toMatch(/in this build \d{4}-\d{2} to \d{4}-\d{2} \d{4}-\d{2}/);
    });

    test("the partner sources shown from EXAMPLE files are marked as not real data", async () => {
      const hes = await rowText(page, "Hospital admissions for assault, including by a sharp object");
      expect(hes).toContain("EXAMPLE only: not real data");
      expect(hes).toContain("(EXAMPLE)");
      expect(await page.locator(".warning", {hasText: "EXAMPLE only is not real data."}).innerText()).toContain(`data/partners/examples/${c.code}/`);
    });

    test("probation is missing, with who usually holds it and the next step", async () => {
      expect(await rowText(page, "Probation")).toMatch(/missing none .*Usually: Probation Service/);
      const item = page.locator("#missing-sources li", {hasText: /^Probation \(/});
      expect(await item.innerText()).toMatch(/Next step: Ask the regional Probation Service/);
    });

    test("the status filter shows one status; the CSV holds the whole register with the registry's columns", async () => {
      await page.getByLabel("Show status").selectOption("missing");
      await expect.poll(() => page.locator("#gap-register caption").innerText()).toContain(": missing (");
      const statuses = await page.locator("#gap-register tbody tr td:nth-child(2)").allInnerTexts();
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(["missing"]));
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: "Download CSV"}).click()]);
      expect(download.suggestedFilename()).toBe(`data-gaps-${c.code}.csv`);
      const lines = readFileSync((await download.path())!, "utf-8").replace(/^\ufeff/, "").trim().split(/\r\n/);
      expect(lines[0]).toBe([...columnNames(TABLES.data_gaps), "Note"].join(","));
      expect(lines).toHaveLength(DATA_SOURCES.length + 1);
      await page.getByLabel("Show status").selectOption("All statuses");
    });

    // Plymouth's chapter, in this state, is checked by axe in pages.test.ts: here only Surrey's.
    if (c.which === "surrey") test("axe finds no WCAG 2.2 AA violation", async () => {
      const result = await axe(page).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
    });
  });
}
