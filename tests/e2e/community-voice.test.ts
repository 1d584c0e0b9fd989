/**
 * Community voice (guidance 5.4) in both builds: one figure per survey question with title, source, text alternative,
 * table and a CSV download whose suppressed cells are empty (never 0), the consultation log and its summary with the
 * EXAMPLE rows labelled (Plymouth; the shipped log has no Surrey rows, so Surrey says how to add one), Plymouth's
 * EXAMPLE themes with their quotes, the "nothing collected" note when the build has no survey, log or themes, axe
 * clean at WCAG 2.2 AA, and no request to any host but 127.0.0.1. Expected values are read from the shipped files
 * with the project's own CSV reader. (A build with content.showExamples false leaves the EXAMPLE survey, log rows
 * and themes out at prepare time: tests/unit/community-*.test.ts.)
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {describe, expect, test} from "vitest";
import {columnNames, TABLES} from "../../components/tables/registry.ts";
import {parseCsv} from "../../loaders/lib/csv.ts";
import {errorCells, mainText, PAGES, waitReady, watch, type Watch} from "./lib/browser.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl} from "./lib/context.ts";
import {sharedChromium} from "./lib/shared-chromium.ts";
import {axe} from "./lib/axe.ts";

const PATH = "community-voice";
const SITES = {plymouth: {code: "E06000026", slug: "plymouth"}, surrey: {code: "E10000030", slug: "surrey"}} as const;
const {rows: LOG} = parseCsv(readFileSync(join(ROOT, "data/registers/consultation-log.csv"), "utf-8"));
const questionsOf = (site: keyof typeof SITES) => {
  const {code, slug} = SITES[site];
  const {rows} = parseCsv(readFileSync(join(ROOT, `data/partners/examples/${code}/EXAMPLE-community-survey-${slug}-2025.csv`), "utf-8"));
  // Partner tables list a survey's questions in sorted order, as the chapter shows them.
  return [...new Set(rows.map((r) => r.Question!))].sort();
};

const chromium = sharedChromium();

/** The chapter in its own context, watched; `before` runs before navigation (e.g. to replace a data file). */
async function open(site: keyof typeof SITES, before?: (page: Page) => Promise<void>, viewport = {width: 1280, height: 900}): Promise<{page: Page; w: Watch}> {
  const context = await chromium.browser.newContext({viewport, acceptDownloads: true});
  chromium.contexts.push(context);
  const w = await watch(context);
  const page = await context.newPage();
  await before?.(page);
  await page.goto(`${baseUrl(site)}${PATH}`);
  await waitReady(page, PAGES.find((p) => p.path === PATH)!);
  return {page, w};
}

describe.each(["plymouth", "surrey"] as const)("%s", (site) => {
  const questions = questionsOf(site);
  const mine = LOG.filter((r) => r.area === SITES[site].code);

  test("one figure per survey question, each with title, source, text alternative, table and a CSV download", async () => {
    const {page, w} = await open(site);
    try {
      expect(await errorCells(page)).toEqual([]);
      const figures = page.locator("figure.sna-figure");
      expect(await figures.count()).toBe(questions.length);
      expect(await page.locator(".sna-figure__title").allInnerTexts()).toEqual(questions.map((q) => `${q} (EXAMPLE DATA)`));
      for (let i = 0; i < questions.length; i++) {
        const fig = figures.nth(i);
        expect(await fig.locator(".sna-figure__source").innerText()).toMatch(/^Source: .*\(EXAMPLE\), community survey \(examples\/E\d{8}\/EXAMPLE-community-survey-.*\.csv\) · Period: 2025 · Released: partner extract as received$/);
        const chart = fig.locator('.sna-figure__chart [role="img"]');
        expect(await chart.getAttribute("aria-label")).toContain(`"${questions[i]}"`);
        const description = (await fig.locator(".sna-figure__description").textContent()) ?? "";
        expect(description).toMatch(/All respondents: .*%/);
        expect(description).toMatch(/Aged 16-24: /);
        const download = await Promise.all([page.waitForEvent("download", {timeout: 10_000}), fig.locator("button.sna-figure__download").click()]).then(([d]) => d);
        expect(download.suggestedFilename()).toBe(`community-survey-question-${i + 1}.csv`);
        const lines = readFileSync(await download.path(), "utf-8").replace(/^\ufeff/, "").trimEnd().split("\r\n");
        expect(lines[0]).toBe("Group,Grouping,Answer,Respondents giving it,Share of the group,Group's respondents,Note");
        expect(lines.length - 1).toBe(await fig.locator("details table tbody tr").count());
        // A suppressed count is an empty cell explained in the note, never 0.
        const withheld = lines.filter((l) => l.includes("suppressed"));
        for (const line of withheld) expect(line).toMatch(/,,.*Respondents giving it: suppressed/);
        // The text alternative says so too (a published zero is 0%, a withheld count is "suppressed").
        if (withheld.length) expect(description).toContain("suppressed");
      }
      expect(w.foreign).toEqual([]);
      expect(w.failed).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("the consultation log and its summary, EXAMPLE rows labelled; or how to add one", async () => {
    const {page} = await open(site);
    try {
      const text = await mainText(page);
      if (mine.length) {
        const rows = page.locator("table.cv-log tbody tr");
        expect(await rows.count()).toBe(mine.length);
        expect(await page.locator("table.cv-log .example-label").count()).toBe(mine.filter((r) => r.example === "true").length);
        const people = mine.reduce((s, r) => s + Number(r.participants || 0), 0);
        expect(await page.locator("table.cv-log caption").innerText()).toBe(`${mine.length} consultation activities: ${people.toLocaleString("en-GB")} people heard in ${new Set(mine.map((r) => r.group_heard)).size} groups, run by ${new Set(mine.map((r) => r.partner)).size} partners`);
        const card = (title: string) => page.locator(".cv-summary .card", {has: page.locator("h2", {hasText: title})}).locator(".big").innerText();
        expect(await card("Consultation activities")).toBe(String(mine.length));
        expect(await card("People heard")).toBe(people.toLocaleString("en-GB"));
        expect(await card("Survey questions")).toBe(String(questions.length));
        expect(text).toContain(`${mine.length} of the ${mine.length} activities are examples`);
      } else {
        expect(await page.locator("#no-log").innerText()).toMatch(/^No consultation log in this build\. .* data\/registers\/consultation-log\.csv, one row per activity with this area's code E10000030/);
        expect(await page.locator("table.cv-log").count()).toBe(0);
      }
    } finally {
      await page.close();
    }
  });

  test("themes with short quotes (Plymouth's EXAMPLE), or how to write them", async () => {
    const {page} = await open(site);
    try {
      if (site === "plymouth") {
        const themes = page.locator('section.sna-slot--themes');
        expect(await themes.locator("h2").innerText()).toBe("Themes from what people said");
        expect(await themes.locator(".sna-slot__label").innerText()).toContain("EXAMPLE narrative.");
        expect(await themes.locator("h3").allInnerTexts()).toEqual(["Feeling unsafe after dark", "Knives and young people", "What would help", "Trust in reporting"]);
        expect(await themes.locator("blockquote").count()).toBe(5);
        expect(await themes.innerText()).toMatch(/\d+%\s+of survey respondents feel very unsafe/);
      } else {
        expect(await page.locator("#no-themes").innerText()).toContain("under ## Themes in content/E10000030/community-voice.md");
      }
    } finally {
      await page.close();
    }
  });

  test("with no survey, log or themes, the chapter says so, what the guidance expects and how to add each", async () => {
    // What the prepare step writes with no survey extract, no log rows and no content file: headers only, no chapter.
    const {page} = await open(site, async (p) => {
      for (const t of [TABLES.community_survey, TABLES.consultation_log]) {
        const base = t.file.replace(/\.csv$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        await p.route(new RegExp(`/_file/data/${base}\\.[^/]*csv$`), (route) => route.fulfill({status: 200, contentType: "text/csv", body: `${columnNames(t).join(",")}\n`}));
      }
      await p.route(/\/_file\/data\/content\.[^/]*json$/, (route) => route.fulfill({status: 200, contentType: "application/json", body: JSON.stringify({chapters: {}})}));
    });
    try {
      expect(await errorCells(page)).toEqual([]);
      const note = await page.locator("#nothing-collected").innerText();
      expect(note).toMatch(/^No community voice in this build\. The guidance \(section 5\.4\) expects/);
      expect(note).toContain("datasetType is community-survey");
      expect(note).toContain("data/registers/consultation-log.csv");
      expect(note).toContain(`## Themes in content/${SITES[site].code}/community-voice.md`);
      expect(await page.locator("figure.sna-figure").count()).toBe(0);
      expect(await page.locator(".cv-summary").count()).toBe(0);
      expect(await page.locator("#no-survey").count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  // Plymouth's chapter at a laptop's width is checked by axe in pages.test.ts.
  test(`axe finds no WCAG 2.2 AA violation, at ${site === "plymouth" ? "390 px" : "1366 and at 390 px"}`, async () => {
    for (const viewport of [...(site === "plymouth" ? [] : [{width: 1366, height: 900}]), {width: 390, height: 844}]) {
      const {page} = await open(site, undefined, viewport);
      try {
        const result = await axe(page).analyze();
        expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`), `${viewport.width} px`).toEqual([]);
        // Nothing wider than the phone's screen but the scrolling log table.
        const overflow = await page.evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`);
        expect(overflow, `${viewport.width} px: horizontal overflow`).toBeLessThanOrEqual(0);
      } finally {
        await page.close();
      }
    }
  });
});
