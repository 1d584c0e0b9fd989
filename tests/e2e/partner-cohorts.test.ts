/**
 * The Partner data chapter's cohort figures (statutory guidance ¶37) and success-measure datasets, in both builds:
 * victims and suspects and A&E attendances by age band and sex with the under-25 bands marked and their share in the
 * text alternative (checked against the figure's own CSV), A&E attendances by day of week and hour, a suppressed
 * cell labelled suppressed (never 0) in chart, table and CSV, the sharp-object admissions and knife-crime tables
 * shown, no error cell, axe clean at WCAG 2.2 AA.
 */
import {readFileSync} from "node:fs";
import {csvParse} from "d3-dsv";
import type {Browser, BrowserContext, Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, PAGES, waitReady, watch, type Watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";
import {axe} from "./lib/axe.ts";

const PARTNER_PAGE = PAGES.find((p) => p.path === "partner-data")!;

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

/** The figure whose title starts with `title`. */
const figureTitled = (page: Page, title: string): Locator => page.locator("figure.sna-figure").filter({has: page.locator(".sna-figure__title", {hasText: title})});

/** The figure's CSV as its Download CSV button writes it, parsed. */
async function downloadCsv(page: Page, fig: Locator): Promise<{text: string; rows: Record<string, string>[]}> {
  const [download] = await Promise.all([page.waitForEvent("download"), fig.locator("button.sna-figure__download").click()]);
  const text = readFileSync(await download.path(), "utf-8").replace(/^\ufeff/, "");
  return {text, rows: csvParse(text) as unknown as Record<string, string>[]};
}

/** The figure's HTML table as header texts and row texts (read from the DOM, whether or not the details is open). */
async function htmlTable(fig: Locator): Promise<{header: string[]; rows: string[][]}> {
  const table = fig.locator("details.sna-figure__table table");
  const header = (await table.locator("thead th").allTextContents()).map((t) => t.trim());
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? "").trim())));
  return {header, rows};
}

/** Titles of the chart's marks (the tooltips Plot writes as <title> children). */
const markTitles = (fig: Locator): Promise<string[]> => fig.locator(".sna-figure__chart svg title").allTextContents();

/** An age band's upper bound ("18-24" → 24, "65+" → Infinity); null for "Not known" and "All ages". */
function upper(age: string): number | null {
  const m = /^(\d+)(?:-(\d+)|\+)$/.exec(age);
  return m ? (m[2] === undefined ? Infinity : Number(m[2])) : null;
}

/** The under-25 share of one group from a cohort CSV's unsuppressed rows, as the chart's text should state it. */
function shareFromCsv(rows: Record<string, string>[], group: string): string {
  const known = rows.filter((r) => r.Group === group && upper(r["Age band"]!) !== null && r.Count !== "");
  const young = known.filter((r) => upper(r["Age band"]!)! < 25);
  const sum = (rs: Record<string, string>[]) => rs.reduce((s, r) => s + Number(r.Count), 0);
  return `${((100 * sum(young)) / sum(known)).toFixed(1)}%`;
}

describe.each(["plymouth", "surrey"] as const)("Partner data, %s build", (which) => {
  let context: BrowserContext;
  let page: Page;
  let w: Watch;

  beforeAll(async () => {
    context = await browser.newContext({viewport: {width: 1280, height: 900}});
    w = await watch(context);
    page = await context.newPage();
    await page.goto(`${baseUrl(which)}partner-data`);
    await waitReady(page, PARTNER_PAGE);
  });
  afterAll(async () => {
    await context?.close();
  });

  test("shows no error cell and logs no error", async () => {
    expect(await errorCells(page)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });

  test("draws victims and suspects by age band and sex, under-25 bands marked and their share in the text alternative", async () => {
    const fig = figureTitled(page, "Victims and suspects of serious violence by age band and sex");
    await expect.poll(() => fig.count()).toBe(1);
    expect(await fig.locator(".sna-figure__title").textContent()).toContain("(EXAMPLE DATA)");
    // The bracket beside the under-25 bands, once per panel.
    expect(await fig.locator(".sna-figure__chart svg text", {hasText: /^Under 25$/}).count()).toBe(2);
    expect(await fig.locator(".sna-figure__chart").textContent()).toContain("Bands under 25 (0-17, 18-24) are darker, outlined and bracketed.");
    const alt = (await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label")) ?? "";
    const {rows} = await downloadCsv(page, fig);
    expect(new Set(rows.map((r) => r.Group))).toEqual(new Set(["Victims", "Suspects"]));
    for (const group of ["Victims", "Suspects"]) {
      expect(alt).toMatch(new RegExp(`${group}: (at least |at most |about )?\\d+\\.\\d% under 25 \\(`));
      expect(alt.split(`${group}: `)[1]).toContain(`${shareFromCsv(rows, group)} under 25`);
    }
  });

  test("draws A&E attendances by age band and sex with the under-25 share, suppressed cells marked suppressed in chart, table and CSV", async () => {
    const fig = figureTitled(page, "A&E assault attendances by age band and sex");
    await expect.poll(() => fig.count()).toBe(1);
    const alt = (await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label")) ?? "";
    const {text, rows} = await downloadCsv(page, fig);
    expect(alt).toContain(`${shareFromCsv(rows, "A&E attendances")} under 25`);
    const titles = await markTitles(fig);
    const suppressed = rows.filter((r) => r.Note === "Count: suppressed");
    for (const r of suppressed) {
      expect(r.Count, "a suppressed count is an empty cell, never 0").toBe("");
      if (r.Sex === "Male" || r.Sex === "Female") expect(titles).toContain(`A&E attendances, ${r.Sex.toLowerCase()} ${r["Age band"]}: suppressed`);
    }
    expect(text).not.toMatch(/,0,Count: suppressed/);
    const table = await htmlTable(fig);
    expect(table.rows.filter((r) => r[3] === "suppressed")).toHaveLength(suppressed.length);
    if (which === "plymouth") expect(suppressed.length, "the Plymouth example has suppressed A&E age and sex cells").toBeGreaterThan(0);
  });

  test("draws A&E attendances by day of week and hour, 00 to 23, suppressed hours marked suppressed, never 0", async () => {
    const fig = figureTitled(page, "A&E assault attendances by day of week and hour of attendance");
    await expect.poll(() => fig.count()).toBe(1);
    // Hours across and days down, or turned (days across, hours down) when 24 columns do not fit: every hour either way.
    const axis = (xy: string) => fig.locator(`.sna-figure__chart svg g[aria-label="${xy}-axis tick label"] text`).allTextContents();
    const ticks = [await axis("x"), await axis("y")].sort((a, b) => b.length - a.length);
    expect(ticks).toEqual([Array.from({length: 24}, (_, h) => String(h).padStart(2, "0")), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]]);
    expect(await fig.locator('.sna-figure__chart svg g[aria-label="cell"] rect').count()).toBe(7 * 24);
    const {rows} = await downloadCsv(page, fig);
    expect(rows).toHaveLength(7 * 24);
    const suppressed = rows.filter((r) => r.Note === "Count: suppressed");
    expect(suppressed.length, "the example hourly grid has suppressed hours").toBeGreaterThan(0);
    const titles = await markTitles(fig);
    for (const r of suppressed) {
      expect(r.Count).toBe("");
      expect(titles).toContain(`${r["Day of week"]} ${r.Time}: suppressed`);
    }
    const alt = (await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label")) ?? "";
    expect(alt).toContain(`${suppressed.length} of 168 cells suppressed`);
  });

  test("shows sharp-object admissions by period with the under-25 bands and an under-25 column that only adds up published cells", async () => {
    const fig = figureTitled(page, "Hospital admissions of under-25s for assault by a sharp object, by period");
    await expect.poll(() => fig.count()).toBe(1);
    const {header, rows} = await htmlTable(fig);
    expect(header).toEqual(["Period", "0-17 (under 25)", "18-24 (under 25)", "Under 25", "25+", "All ages"]);
    expect(rows.map((r) => r[0])).toEqual(["2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "All periods"]);
    const n = (t: string) => Number(t.replace(/,/g, ""));
    for (const [period, a, b, under, older, all] of rows as [string, string, string, string, string, string][]) {
      for (const v of [a, b, under, older, all]) expect(v, `${period}: a cell is a count or "suppressed"`).toMatch(/^(\d[\d,]*|suppressed)$/);
      if (under === "suppressed") continue;
      if (a !== "suppressed" && b !== "suppressed") expect(n(under)).toBe(n(a) + n(b));
      else expect(n(under)).toBe(n(all) - n(older));
    }
    // The CSV leaves each suppressed cell empty and names it in the Note column, never writing 0.
    const csv = await downloadCsv(page, fig);
    expect(csv.rows).toHaveLength(rows.length);
    rows.forEach((r, i) => r.forEach((v, j) => {
      if (v !== "suppressed") return;
      expect(csv.rows[i]![header[j]!]).toBe("");
      expect(csv.rows[i]!.Note).toContain(`${header[j]}: suppressed`);
    }));
    expect(await figureTitled(page, "Hospital admissions for assault by a sharp object by sex").locator("details table tbody tr").count()).toBeGreaterThan(0);
  });

  test("shows knife or sharp instrument offences by month, offence group and the victim's and suspect's age, under-25 bands highlighted", async () => {
    for (const title of ["Police-recorded knife or sharp instrument offences by month", "Knife or sharp instrument offences by offence group", "Knife or sharp instrument offences by age band of the victim", "Knife or sharp instrument offences by age band of the suspect"]) {
      const fig = figureTitled(page, title);
      expect(await fig.count(), title).toBe(1);
      expect(await fig.locator(".sna-figure__title").textContent()).toContain("(EXAMPLE DATA)");
      expect(await fig.locator("details table tbody tr").count(), `${title}: table rows`).toBeGreaterThan(0);
    }
    expect(await figureTitled(page, "Police-recorded knife or sharp instrument offences by month").locator("details table tbody tr").count()).toBe(12);
    for (const who of ["victim", "suspect"]) {
      const fig = figureTitled(page, `Knife or sharp instrument offences by age band of the ${who}`);
      expect(await fig.locator(".sna-figure__subtitle").textContent()).toMatch(/^Under-25 bands highlighted/);
      expect(await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label")).toMatch(/Under-25 share: (at least |at most |about )?\d+\.\d% under 25/);
    }
  });

  test("lists the two success-measure datasets in the gaps table, as example data", async () => {
    const gaps = page.locator("table.sna-table", {has: page.locator("caption", {hasText: "Partner datasets the guidance asks for"})});
    const rows = await gaps.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? "").trim())));
    expect(rows).toContainEqual(expect.arrayContaining(["Hospital admissions for assault by a sharp object (ICD-10 X99)", "example only"]));
    expect(rows).toContainEqual(expect.arrayContaining(["Police-recorded knife or sharp instrument offences", "example only"]));
  });

  // Plymouth's chapter, in this state, is checked by axe in pages.test.ts: here only Surrey's.
  if (which === "surrey") test("has no axe violation at WCAG 2.2 AA", async () => {
    const result = await axe(page).analyze();
    const violations = result.violations.map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
    expect(violations).toEqual([]);
  });
});
