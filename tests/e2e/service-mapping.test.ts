/**
 * Service mapping (guidance 5.6) in both builds, from each partnership's EXAMPLE service register: the services on
 * the hotspot map with their key, the coverage heatmap with "none" cells, the gap tables (each hotspot's services in
 * its ward checked against the register and the snapshot's ONS ward lookup, read here with d3-dsv, not the project's
 * service code), every CSV download, the EXAMPLE labels, axe clean at WCAG 2.2 AA and no request off 127.0.0.1. With
 * no register (the prepare step's empty tables, served in place of the build's), the chapter says how to add one.
 */
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, mainText, PAGES, waitReady, watch, type Watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl, site} from "./lib/context.ts";
import {TABLES, type TableDef} from "../../components/tables/registry.ts";
import {loadContent, preparedTables} from "../../loaders/content/load.ts";
import {serviceTables} from "../../loaders/prepare/service-tables.ts";
import {writeTable} from "../../loaders/prepare/table-schema.ts";
import {axe} from "./lib/axe.ts";

const PAGE = PAGES.find((p) => p.path === "service-mapping")!;
const LOOKUP = csvParse(gunzipSync(readFileSync(join(ROOT, "data/snapshot/ons/lookups/geographr_lookup_lsoa21_ward24_ltla24.csv.gz"))).toString("utf-8"));
const wardOf = new Map(LOOKUP.map((r) => [r.lsoa21_code!, r.ward24_code!]));
const wardName = new Map(LOOKUP.map((r) => [r.ward24_code!, r.ward24_name!]));

/** The partnership's EXAMPLE register, as committed. */
function register(code: string) {
  const dir = join(ROOT, "data/partners/examples", code);
  const file = readdirSync(dir).find((f) => f.startsWith("EXAMPLE-service-register-") && f.endsWith(".csv"))!;
  return csvParse(readFileSync(join(dir, file), "utf-8"));
}

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

for (const c of [
  {which: "plymouth", area: "Plymouth", code: "E06000026", wide: "Citywide"},
  {which: "surrey", area: "Surrey", code: "E10000030", wide: "Countywide"}
] as const) {
  describe(c.area, () => {
    const services = register(c.code);
    const wide = services.filter((s) => s.Area === c.wide);
    const placed = services.filter((s) => /^E0[15]/.test(s.Area!));
    let context: BrowserContext;
    let page: Page;
    let w: Watch;
    beforeAll(async () => {
      context = await browser.newContext({viewport: {width: 1366, height: 900}, acceptDownloads: true});
      w = await watch(context);
      page = await context.newPage();
      await page.goto(`${baseUrl(c.which)}service-mapping`);
      await waitReady(page, PAGE);
    });
    afterAll(async () => {
      await context?.close();
    });

    test("the register is labelled EXAMPLE and summarised, with no error cell", async () => {
      expect(await errorCells(page)).toEqual([]);
      expect(await page.locator("#example-register").innerText()).toContain("EXAMPLE service register.");
      expect(await page.locator("#service-summary").innerText()).toContain(`${services.length} services in the register (EXAMPLE): ${placed.length} based in a neighbourhood or ward and placed on the map, ${wide.length} ${c.wide.toLowerCase()}.`);
    });

    test("the map shows the neighbourhoods, one mark per place with services, and a key", async () => {
      const fig = page.locator("figure.sna-figure", {has: page.locator(".sna-figure__title", {hasText: "Services and serious violence per 1,000 residents"})});
      const lsoas = new Set(LOOKUP.filter((r) => (c.code === "E06000026" ? r.ltla24_code === c.code : r.ltla24_code!.startsWith("E07"))).map((r) => r.lsoa21_code));
      expect(await fig.locator('svg g[aria-label="geo"] path').count()).toBeGreaterThanOrEqual(c.code === "E06000026" ? lsoas.size : 700);
      // Services at one LSOA, or at one ward, share a mark.
      const places = new Set(placed.map((s) => s.Area));
      expect(await fig.locator('svg g[aria-label="dot"] path').count()).toBe(places.size);
      const key = await fig.locator(".sna-service-key").innerText();
      expect(key).toContain("Services based in an LSOA");
      expect(key).toContain("Services based in a ward");
      expect(await fig.locator("figcaption").last().innerText()).toContain(`${wide.length} services are not on the map: ${wide.length} ${c.wide.toLowerCase()}.`);
      expect(await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label")).toMatch(new RegExp(`with ${placed.length} services marked where they are based`));
      expect(await fig.locator("details.sna-figure__table tbody tr").count()).toBe(services.length);
    });

    test("the coverage heatmap shows every cell, the empty ones as none", async () => {
      const fig = page.locator("figure.sna-figure", {has: page.locator(".sna-figure__title", {hasText: "Services by level of prevention, WHO level and age group"})});
      const notGiven = (col: string) => (services.some((s) => !s[col]) ? 1 : 0);
      const cells = (4 + notGiven("Prevention level")) * (4 + notGiven("WHO level")) * (4 + notGiven("Age group served"));
      expect(await fig.locator('svg g[aria-label="cell"]').first().locator("rect").count()).toBe(cells);
      expect(await fig.locator("details.sna-figure__table tbody tr").count()).toBe(cells);
      // No example service is contextual: its whole row block is "none".
      expect(services.some((s) => /contextual/.test(s["Prevention level"]!))).toBe(false);
      const texts = await fig.locator('svg g[aria-label="text"] text').allTextContents();
      expect(texts.filter((t) => t === "none").length).toBeGreaterThanOrEqual(4 * 4);
    });

    test("the hotspot gaps count the services based in each neighbourhood's ward, Citywide apart", async () => {
      const table = page.locator("section.sna-table-figure", {hasText: "Neighbourhoods with most serious violence"}).locator("table");
      const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => ({cells: [...tr.children].map((td) => td.textContent ?? ""), gap: tr.classList.contains("sna-gap")})));
      expect(rows).toHaveLength(10);
      const header = await table.locator("thead th").allTextContents();
      const col = (name: string) => header.indexOf(name);
      for (const r of rows) {
        const ward = [...wardName.entries()].find(([, n]) => n === r.cells[col("Ward (2024)")])?.[0];
        expect(ward, r.cells.join(" | ")).toBeTruthy();
        const inWard = placed.filter((s) => s.Area === ward || wardOf.get(s.Area!) === ward).length;
        expect(Number(r.cells[col("Services in the ward")]), r.cells.join(" | ")).toBe(inWard);
        expect(Number(r.cells[col(`${c.wide} services`)])).toBe(wide.length);
        expect(r.gap).toBe(inWard === 0);
        expect(r.cells[col("Gap: no service in the ward")]).toBe(inWard === 0 ? "Gap" : "no");
      }
    });

    test("the level gaps are the levels no example service reaches", async () => {
      const table = page.locator("section.sna-table-figure", {hasText: "Age groups, levels of prevention and WHO levels"}).locator("table");
      const gaps = await table.locator("tbody tr.sna-gap th").allTextContents();
      const gapLevels = await table.locator("tbody tr.sna-gap td:nth-child(2)").allTextContents();
      expect(gaps.map((g, i) => `${g}: ${gapLevels[i]}`)).toEqual(["Prevention level: Contextual", "WHO level: Societal"]);
      expect(await table.locator("tbody tr").count()).toBe(12);
    });

    test("every figure and table downloads its CSV, one line per row", async () => {
      const blocks = page.locator("figure.sna-figure, section.sna-table-figure");
      const n = await blocks.count();
      expect(n).toBe(4);
      const names: string[] = [];
      for (let i = 0; i < n; i++) {
        const block = blocks.nth(i);
        const rows = await block.locator("table tbody tr").count();
        const button = block.locator("button.sna-figure__download");
        await button.scrollIntoViewIfNeeded();
        const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
        names.push(download.suggestedFilename());
        const lines = readFileSync((await download.path())!, "utf-8").replace(/^\ufeff/, "").trimEnd().split(/\r\n/);
        expect(lines.length - 1).toBe(rows);
        expect(lines[0]).toMatch(/,Note$/);
      }
      expect(names).toEqual(["services-map.csv", "service-coverage.csv", "service-gaps-hotspots.csv", "service-gaps-levels.csv"]);
    });

    test("the analyst's EXAMPLE narrative is filled from the tables", async () => {
      const table = page.locator("section.sna-table-figure", {hasText: "Neighbourhoods with most serious violence"}).locator("table");
      const header = await table.locator("thead th").allTextContents();
      const first = await table.locator("tbody tr").first().locator("th, td").allTextContents();
      const cell = (name: string) => first[header.indexOf(name)];
      const text = (await mainText(page)).replace(/\s+/g, " ");
      expect(text).toContain(`The busiest neighbourhood, ${cell("Neighbourhood (LSOA)")} in ${cell("Ward (2024)")} ward, recorded ${cell("Serious violence")} offences and has ${cell("Services in the ward")} services based in its ward; ${wide.length} area-wide services`);
      expect(text).toContain("EXAMPLE narrative.");
    });

    test("axe finds no violation at WCAG 2.2 AA, and nothing left 127.0.0.1", async () => {
      const result = await axe(page).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
      expect(w.foreign).toEqual([]);
      expect(w.failed).toEqual([]);
      expect(w.consoleErrors).toEqual([]);
      expect(w.pageErrors).toEqual([]);
    });
  });
}

describe("Plymouth with no service register", () => {
  /**
   * What the prepare step writes with no service register: the four tables with their header only (serviceTables on
   * no rows), and the chapter's EXAMPLE narrative filled by loadContent against them: "no data", never a number.
   */
  function withoutRegister(): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), "sna-no-services-"));
    const contentRoot = join(dir, "content");
    try {
      const empty = serviceTables([], [], [], ["E06000026"]);
      writeTable(dir, TABLES.services, empty.services);
      writeTable(dir, TABLES.service_coverage, empty.coverage);
      writeTable(dir, TABLES.service_gap_hotspots, empty.hotspots);
      writeTable(dir, TABLES.service_gap_levels, empty.levels);
      mkdirSync(join(contentRoot, "E06000026"), {recursive: true});
      copyFileSync(join(ROOT, "content/E06000026/service-mapping.md"), join(contentRoot, "E06000026/service-mapping.md"));
      const notes: string[] = [];
      const chapter = loadContent(contentRoot, "E06000026", preparedTables(dir), {showExamples: true, projectRoot: ROOT, notes}).chapters["service-mapping"];
      expect(notes.length).toBeGreaterThan(0);
      const dist = site().builds.plymouth.dist;
      const built = readdirSync(join(dist, "_file/data")).find((f) => /^content\.[0-9a-f]{8}\.json$/.test(f))!;
      const content = JSON.parse(readFileSync(join(dist, "_file/data", built), "utf-8")) as {chapters: Record<string, unknown>};
      content.chapters["service-mapping"] = chapter;
      const file = (t: TableDef) => readFileSync(join(dir, t.file), "utf-8");
      return {"services": file(TABLES.services), "service-coverage": file(TABLES.service_coverage), "service-gap-hotspots": file(TABLES.service_gap_hotspots), "service-gap-levels": file(TABLES.service_gap_levels), content: JSON.stringify(content)};
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }

  test("the chapter says what the guidance expects and how to add a register; no service, heatmap or gap table; the narrative says no data; axe clean", async () => {
    const files = withoutRegister();
    const context = await browser.newContext({viewport: {width: 1366, height: 900}});
    const w = await watch(context);
    const page = await context.newPage();
    for (const [name, body] of Object.entries(files)) {
      await page.route(new RegExp(`/_file/data/${name}\\.[0-9a-f]+\\.(csv|json)$`), (route) => route.fulfill({status: 200, contentType: name === "content" ? "application/json" : "text/csv", body}));
    }
    try {
      await page.goto(`${baseUrl("plymouth")}service-mapping`);
      await waitReady(page, PAGE);
      expect(await errorCells(page)).toEqual([]);
      expect(await page.locator("#no-register").innerText()).toMatch(/^No service register in this build\. The guidance \(section 5\.6\) expects .* put the register in data\/partners\/ as a CSV or XLSX file with a manifest whose datasetType is service-register/);
      expect(await page.locator("#example-register, #service-summary").count()).toBe(0);
      expect(await page.locator("figure.sna-figure, section.sna-table-figure").count()).toBe(0);
      // Each section says why it is empty instead of leaving a bare heading.
      expect(await page.locator("p.no-register-section").allInnerTexts()).toEqual([
        "No services to map: this build has no service register (see the note above).",
        "No coverage to show by level of prevention, WHO level and age: this build has no service register.",
        "No gaps can be judged without a service register: the ten neighbourhoods with most serious violence are on the Violence profile."
      ]);
      const text = (await mainText(page)).replace(/\s+/g, " ");
      expect(text).toContain("The busiest neighbourhood, no data in no data ward, recorded no data offences and has no data services based in its ward");
      expect(text).toContain("partnership's 0 registered services");
      const result = await axe(page).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      expect(w.foreign).toEqual([]);
      expect(w.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
