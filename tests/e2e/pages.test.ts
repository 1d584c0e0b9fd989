/**
 * Every chapter of the Plymouth build in headless Chromium: it renders, shows no error cell, logs no console or page
 * error, requests nothing from any host but 127.0.0.1 (DuckDB's worker included), passes axe at WCAG 2.2 AA, and every
 * chart figure has a title, a source line, a text alternative, a table and a working CSV download. Every chapter of the
 * Surrey build renders with no error and prints (lib/print-pdf.ts's checks).
 */
import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, BrowserContext, Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {ROOT} from "./lib/build.ts";
import {errorCells, figuresInSource, launchChromium, PAGES, waitReady, watch, type Watch} from "./lib/browser.ts";
import {baseUrl, site} from "./lib/context.ts";
import {printAndCheck} from "./lib/print-pdf.ts";
import {axe} from "./lib/axe.ts";

const PRINTS = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "print");

/**
 * The page's figures, counted once they have had a moment to arrive: a cell waiting on another (e.g. What changed's
 * comparison after its edition data) can draw its figure just after the ready signal. Fewer after 15 s fails.
 */
async function figureCount(page: Page, atLeast: number): Promise<number> {
  await page.waitForFunction(`document.querySelectorAll("figure.sna-figure").length >= ${atLeast}`, undefined, {timeout: 15_000}).catch(() => undefined);
  return page.locator("figure.sna-figure").count();
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The figure's column labels from its table, as the CSV header should repeat them. */
async function tableHeader(fig: Locator): Promise<string[]> {
  return fig.locator("details.sna-figure__table table thead th").allTextContents();
}

describe.each(PAGES)("$name", (sitePage) => {
  let context: BrowserContext;
  let page: Page;
  let w: Watch;

  beforeAll(async () => {
    context = await browser.newContext({viewport: {width: 1280, height: 900}});
    w = await watch(context);
    page = await context.newPage();
    await page.goto(`${baseUrl("plymouth")}${sitePage.path}`);
    await waitReady(page, sitePage);
  });
  afterAll(async () => {
    await context?.close();
  });

  test("renders every figure, with no error cell", async () => {
    expect(await errorCells(page)).toEqual([]);
    const expected = figuresInSource(sitePage);
    expect(await figureCount(page, expected)).toBeGreaterThanOrEqual(expected);
    expect(await page.locator("figure.sna-figure .sna-figure__chart svg").count()).toBeGreaterThanOrEqual(expected);
  });

  test("logs no console error and no page error", () => {
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });

  test("requests nothing but 127.0.0.1, and every request succeeds", () => {
    expect(w.requests.length).toBeGreaterThan(5);
    expect(w.foreign).toEqual([]);
    expect(w.failed).toEqual([]);
  });

  test("has no axe violation at WCAG 2.2 AA", async () => {
    const result = await axe(page).analyze();
    // Every node of every violation, for whoever fixes them (the assertion message shows the first targets only).
    const dir = join(ROOT, ".cache/e2e/axe");
    mkdirSync(dir, {recursive: true});
    writeFileSync(join(dir, `${sitePage.path || "index"}.json`), JSON.stringify(result.violations, null, 2));
    const violations = result.violations.map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
    expect(violations).toEqual([]);
  });

  test("every chart figure has a title, a source line, a text alternative, a table and a CSV download", async () => {
    const figures = page.locator("figure.sna-figure");
    const n = await figures.count();
    for (let i = 0; i < n; i++) {
      const fig = figures.nth(i);
      const title = (await fig.locator(".sna-figure__title").innerText()).trim();
      expect(title, `figure ${i + 1} has no title`).not.toBe("");
      expect(await fig.getAttribute("aria-labelledby"), `${title}: the figure is not labelled by its title`).toBe(await fig.locator(".sna-figure__title").getAttribute("id"));
      expect(await fig.locator(".sna-figure__source").innerText(), `${title}: source line`).toMatch(/^Source: \S.* · Period: \S.* · Released: \S/);
      const label = await fig.locator('.sna-figure__chart [role="img"]').first().getAttribute("aria-label");
      expect(label?.trim(), `${title}: the chart has no aria-label`).toBeTruthy();
      const header = await tableHeader(fig);
      const rows = await fig.locator("details.sna-figure__table table tbody tr").count();
      expect(header.length, `${title}: the table has no columns`).toBeGreaterThan(0);
      expect(rows, `${title}: the table has no rows`).toBeGreaterThan(0);

      // A click that lands while a cell re-renders the figure (its width settling) can be lost: one more try.
      const button = fig.locator("button.sna-figure__download");
      await button.scrollIntoViewIfNeeded();
      const download = await Promise.all([page.waitForEvent("download", {timeout: 10_000}), button.click()])
        .then(([d]) => d)
        .catch(async () => (await Promise.all([page.waitForEvent("download"), button.click()]))[0]);
      expect(download.suggestedFilename(), `${title}: download name`).toMatch(/^[\w.-]+\.csv$/);
      const csv = readFileSync(await download.path(), "utf-8").replace(/^\ufeff/, "");
      const lines = csv.trimEnd().split(/\r\n/);
      expect(lines[0], `${title}: the CSV header repeats the table's columns`).toBe([...header, "Note"].map((h) => (/[",\n]/.test(h) ? `"${h.replaceAll('"', '""')}"` : h)).join(","));
      expect(lines.length - 1, `${title}: the CSV has one line per table row`).toBe(rows);
    }
  });
});

test("DuckDB's worker is watched too: the Explore page's wasm came from 127.0.0.1", async () => {
  const context = await browser.newContext();
  const w = await watch(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl("plymouth")}explore`);
  await waitReady(page, PAGES.find((p) => p.path === "explore")!);
  // The wasm is fetched by DuckDB's web worker, not by the page: seeing it proves worker requests are recorded.
  expect(w.requests.filter((u) => u.endsWith(".wasm")).map((u) => new URL(u).hostname)).toEqual(["127.0.0.1"]);
  expect(w.foreign).toEqual([]);
  await context.close();
});

describe("Surrey build", () => {
  test.each(PAGES)("$name renders with no error cell, no error logged and nothing off 127.0.0.1, and prints", async (sitePage) => {
    const context = await browser.newContext({viewport: {width: 1280, height: 900}});
    const w = await watch(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl("surrey")}${sitePage.path}`);
    await waitReady(page, sitePage);
    expect(await errorCells(page)).toEqual([]);
    expect(await figureCount(page, figuresInSource(sitePage))).toBeGreaterThanOrEqual(figuresInSource(sitePage));
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.foreign).toEqual([]);
    expect(w.failed).toEqual([]);
    // Printed where it is open (issue 15: every chapter of both builds; Plymouth's in security-headers.test.ts).
    mkdirSync(PRINTS, {recursive: true});
    await printAndCheck(page, join(PRINTS, `surrey-${sitePage.path || "index"}.pdf`), sitePage.name, site().builds.surrey.dist);
    await context.close();
  }, 180_000);
});
