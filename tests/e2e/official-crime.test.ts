/**
 * Official police recorded crime (ONS Table C2) beside police.uk, in both builds. Violence profile: the partnership's
 * counts and rates per 1,000 for the six serious violence offence groups with the population stated, homicide's small
 * count with its exact interval, a county's CSPs summing to its total, and the note naming the months police.uk and
 * C2 share. Benchmarking: the funnel of English CSPs (those without a population counted from the build's own
 * csp-crime.csv and listed, never dropped), the partnership highlighted, the rank among similar areas, the offence
 * selector. No error cell; axe clean at WCAG 2.2 AA.
 */
import {csvParse} from "d3-dsv";
import type {Browser, BrowserContext, Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, PAGES, waitReady, watch, type Watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";
import {axe} from "./lib/axe.ts";

const VIOLENCE = PAGES.find((p) => p.path === "violence-profile")!;
const BENCH = PAGES.find((p) => p.path === "benchmarking")!;

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

const figureTitled = (page: Page, title: string): Locator => page.locator("figure.sna-figure").filter({has: page.locator(".sna-figure__title", {hasText: title})});
const tableCaptioned = (page: Page, caption: string): Locator => page.locator("table", {has: page.locator("caption", {hasText: caption})});
const rowOf = (table: Locator, header: string): Locator => table.locator("tbody tr").filter({has: table.page().locator("th", {hasText: header})});
const cells = async (row: Locator): Promise<string[]> => (await row.locator("th, td").allInnerTexts()).map((t) => t.trim());
const num = (text: string): number => Number(text.replace(/,/g, ""));

// Figures checked by hand against Table C2 (year ending June 2025) and the Census 2021 populations in the snapshot.
const CASES = [
  {which: "plymouth", area: "Plymouth", injury: "3,305", rate: "12.5", homicide: "2", csps: 1, force: "Devon and Cornwall", forceCsps: 8, rank: "3rd highest of 15: Plymouth and its 14 most similar areas"},
  {which: "surrey", area: "Surrey", injury: "6,900", rate: "5.7", homicide: "9", csps: 11, force: "Surrey", forceCsps: 11, rank: "9th highest of 15: Surrey and its 14 most similar areas"}
] as const;

async function open(context: BrowserContext, which: "plymouth" | "surrey", path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl(which)}${path}`);
  await waitReady(page, path === "benchmarking" ? BENCH : VIOLENCE);
  return page;
}

for (const c of CASES) {
  describe(`${c.area}`, () => {
    let context: BrowserContext;
    let watched: Watch;
    let violence: Page;
    let bench: Page;
    beforeAll(async () => {
      context = await browser.newContext({viewport: {width: 1366, height: 900}});
      watched = await watch(context);
      violence = await open(context, c.which, "violence-profile");
      bench = await open(context, c.which, "benchmarking");
    });
    afterAll(async () => {
      await context?.close();
    });

    test("the partnership's Table C2 counts and rates per 1,000, population stated, homicide with an exact interval", async () => {
      // A background tab gets no animation frames under load; the page read is brought to the front.
      await violence.bringToFront();
      const table = tableCaptioned(violence, `Police recorded crime, ${c.area}, year ending June 2025`);
      expect(await table.locator("caption").innerText()).toMatch(/\d{1,3}(,\d{3})+ residents, Census 2021/);
      const injury = await cells(rowOf(table, "Violence with injury"));
      expect(injury.slice(0, 3)).toEqual(["Violence with injury", c.injury, c.rate]);
      const homicide = await cells(rowOf(table, "Homicide"));
      expect(homicide[1]).toBe(c.homicide);
      expect(homicide.at(-1)).toBe("Exact");
      // A rate per 1,000 of a handful of homicides is never shown as 0.0.
      expect(homicide[2]).toMatch(/^0\.00\d\d$/);
      for (const offence of ["Violence without injury", "Robbery", "Possession of weapons offences", "Sexual offences"]) expect(await rowOf(table, offence).count()).toBe(1);
      const fig = figureTitled(violence, "Police recorded violence, robbery and weapons offences per 1,000 residents");
      expect(await fig.locator(".sna-figure__source").innerText()).toContain("ONS, Police recorded crime by Community Safety Partnership, Table C2");
      expect(await fig.locator(".sna-figure__source").innerText()).toMatch(/Period: Jul 2024 to Jun 2025 .* Released: 2025-10/);
      expect(await errorCells(violence)).toEqual([]);
    });

    test(c.csps > 1 ? "a county shows each of its CSPs, and they sum to its total" : "a single-CSP partnership says it is one CSP", async () => {
      // A background tab gets no animation frames under load; the page read is brought to the front.
      await violence.bringToFront();
      // The force's CSPs, the partnership's own marked (a county's police force area is the county: its CSPs only).
      const force = figureTitled(violence, `Violence with injury per 1,000 residents, the Community Safety Partnerships of ${c.force}`);
      const forceRows = force.locator("details tbody tr");
      expect(await forceRows.count()).toBe(c.forceCsps);
      expect(await forceRows.filter({has: violence.locator("td", {hasText: /^yes$/})}).count()).toBe(c.csps);
      const main = await violence.locator("#observablehq-main").innerText();
      if (c.csps === 1) {
        expect(main).toContain(`for the ${c.area} CSP (E22000056), which is the whole partnership`);
        return;
      }
      expect(main).toContain(`summed over the partnership's ${c.csps} CSPs`);
      const table = tableCaptioned(violence, `Police recorded offences by Community Safety Partnership, ${c.area}`);
      const rows = table.locator("tbody tr");
      expect(await rows.count()).toBe(c.csps + 1);
      const header = (await table.locator("thead th").allInnerTexts()).map((t) => t.trim());
      const col = header.indexOf("Violence with injury");
      const all = await Promise.all(Array.from({length: c.csps + 1}, (_, i) => cells(rows.nth(i))));
      const total = all.at(-1)!;
      expect(total[0]).toBe(`${c.area} (sum of its CSPs)`);
      expect(total[col]).toBe(c.injury);
      expect(all.slice(0, -1).reduce((s, r) => s + num(r[col]!), 0)).toBe(num(c.injury));
    });

    test("the reconciliation note names the months police.uk and C2 share, and says they differ in scope", async () => {
      // A background tab gets no animation frames under load; the page read is brought to the front.
      await violence.bringToFront();
      const note = await violence.locator(".note", {hasText: "police.uk and these official counts"}).innerText();
      expect(note).toContain("Jan to Jun 2025 are in both; Jul to Dec 2024 are in Table C2 only: the snapshot has no police.uk file for them; Jul to Dec 2025 are in the police.uk figures only.");
      expect(note).toContain("Violence and sexual offences");
      expect(note).toContain("never compared as like for like");
      const methods = await open(context, c.which, "methods");
      expect(await methods.locator("#observablehq-main").innerText()).toContain("Jan to Jun 2025 are in both");
      expect(await errorCells(methods)).toEqual([]);
      await methods.close();
    });

    test("the funnel plots every English CSP with a population (counted from the build's data), lists the rest, highlights the partnership", async () => {
      // A background tab gets no animation frames under load; the page read is brought to the front.
      await bench.bringToFront();
      const url = watched.requests.find((u) => /\/_file\/data\/csp-crime\.[0-9a-f]+\.csv$/.test(u));
      expect(url).toBeDefined();
      const data = csvParse(await (await bench.request.get(url!)).text()).filter((r) => r.level === "England CSP" && r.offence === "violence_with_injury");
      const withPopulation = data.filter((r) => r.population !== "").length;
      expect(data.length).toBe(293);
      expect(withPopulation).toBeLessThan(293);
      const fig = figureTitled(bench, "Violence with injury per 1,000 residents against population, English Community Safety Partnerships");
      // The chart's long text alternative, written from the points it draws.
      const description = (await fig.locator(".sna-figure__description").textContent()) ?? "";
      expect(description).toContain(`for ${withPopulation} areas`);
      expect(await fig.locator(".sna-figure__note").innerText()).toContain(`Left out: ${293 - withPopulation} of the 293 English CSPs`);
      const rows = fig.locator("details tbody tr");
      expect(await rows.count()).toBe(293);
      expect(await rows.filter({hasText: "left out:"}).count()).toBe(293 - withPopulation);
      // The partnership's CSPs are highlighted: named in the chart's description and marked in its table.
      const mine = await fig.locator("details tbody tr").filter({has: bench.locator("td", {hasText: /^yes$/})}).count();
      expect(mine).toBe(c.csps);
      if (c.csps === 1) expect(description).toMatch(new RegExp(`${c.area}: ${c.rate.replace(".", "\\.")}, `));
      else expect(await tableCaptioned(bench, `${c.area}'s Community Safety Partnerships in the funnel`).locator("tbody tr").count()).toBe(c.csps);
      expect(await errorCells(bench)).toEqual([]);
    });

    test("the rank among its most similar areas, with their table and the area left out", async () => {
      // A background tab gets no animation frames under load; the page read is brought to the front.
      await bench.bringToFront();
      const main = await bench.locator("#observablehq-main").innerText();
      expect(main).toContain(`Violence with injury: ${c.rank}`);
      const fig = figureTitled(bench, `Violence with injury per 1,000 residents, ${c.area} and its most similar areas`);
      expect(await fig.locator("details tbody tr").count()).toBe(15);
      expect(await fig.locator(".sna-figure__note").innerText()).toMatch(/Not ranked: .+ do not follow its 2024 districts/);
    });

    test("the offence selector redraws the funnel and the rank for homicide", async () => {
      // A background tab gets no animation frames under load; the page read is brought to the front.
      await bench.bringToFront();
      await bench.getByLabel("Offence group").selectOption({label: "Homicide"});
      const fig = figureTitled(bench, "Homicide per 1,000 residents against population, English Community Safety Partnerships");
      await expect.poll(() => fig.count()).toBe(1);
      expect(await bench.locator("#observablehq-main").innerText()).toMatch(new RegExp(`Homicide: (highest|lowest|\\d+(st|nd|rd|th) highest) of 15: ${c.area}`));
      expect(await errorCells(bench)).toEqual([]);
      await bench.getByLabel("Offence group").selectOption({label: "Violence with injury"});
    });

    test("axe finds no WCAG 2.2 AA violation on either page", async () => {
      for (const page of [violence, bench]) {
        // A background tab gets no animation frames under load; the page read is brought to the front.
        await page.bringToFront();
        const result = await axe(page).analyze();
        expect(result.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.length}`)).toEqual([]);
      }
    });
  });
}
