/**
 * Printing (src/print.css, components/pack/print.ts, the running footer of loaders/pack/print-head.ts), as "Save as
 * PDF" prints a page in Chromium. Every chapter of both builds is printed and checked (no control text, A4, the
 * running footer with "Page N of M") where it is already open: Plymouth's in subpath.test.ts, Surrey's in
 * pages.test.ts (printAndCheck in lib/print-pdf.ts). Here, the two chapters that need more: on the Violence profile,
 * every figure's title on the page of its chart and source line, and the ranked neighbourhoods table in full (every
 * LSOA, code unclipped); the accessibility statement's regulation 7 content.
 */
import {mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {listFiles} from "../../loaders/lib/files.ts";
import {PAGES, waitReady} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl, site} from "./lib/context.ts";
import {builtPublication, printAndCheck, squash, type Printed} from "./lib/print-pdf.ts";

const OUT = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "print");
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, {recursive: true});
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

/** Prints one chapter of a build, as a reader would (the page prepares itself on beforeprint), with the checks every chapter gets. */
async function printPage(which: "plymouth" | "surrey", path: string): Promise<Printed & {figureTitles: string[]}> {
  const sitePage = PAGES.find((p) => p.path === path)!;
  const page = await browser.newPage({viewport: {width: 1280, height: 900}});
  try {
    await page.goto(`${baseUrl(which)}${path}`);
    await waitReady(page, sitePage, 90_000);
    const figureTitles = await page.locator("figure.sna-figure .sna-figure__title").allInnerTexts();
    const printed = await printAndCheck(page, join(OUT, `${which}-${path || "index"}.pdf`), sitePage.name, site().builds[which].dist);
    return {...printed, figureTitles};
  } finally {
    await page.close();
  }
}

describe.each(["plymouth", "surrey"] as const)("%s: Violence profile, a long chapter", (which) => {
  let p: Printed & {figureTitles: string[]};
  beforeAll(async () => {
    p = await printPage(which, "violence-profile");
  }, 240_000);

  test("each figure's title is on the same page as its chart and source line", () => {
    expect(p.figureTitles.length).toBeGreaterThan(5);
    const pages = p.pages.map(squash);
    for (const title of p.figureTitles) {
      const t = squash(title);
      const at = pages.findIndex((page) => page.includes(t));
      expect(at, `figure "${t}" is not in the PDF`).toBeGreaterThanOrEqual(0);
      // The source line follows the chart, which follows the title: both on the title's page means the chart is too.
      const after = pages[at]!.slice(pages[at]!.indexOf(t) + t.length);
      expect(after, `figure "${t}": its source line is not on its title's page (${at + 1})`).toMatch(/Source: /);
    }
  });

  test("the ranked neighbourhoods table prints every row, with whole LSOA codes", () => {
    const dist = site().builds[which].dist;
    const csv = listFiles(dist).find((f) => /^_file\/data\/lsoa-violence\.[0-9a-f]{8}\.csv$/.test(f));
    expect(csv).toBeDefined();
    const codes = csvParse(readFileSync(join(dist, csv!), "utf-8")).map((r) => r.lsoa21_code!);
    expect(codes.length).toBeGreaterThan(100);
    const text = p.pages.join("\n");
    const seen = new Map<string, number>();
    for (const m of text.matchAll(/\bE01\d{6}\b/g)) seen.set(m[0], (seen.get(m[0]) ?? 0) + 1);
    // Every neighbourhood twice: in the map's table and in the ranked table (which printed 15 of them before).
    const short = codes.filter((c) => (seen.get(c) ?? 0) < 2);
    expect(short, `${short.length} of ${codes.length} LSOAs are not in both tables`).toEqual([]);
    const last = codes.length;
    expect(text).toMatch(new RegExp(`^\\s*${last}\\s+E01\\d{6}\\b`, "m"));
  });
});

describe.each(["plymouth", "surrey"] as const)("%s: the accessibility statement (regulation 7)", (which) => {
  test("names the standard, what is not accessible (every map, with its table), how to ask, enforcement, the contact and dates", async () => {
    const p = await printPage(which, "accessibility");
    const text = squash(p.pages.join("\n"));
    for (const want of ["Web Content Accessibility Guidelines version 2.2 AA", "partially compliant", "Asking for information in another format", "Equality and Human Rights Commission (EHRC)", "Equality Advisory and Support Service", "Equality Commission for Northern Ireland (ECNI)", "This statement was prepared on", "last reviewed on"]) expect(text).toContain(want);
    expect(text).toMatch(/prepared on \d{1,2} [A-Z][a-z]+ \d{4}/);
    // Every chapter that draws a map is listed, with its table.
    for (const page of PAGES.filter((x) => /\bchoropleth\(/.test(readFileSync(join(ROOT, x.source), "utf-8")))) expect(text, `${page.name} draws a map`).toContain(`${page.name}:`);
    // No contact is configured in either example: the statement names the lead organisation and says how to set one.
    expect(text).toContain(`contact the partnership's lead organisation, ${builtPublication(site().builds[which].dist).leadOrganisation}`);
  }, 240_000);
});
