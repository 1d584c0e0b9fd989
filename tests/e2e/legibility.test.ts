/**
 * What a reader of both builds, on a laptop and a phone, tripped over (issue "Correct and legible"), checked in the
 * built pages: the pager's names, percentage axes, the deprivation legend in words, a county's district boundaries,
 * one definition of concentration, periods taken from the rows drawn, the overdispersion-adjusted funnel, tables
 * that are not clipped, chart text that is filled and clear of other labels, and no console error when the window is
 * resized to a phone's width.
 */
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import surrey from "../../configs/surrey.ts";
import {afterDependentCells, PAGES, waitReady} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

// Each page is opened once per build and shared by the tests that read it (none changes it but the resize test,
// which runs last): a page load is most of each test's time.
const opened = new Map<string, Promise<{page: Page; errors: string[]}>>();
function open(site: "plymouth" | "surrey", path: string): Promise<{page: Page; errors: string[]}> {
  const key = `${site}/${path}`;
  if (!opened.has(key)) opened.set(key, load(site, path));
  return opened.get(key)!;
}

async function load(site: "plymouth" | "surrey", path: string): Promise<{page: Page; errors: string[]}> {
  const page = await browser.newPage({viewport: {width: 1366, height: 900}});
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${baseUrl(site)}${path}`);
  await waitReady(page, PAGES.find((p) => p.path === path)!);
  return {page, errors};
}

/**
 * What a reader could not read in a page's charts: a text drawn with no fill (Plot leaves a text unfilled when given
 * only a stroke, so a white halo hides it), a halo painted over its text, two labels overlapping by more than 2 px
 * each way, or a text running more than 1 px past its chart's box (the charts let text overflow, and a phone's screen
 * cut off what ran past: an axis label, a reference line's label near the edge, a bold name wider than its margin).
 * Turned tick labels are left out of the overlaps: their boxes overlap while their glyphs do not.
 */
async function chartTextProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const svg of document.querySelectorAll("figure svg")) {
      const title = svg.closest("figure.sna-figure")?.querySelector(".sna-figure__title")?.textContent ?? "a chart";
      const texts = [...svg.querySelectorAll("text")].filter((t) => (t.textContent ?? "").trim() && t.getBoundingClientRect().width > 0);
      const box = svg.getBoundingClientRect();
      for (const t of texts) {
        const r = t.getBoundingClientRect();
        const past = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
        if (past > 1 && !svg.parentElement?.closest("svg")) out.push(`${title}: "${t.textContent}" runs ${Math.round(past)} px past the chart's edge`);
        const cs = getComputedStyle(t);
        if (cs.fill === "none" || cs.fillOpacity === "0" || cs.opacity === "0") out.push(`${title}: "${t.textContent}" has no fill`);
        else if (cs.stroke !== "none" && parseFloat(cs.strokeWidth) > 1 && !cs.paintOrder.startsWith("stroke")) out.push(`${title}: "${t.textContent}" has its halo painted over it`);
      }
      const turnedTick = (t: Element) => /rotate\((?!0\))/.test(t.getAttribute("transform") ?? "") && /tick label$/.test(t.closest("g[aria-label]")?.getAttribute("aria-label") ?? "");
      const level = texts.filter((t) => !turnedTick(t)).map((t) => ({text: t.textContent, r: t.getBoundingClientRect()}));
      for (let i = 0; i < level.length; i++)
        for (let j = i + 1; j < level.length; j++) {
          const a = level[i]!.r;
          const b = level[j]!.r;
          if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2) out.push(`${title}: "${level[i]!.text}" overlaps "${level[j]!.text}"`);
        }
    }
    return out;
  });
}

/** Opens each page of the build in turn in `page` and, once it is drawn, runs `check` with the page's name. */
async function everyPage(page: Page, site: "plymouth" | "surrey", check: (name: string) => Promise<unknown>): Promise<void> {
  for (const sitePage of PAGES) {
    await page.goto(`${baseUrl(site)}${sitePage.path}`);
    await waitReady(page, sitePage);
    await check(sitePage.path || "(overview)");
  }
}

const figure = (page: Page, title: RegExp) => page.locator("figure.sna-figure", {has: page.locator(".sna-figure__title", {hasText: title})});

describe.each(["plymouth", "surrey"] as const)("%s", (site) => {
  test("the pager names the Overview, not the site", async () => {
    // The chapter after the Overview in the sidebar's order.
    const {page} = await open(site, PAGES[1]!.path);
    expect((await page.locator('a[rel="prev"]').innerText()).trim()).toBe("Overview");
  });

  test("Place: shares are ticked as percentages and the deprivation map is keyed in words", async () => {
    const {page, errors} = await open(site, "place");
    for (const title of [/by age group/i, /by ethnic group/i, /most deprived 30%/i]) {
      const ticks = await figure(page, title).locator('g[aria-label="x-axis tick label"] text').allTextContents();
      expect(ticks.length, String(title)).toBeGreaterThan(2);
      for (const t of ticks) expect(t, String(title)).toMatch(/%$/);
    }
    const map = figure(page, /Deprivation decile of each neighbourhood/);
    const legend = await map.locator(".plot-d6a7b5-swatches").innerText();
    expect(legend).toContain("1 most deprived");
    expect(legend).toContain("10 least deprived");
    expect(await map.innerText()).not.toContain("11 −");
    expect(errors).toEqual([]);
  });

  test("a county's maps draw and name its districts; a unitary authority's do not", async () => {
    const {page} = await open(site, "violence-profile");
    const map = figure(page, /by neighbourhood \(LSOA 2021\)/);
    const labels = await map.locator('g[aria-label="text"] text').allTextContents();
    if (site === "surrey") expect([...labels].sort()).toEqual(surrey.districts.map((d) => d.name).sort());
    else expect(labels).toEqual([]);
  });

  test("concentration: the subtitle and the chart's markers use one definition (whole LSOAs)", async () => {
    const {page} = await open(site, "violence-profile");
    const fig = figure(page, /Concentration of serious violence/);
    const subtitle = await fig.locator(".sna-figure__subtitle").innerText();
    const [, top5, share5, top10, share10] = subtitle.match(/top 5% of LSOAs \((\d+)\) had ([\d.]+%).*top 10% \((\d+)\) had ([\d.]+%)/) ?? [];
    expect(share10, subtitle).toBeTruthy();
    const markers = await fig.locator('g[aria-label="text"] text').allTextContents();
    expect(markers).toContain(`Top 5% of LSOAs (${top5}): ${share5} of crimes`);
    expect(markers).toContain(`Top 10% of LSOAs (${top10}): ${share10} of crimes`);
  });

  test("Overview: the monthly figure's table holds only the months its period names", async () => {
    const {page} = await open(site, "");
    const fig = figure(page, /by month/);
    const source = await fig.locator(".sna-figure__source").innerText();
    const [, from, to] = source.match(/Period: (\w+ \d{4}) to (\w+ \d{4})/) ?? [];
    expect(to, source).toBeTruthy();
    const month = (label: string) => new Date(`1 ${label} UTC`).getTime();
    const months = await fig.locator("table tbody tr > th[scope=row]").allTextContents();
    expect(months.length).toBeGreaterThan(0);
    for (const m of months) {
      const t = /^\d{4}-\d{2}$/.test(m) ? Date.UTC(+m.slice(0, 4), +m.slice(5, 7) - 1, 1) : month(m);
      expect(t, m).toBeGreaterThanOrEqual(month(from!));
      expect(t, m).toBeLessThanOrEqual(month(to!));
    }
  });

  test("Benchmarking: the funnel draws overdispersion-adjusted limits by default and lists the clipped outliers", async () => {
    const {page, errors} = await open(site, "benchmarking");
    const fig = figure(page, /against district population/);
    const text = await fig.innerText();
    expect(text).toMatch(/over-?dispersion/i);
    expect(text).toContain("City of London");
    // Poisson limits stay available as an option.
    expect(await page.getByRole("radio", {name: /Poisson/}).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  test("the ranked neighbourhood table shows codes and names in full", async () => {
    const {page} = await open(site, "violence-profile");
    const region = page.getByRole("region", {name: "Neighbourhoods ranked by serious violence"});
    const clipped = await region.locator("td").evaluateAll((tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent));
    expect(clipped).toEqual([]);
    const codes = await region.locator("td").allTextContents();
    expect(codes.some((c) => /^E01\d{6}$/.test(c))).toBe(true);
  });

  test("at a phone's width no page scrolls sideways, even with every table open (a wide table scrolls in its own region), and every chart's text can be read", async () => {
    const page = await browser.newPage({viewport: {width: 390, height: 900}});
    const wide: string[] = [];
    const unreadable: string[] = [];
    await everyPage(page, site, async (name) => {
      unreadable.push(...(await chartTextProblems(page)).map((p) => `${name}: ${p}`));
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) wide.push(`${name}: ${overflow} px wider than the screen`);
    });
    expect(wide).toEqual([]);
    expect(unreadable).toEqual([]);
    await page.close();
  }, 180_000);

  test("at a laptop's width every chart's text can be read: filled, its halo under it, clear of the other labels", async () => {
    const page = await browser.newPage({viewport: {width: 1366, height: 900}});
    const unreadable: string[] = [];
    await everyPage(page, site, async (name) => unreadable.push(...(await chartTextProblems(page)).map((p) => `${name}: ${p}`)));
    expect(unreadable).toEqual([]);
    await page.close();
  }, 180_000);

  test("a live view's redrawn charts can be read on a phone: one district (Surrey), six months, two crime types; and one month of one type", async () => {
    // Few records make steep concentration curves and small counts: labels land where the build's defaults never put them.
    const district = (name: string) => (site === "surrey" ? `district=${surrey.districts.find((d) => d.name === name)!.code}&` : "");
    const views = [`${district("Guildford")}from=2025-03&to=2025-08&types=Possession+of+weapons,Robbery`, `${district("Tandridge")}from=2025-12&to=2025-12&types=Possession+of+weapons`];
    const page = await browser.newPage({viewport: {width: 390, height: 900}});
    for (const query of views) {
      await page.goto(`${baseUrl(site)}violence-profile?${query}`);
      await waitReady(page, PAGES.find((p) => p.path === "violence-profile")!);
      await page.locator('#live-status[data-source="browser"]').waitFor({timeout: 60_000});
      await afterDependentCells(page);
      expect(await chartTextProblems(page), query).toEqual([]);
    }
    // One month of one offence: most neighbourhoods have none, and the map keys them in its lightest class, not its
    // darkest (a quantile scale's breaks were all 0).
    const map = figure(page, /by neighbourhood \(LSOA 2021\)/);
    const lightest = await map.locator(".plot-d6a7b5-ramp rect").first().getAttribute("fill");
    const zeroFills = await map.locator('g[aria-label="geo"] path').evaluateAll((paths) => [...new Set(paths.filter((p) => / 0\.0+$/.test(p.querySelector("title")?.textContent ?? "")).map((p) => p.getAttribute("fill") ?? p.parentElement?.getAttribute("fill")))]);
    expect(zeroFills.length).toBeGreaterThan(0);
    expect(zeroFills).toEqual([lightest]);
    await page.close();
  });

  test("resizing to a phone's width logs no console error, and month ticks never run together", async () => {
    for (const path of ["", "place", "violence-profile"]) {
      const {page, errors} = await open(site, path);
      for (const width of [800, 390, 320, 390]) {
        await page.setViewportSize({width, height: 900});
        await page.waitForTimeout(400);
      }
      expect(errors, path).toEqual([]);
      const ticks = await page.locator('g[aria-label="x-axis tick label"] text').allTextContents();
      expect(ticks.filter((t) => /[A-Z][a-z]{2}[A-Z][a-z]{2}|\d{4}\d{4}/.test(t)), path).toEqual([]);
    }
  });
});
