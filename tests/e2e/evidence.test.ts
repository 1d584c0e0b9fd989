/**
 * Evidence of what works (guidance 5.5) in both builds: the register's table, filters that narrow it, the EXAMPLE
 * label on unverified entries and the cited source of the real ones, the summary by level, the link from a risk factor
 * that lands on the table filtered to it, and axe clean at WCAG 2.2 AA. (With no register file the prepared table is
 * empty and the chapter says how to add one: the loader's side is tested in tests/unit/evidence-register.test.ts.)
 * Expected counts are read from data/registers/evidence.csv here, with the project's own CSV reader only.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {describe, expect, test} from "vitest";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {parseCsv} from "../../loaders/lib/csv.ts";
import {errorCells, mainText, PAGES, waitReady} from "./lib/browser.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl} from "./lib/context.ts";
import {sharedChromium} from "./lib/shared-chromium.ts";
import {axe} from "./lib/axe.ts";

const {rows: REGISTER} = parseCsv(readFileSync(join(ROOT, "data/registers/evidence.csv"), "utf-8"));
const has = (cell: string | undefined, item: string) => (cell ?? "").split(";").map((s) => s.trim().toLowerCase()).includes(item);
/** Self-harm admissions of young people: worse than England in Plymouth; the register rates approaches for it. */
const SELF_HARM = "90813";

const chromium = sharedChromium();

/** A page in its own context (axe needs one), opened at `path` and ready; `before` runs before navigation. */
async function open(site: "plymouth" | "surrey", path: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await chromium.browser.newContext({viewport: {width: 1280, height: 900}});
  chromium.contexts.push(context);
  const page = await context.newPage();
  await before?.(page);
  await page.goto(`${baseUrl(site)}${path}`);
  await waitReady(page, PAGES.find((p) => p.path === path.split("?")[0])!);
  return page;
}

const bodyRows = (page: Page) => page.locator("table.evidence tbody tr");

describe.each(["plymouth", "surrey"] as const)("%s", (site) => {
  test("the chapter shows every entry, EXAMPLE labels on the unverified, sources cited, and a summary by level", async () => {
    const page = await open(site, "evidence");
    try {
      expect(await errorCells(page)).toEqual([]);
      expect(await bodyRows(page).count()).toBe(REGISTER.length);
      await expect.poll(() => page.locator("table.evidence caption").innerText()).toBe(`${REGISTER.length} of ${REGISTER.length} approaches`);
      const examples = REGISTER.filter((r) => r.example === "true");
      expect(await page.locator("table.evidence tbody tr.example").count()).toBe(examples.length);
      expect(await page.locator("table.evidence .example-label").allInnerTexts()).toEqual(examples.map(() => "EXAMPLE"));
      const real = REGISTER.find((r) => r.example === "false")!;
      const realRow = page.locator(`#evidence-${real.id}`);
      expect(await realRow.innerText()).toContain(`Rating: ${real.rating_reference}.`);
      expect(await realRow.locator(".example-label").count()).toBe(0);
      const text = await mainText(page);
      expect(text).toContain(`${examples.length} of the ${REGISTER.length} entries are examples`);
      // Surrey's fourth level is in the summary, counted from the register.
      const contextual = page.locator(".evidence-summary tr", {has: page.locator("th", {hasText: /^Contextual$/})});
      expect(await contextual.locator("td").first().innerText()).toBe(String(REGISTER.filter((r) => has(r.prevention_level, "contextual")).length));
    } finally {
      await page.close();
    }
  });

  test("the filters narrow the table", async () => {
    const page = await open(site, "evidence");
    try {
      await page.getByLabel("Prevention level").selectOption({label: "Tertiary"});
      const tertiary = REGISTER.filter((r) => has(r.prevention_level, "tertiary"));
      expect(tertiary.length).toBeGreaterThan(0);
      expect(tertiary.length).toBeLessThan(REGISTER.length);
      await expect.poll(() => bodyRows(page).count()).toBe(tertiary.length);
      expect(await page.locator("table.evidence tbody tr").evaluateAll((trs) => trs.map((tr) => tr.id))).toEqual(tertiary.map((r) => `evidence-${r.id}`));
      await page.getByLabel("WHO level").selectOption({label: "Community"});
      await expect.poll(() => bodyRows(page).count()).toBe(tertiary.filter((r) => has(r.who_level, "community")).length);
      await page.getByLabel("Prevention level").selectOption({label: "All levels"});
      await page.getByLabel("WHO level").selectOption({label: "All levels"});
      await page.getByRole("searchbox").fill("navigators");
      await expect.poll(() => bodyRows(page).count()).toBe(REGISTER.filter((r) => /navigators/i.test(`${r.approach} ${r.description}`)).length);
    } finally {
      await page.close();
    }
  });

  test("a risk factor links to the approaches rated for it, and the link lands on the filtered table", async () => {
    const page = await open(site, "risk-factors");
    try {
      const forIt = REGISTER.filter((r) => has(r.addresses, SELF_HARM));
      const link = page.locator(`a.evidence-link[href$="evidence?risk=${SELF_HARM}"]`);
      expect(await link.innerText()).toBe(`→ approaches rated for it (${forIt.length})`);
      await link.click();
      await page.waitForURL(new RegExp(`evidence\\?risk=${SELF_HARM}$`));
      await waitReady(page, PAGES.find((p) => p.path === "evidence")!);
      await expect.poll(() => bodyRows(page).count()).toBe(forIt.length);
      expect(await page.locator("table.evidence caption").innerText()).toContain(`rated for Hospital admissions for self-harm, 10–24 years (${SELF_HARM})`);
      expect(await page.locator("table.evidence tbody tr").evaluateAll((trs) => trs.map((tr) => tr.id))).toEqual(forIt.map((r) => `evidence-${r.id}`));
    } finally {
      await page.close();
    }
  });

  test("with no register file (an empty prepared table), the chapter says what the guidance expects and how to add one", async () => {
    // What the prepare step writes when data/registers/evidence.csv is absent: the header only (tests/unit/evidence-register.test.ts).
    const empty = `${columnNames(TABLES.evidence).join(",")}\n`;
    const page = await open(site, "evidence", async (p) => {
      await p.route(/\/_file\/data\/evidence\.[^/]*csv$/, (route) => route.fulfill({status: 200, contentType: "text/csv", body: empty}));
    });
    try {
      expect(await errorCells(page)).toEqual([]);
      const note = page.locator("#no-register");
      expect(await note.innerText()).toMatch(/^No evidence register in this build\. The guidance \(section 5\.5\) expects .* put a file data\/registers\/evidence\.csv/);
      expect(await page.locator("table.evidence").count()).toBe(0);
      expect(await page.getByLabel("WHO level").count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  // Plymouth's chapter, in this state, is checked by axe in pages.test.ts: here only Surrey's.
  if (site === "surrey") test("axe finds no WCAG 2.2 AA violation on the chapter", async () => {
    const page = await open(site, "evidence");
    try {
      const result = await axe(page).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
