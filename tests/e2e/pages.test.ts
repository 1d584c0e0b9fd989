/**
 * Every chapter of the Surrey build in headless Chromium: it renders every figure, shows no error cell, logs no console
 * or page error, requests nothing from any host but 127.0.0.1, and prints (lib/print-pdf.ts's checks); DuckDB's
 * worker is watched too. Plymouth's chapters get these checks and more (axe, every figure's parts and CSV) in
 * security-headers.test.ts, which opens each once as an intranet host serves it.
 */
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {ROOT} from "./lib/build.ts";
import {errorCells, figuresInSource, PAGES, waitReady, watch, watchPage} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl, site} from "./lib/context.ts";
import {figureCount} from "./lib/figures.ts";
import {printAndCheck} from "./lib/print-pdf.ts";

const PRINTS = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "print");

let browser: Browser;
beforeAll(async () => {
  mkdirSync(PRINTS, {recursive: true});
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
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
  // One context for the chapters, as a reader's tabs share a cache; each page is watched on its own (watchPage).
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({viewport: {width: 1280, height: 900}});
  });
  test.each(PAGES)("$name renders with no error cell, no error logged and nothing off 127.0.0.1, and prints", async (sitePage) => {
    const page = await context.newPage();
    const w = watchPage(page);
    await page.goto(`${baseUrl("surrey")}${sitePage.path}`);
    await waitReady(page, sitePage);
    expect(await errorCells(page)).toEqual([]);
    expect(await figureCount(page, figuresInSource(sitePage))).toBeGreaterThanOrEqual(figuresInSource(sitePage));
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.foreign).toEqual([]);
    expect(w.failed).toEqual([]);
    // Printed where it is open (issue 15: every chapter of both builds; Plymouth's in security-headers.test.ts).
    await printAndCheck(page, join(PRINTS, `surrey-${sitePage.path || "index"}.pdf`), sitePage.name, site().builds.surrey.dist);
    await page.close();
  }, 180_000);
});
