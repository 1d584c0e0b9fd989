/**
 * Plymouth built as a partnership publishes it (content.showExamples false; tests/e2e/fixtures/): every chapter
 * renders with no error cell or error logged and nothing off 127.0.0.1, and no page labels anything as an EXAMPLE, in
 * its text, tables and closed disclosures (the word may still be explained, as a status of the data gaps register). The chapters that drew on examples say what is not in the build and how to add it; the
 * evidence table keeps only the entries whose ratings were read from their source.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import type {BrowserContext, Page} from "playwright-core";
import {beforeAll, describe, expect, test} from "vitest";
import {errorCells, PAGES, waitReady, watchPage} from "./lib/browser.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl} from "./lib/context.ts";
import {sharedChromium} from "./lib/shared-chromium.ts";

const chromium = sharedChromium();
const pageText = new Map<string, string>();
let evidenceRows: string[] = [];

/** How the chapters label example content: "(EXAMPLE)", "EXAMPLE DATA", "EXAMPLE narrative.", "EXAMPLE service register." … */
const EXAMPLE_LABEL = /\(EXAMPLE[^)]*\)|EXAMPLE DATA|EXAMPLE narrative\.|EXAMPLE (service register|recommendations?|entries|entry|rows?|survey|provider)\b/;

/** Everything the page's main column holds, shown or folded away (closed disclosures, table rows), as one string. */
const allText = (page: Page) => page.locator("#observablehq-main").evaluate((main) => main.textContent ?? "");

describe("every chapter of the published build", () => {
  // One context for the chapters, as a reader's tabs share a cache; each page is watched on its own (watchPage).
  let context: BrowserContext;
  beforeAll(async () => {
    context = await chromium.browser.newContext({viewport: {width: 1280, height: 900}});
    chromium.contexts.push(context);
  });
  test.each(PAGES)("$name: renders with no error and labels nothing EXAMPLE", async (sitePage) => {
    const page = await context.newPage();
    const w = watchPage(page);
    await page.goto(`${baseUrl("published")}${sitePage.path}`);
    await waitReady(page, sitePage);
    expect(await errorCells(page)).toEqual([]);
    const text = (await allText(page)).replace(/\s+/g, " ");
    pageText.set(sitePage.path, text);
    // The labels the chapters put on example content; the word itself may still be explained (a status, a column).
    const label = EXAMPLE_LABEL.exec(text);
    expect(label, `${sitePage.name} labels something EXAMPLE: …${label ? text.slice(Math.max(0, label.index - 150), label.index + 100) : ""}…`).toBeNull();
    // No table row is an example's: no cell says so (Explore's list of tables documents the vocabularies, "EXAMPLE only" too).
    expect(await page.locator("#observablehq-main table:not(.schema) :is(td, th)").filter({hasText: /EXAMPLE/}).count()).toBe(0);
    expect(await page.locator(".sna-slot").count()).toBe(0);
    if (sitePage.path === "evidence") evidenceRows = await page.locator("table.evidence tbody tr").evaluateAll((trs) => trs.map((tr) => tr.id));
    expect({consoleErrors: w.consoleErrors, pageErrors: w.pageErrors, foreign: w.foreign, failed: w.failed}).toEqual({consoleErrors: [], pageErrors: [], foreign: [], failed: []});
    await page.close();
  }, 120_000);
});

describe("what the published build says instead", () => {
  const text = (path: string) => {
    const t = pageText.get(path);
    if (t === undefined) throw new Error(`/${path} was not visited (see the tests above)`);
    return t;
  };

  test("community voice, service mapping and recommendations say what is missing and how to add it", () => {
    expect(text("community-voice")).toContain("No community survey in this build.");
    expect(text("community-voice")).toContain("No consultation log in this build.");
    expect(text("service-mapping")).toContain("No service register in this build.");
    expect(text("service-mapping")).toContain("No services to map: this build has no service register");
    expect(text("partner-data")).toContain("No A&E or ambulance extract by month in this build");
    expect(text("recommendations")).toMatch(/example recommendations for this area, left out because the configuration's content\.showExamples is false/);
  });

  test("the evidence chapter lists only the entries whose ratings cite their source", () => {
    const cited = csvParse(readFileSync(join(ROOT, "data/registers/evidence.csv"), "utf-8")).filter((r) => r.example === "false");
    expect(cited.length).toBeGreaterThan(0);
    expect(evidenceRows).toEqual(cited.map((r) => `evidence-${r.id}`));
  });
});
