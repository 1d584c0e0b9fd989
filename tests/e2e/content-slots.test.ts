/**
 * The analyst's words in the built sites (content/<area code>/*.md, README "Writing your SNA"): Plymouth's Overview
 * and Violence profile show the EXAMPLE narrative, labelled, with the figures filled from the prepared tables (checked
 * by hand: 13,072 offences, 49.4 per 1,000; Plymouth 027E, 752 offences); Surrey's build shows none of Plymouth's words.
 */
import {readdirSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {openSitePage} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";

/** Lines of Plymouth's content files with no reference and no quote mark (typography changes those): its own words. */
const PLYMOUTH_DIR = resolve(import.meta.dirname, "../../content/E06000026");
const ownWords = (file: string) =>
  readFileSync(join(PLYMOUTH_DIR, file), "utf-8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 40 && !/[{}'"#]/.test(l));
const PLYMOUTH_WORDS = readdirSync(PLYMOUTH_DIR).flatMap(ownWords);

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

const open = (site: "plymouth" | "surrey", path: string): Promise<Page> => openSitePage(browser, baseUrl(site), path);

describe("Plymouth", () => {
  test("the Overview shows the EXAMPLE narrative, labelled, with the real figures", async () => {
    const page = await open("plymouth", "");
    const intro = page.locator(".sna-slot--introduction");
    await expect.poll(() => intro.count()).toBe(1);
    const text = (await intro.innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/^EXAMPLE narrative\./);
    expect(text).toContain("13,072 serious violence offences were recorded among 264,723 residents: 49.4 per 1,000 residents");
    expect(text).not.toMatch(/\{\{|\}\}/);
    // Every line of the file as written is on the page (the control for Surrey's test below).
    const main = (await page.locator("#observablehq-main").innerText()).replace(/\s+/g, " ");
    for (const words of ownWords("index.md")) expect(main).toContain(words);
    expect(await page.locator(".sna-slot--interpretation h2").innerText()).toBe("Interpretation");
    expect(await page.locator(".sna-slot--implications .sna-slot__label").innerText()).toMatch(/^EXAMPLE narrative\./);
    await page.close();
  });

  test("the Violence profile's interpretation names the busiest neighbourhood from the table", async () => {
    const page = await open("plymouth", "violence-profile");
    const text = (await page.locator(".sna-slot--interpretation").innerText()).replace(/\s+/g, " ");
    expect(text).toContain("Plymouth 027E in St Peter and the Waterfront ward, recorded 752 offences");
    await page.close();
  });
});

describe("Surrey", () => {
  test.each(["", "violence-profile", "success-measures"])("page /%s shows no slot and none of Plymouth's words", async (path) => {
    const page = await open("surrey", path);
    expect(await page.locator(".sna-slot").count()).toBe(0);
    const body = await page.locator("#observablehq-main").innerText();
    expect(body).not.toContain("EXAMPLE narrative");
    expect(PLYMOUTH_WORDS.length).toBeGreaterThan(10);
    for (const words of PLYMOUTH_WORDS) expect(body.replace(/\s+/g, " ")).not.toContain(words);
    await page.close();
  });
});
