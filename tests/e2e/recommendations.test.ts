/**
 * Recommendations and monitoring in both builds. Plymouth's build has the register's EXAMPLE recommendations: each is
 * shown with its reasons (the findings' texts and the evidence entries, linked) and its measures; the monitoring
 * table's direction of travel is the Success measures chapter's verdict for the same measure; the CSV downloads; the
 * findings on the Overview and the Risk factors chapter link to the approaches rated for them (landing on the
 * Evidence chapter's rows) and to the recommendations citing them; the EXAMPLE narrative fills the new chapters'
 * slots. Surrey's build has no recommendation of its own in the file: its chapter says how to add them, and no
 * EXAMPLE text or Plymouth word appears anywhere. With content.showExamples false (Plymouth's pages served the tables
 * the prepare step writes then: recommendationTables and loadContent with the switch off), no EXAMPLE text is left.
 * axe is clean at WCAG 2.2 AA. (No file at all: tests/unit/recommendations-register.test.ts.)
 * Expected rows are read from data/registers/recommendations.csv with the project's own CSV reader.
 */
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {BrowserContext, Page} from "playwright-core";
import {describe, expect, test} from "vitest";
import {parseCsv} from "../../loaders/lib/csv.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {loadContent, preparedTables} from "../../loaders/content/load.ts";
import {recommendationTables} from "../../loaders/recommendations/prepare.ts";
import {parseRecommendationsRegister} from "../../loaders/recommendations/register.ts";
import {writeTable} from "../../loaders/prepare/table-schema.ts";
import {errorCells, mainText, PAGES, waitReady} from "./lib/browser.ts";
import {ROOT} from "./lib/build.ts";
import {baseUrl} from "./lib/context.ts";
import {sharedChromium} from "./lib/shared-chromium.ts";
import {axe} from "./lib/axe.ts";

const {rows: REGISTER} = parseCsv(readFileSync(join(ROOT, "data/registers/recommendations.csv"), "utf-8"));
const PLYMOUTH = REGISTER.filter((r) => r.area === "E06000026");
const {rows: EVIDENCE} = parseCsv(readFileSync(join(ROOT, "data/registers/evidence.csv"), "utf-8"));
const list = (cell: string | undefined) => (cell ?? "").split(";").map((s) => s.trim()).filter(Boolean);
/** Self-harm admissions of young people: worse than England in Plymouth; the register rates approaches for it and an EXAMPLE recommendation cites it. */
const SELF_HARM = "90813";

const chromium = sharedChromium();

let shared: BrowserContext | undefined;
/** A new page in the file's one context (its cache shared, as a reader's tabs share it), once the page is ready. */
async function open(site: "plymouth" | "surrey", path: string): Promise<Page> {
  if (!shared) {
    shared = await chromium.browser.newContext({viewport: {width: 1280, height: 900}, acceptDownloads: true});
    chromium.contexts.push(shared);
  }
  const page = await shared.newPage();
  await page.goto(`${baseUrl(site)}${path}`);
  await waitReady(page, PAGES.find((p) => p.path === path.split(/[?#]/)[0])!);
  return page;
}
const ready = (page: Page, path: string) => waitReady(page, PAGES.find((p) => p.path === path)!);
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

describe("Plymouth", () => {
  test("every recommendation of the area is shown, labelled EXAMPLE, with its owner, timescale, reasons and measures", async () => {
    const page = await open("plymouth", "recommendations");
    try {
      expect(await errorCells(page)).toEqual([]);
      expect(PLYMOUTH.length).toBeGreaterThan(3);
      expect(await page.locator("section.rec").evaluateAll((s) => s.map((x) => x.id))).toEqual(PLYMOUTH.map((r) => `rec-${r.id}`));
      expect(squash(await page.locator("#rec-summary").innerText())).toContain(`${PLYMOUTH.length} recommendations, ${PLYMOUTH.filter((r) => !["complete", "stopped"].includes(r.status!)).length} open`);
      expect(await mainText(page)).toContain(`${PLYMOUTH.filter((r) => r.example === "true").length} of the ${PLYMOUTH.length} are examples`);
      for (const r of PLYMOUTH) {
        const section = page.locator(`#rec-${r.id}`);
        const text = squash(await section.innerText());
        expect(text).toContain(`${r.example === "true" ? "EXAMPLE " : ""}${r.recommendation}`);
        expect(text).toContain(`Owner: ${r.owner}`);
        expect(text).toContain(`By: ${r.timescale}`);
        const why = list(r.why);
        const evidence = why.filter((id) => EVIDENCE.some((e) => e.id === id));
        const findings = why.filter((id) => !evidence.includes(id));
        expect(await section.locator("li.rec-finding").count()).toBe(findings.length);
        for (const id of evidence) expect(await section.locator(`a[href$="evidence#evidence-${id}"]`).innerText()).toBe(`Evidence: ${EVIDENCE.find((e) => e.id === id)!.approach}`);
        expect(await section.locator(".rec-measures li").count()).toBe(list(r.measures).length);
      }
      // A finding's text is the Overview's, and its link lands on it there.
      const concentration = page.locator("#rec-hotspot-plan li.rec-finding", {hasText: "Violence is concentrated"});
      await concentration.locator("a").click();
      await page.waitForURL(/\/#finding-concentration$/);
      await ready(page, "");
      expect(await page.locator("#finding-concentration").innerText()).toContain("Violence is concentrated");
    } finally {
      await page.close();
    }
  });

  test("the monitoring table gives each linked measure's latest value, period and direction, as the Success measures chapter judges it, and downloads", async () => {
    const page = await open("plymouth", "recommendations");
    try {
      const measures = [...new Set(PLYMOUTH.flatMap((r) => list(r.measures)))];
      const rows = page.locator("#monitoring-table tbody tr");
      expect(await rows.count()).toBe(measures.length);
      const robbery = squash(await page.locator("#measure-robbery-police-uk").innerText());
      const homicide = squash(await page.locator("#measure-homicide").innerText());
      expect(homicide).toContain("13 YE Dec 2019");
      expect(homicide).toContain("19 YE Dec 2018");

      const success = await open("plymouth", "success-measures");
      const local = success.locator("table", {has: success.locator("caption", {hasText: "Local measures"})});
      const verdict = squash(await local.locator("tr", {hasText: "Robbery (police.uk)"}).locator("td").last().innerText());
      const direction = {Better: "Improving", Worse: "Worsening", "No significant change": "No significant change"}[verdict];
      expect(direction, `the Success measures verdict "${verdict}"`).toBeDefined();
      expect(robbery).toContain(direction!);
      // The homicide change in the same words as the chapter's "at a glance" table.
      const glance = squash(await success.locator("tr", {hasText: "Homicide"}).first().innerText());
      const words = homicide.match(/YE Dec 2019: 13, against 19 in YE Dec 2018 \([^)]*\): [a-z ]+\./)?.[0];
      expect(words).toBeTruthy();
      expect(glance).toContain(words!);
      await success.close();

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: "Download CSV"}).click()]);
      expect(download.suggestedFilename()).toBe("recommendation-monitoring-E06000026.csv");
      const csv = parseCsv(readFileSync((await download.path())!, "utf-8").replace(/^\ufeff/, ""));
      expect(csv.columns.slice(0, 6)).toEqual(["measure_id", "measure", "kind", "level", "latest_value", "latest_period"]);
      expect(csv.rows.map((r) => r.measure_id).sort()).toEqual([...measures].sort());
      expect(csv.rows.find((r) => r.measure_id === "homicide")).toMatchObject({latest_value: "13", latest_period: "YE Dec 2019", baseline_value: "19"});
    } finally {
      await page.close();
    }
  });

  test("a finding on the Overview links to the approaches rated for it, landing on the Evidence chapter's rows, and to the recommendations citing it", async () => {
    const page = await open("plymouth", "");
    try {
      const finding = page.locator(`#finding-risk-${SELF_HARM}`);
      expect(await finding.innerText()).toContain("Hospital admissions for self-harm, 10–24 years");
      const rated = EVIDENCE.filter((e) => list(e.addresses).includes(SELF_HARM));
      const citing = PLYMOUTH.filter((r) => list(r.why).includes(`risk:${SELF_HARM}`));
      expect(rated.length).toBeGreaterThan(0);
      expect(citing.length).toBeGreaterThan(0);
      expect(await finding.locator("a.recommendation-link").allInnerTexts()).toEqual(citing.map((r) => r.id));
      await finding.locator("a.finding-evidence-link").click();
      await page.waitForURL(new RegExp(`evidence\\?risk=${SELF_HARM}$`));
      await ready(page, "evidence");
      await expect.poll(() => page.locator("table.evidence tbody tr").evaluateAll((trs) => trs.map((tr) => tr.id))).toEqual(rated.map((e) => `evidence-${e.id}`));
      for (const e of rated) expect(await page.locator(`#evidence-${e.id}`).isVisible()).toBe(true);
      await page.goBack();
      await ready(page, "");
      await page.locator(`#finding-risk-${SELF_HARM} a.recommendation-link`).first().click();
      await page.waitForURL(new RegExp(`recommendations#rec-${citing[0]!.id}$`));
      await ready(page, "recommendations");
      expect(await page.locator(`#rec-${citing[0]!.id}`).isVisible()).toBe(true);
      // And from the recommendation to the evidence entry's own row.
      const evidenceId = list(citing[0]!.why).find((id) => EVIDENCE.some((e) => e.id === id))!;
      await page.locator(`#rec-${citing[0]!.id} a[href$="evidence#evidence-${evidenceId}"]`).click();
      await ready(page, "evidence");
      await expect.poll(() => page.locator(`#evidence-${evidenceId}`).count()).toBe(1);
    } finally {
      await page.close();
    }
  });

  test("the Risk factors chapter lists the findings worse than England with the same links", async () => {
    const page = await open("plymouth", "risk-factors");
    try {
      const finding = page.locator(`#risk-findings #finding-risk-${SELF_HARM}`);
      expect(await finding.locator("a.finding-evidence-link").getAttribute("href")).toBe(`./evidence?risk=${SELF_HARM}`);
      expect(await finding.locator("a.recommendation-link").count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  test.each(["recommendations", "risk-factors", "benchmarking", "partner-data"])("/%s shows its EXAMPLE narrative, labelled, with real figures", async (path) => {
    const page = await open("plymouth", path);
    try {
      const slots = page.locator(".sna-slot");
      expect(await slots.count()).toBe(3);
      for (const label of await page.locator(".sna-slot .sna-slot__label").allInnerTexts()) expect(label).toMatch(/^EXAMPLE narrative\./);
      const text = squash(await page.locator("#observablehq-main").innerText());
      expect(text).not.toMatch(/\{\{|\}\}/);
      if (path === "recommendations") expect(text).toContain(`The register holds ${PLYMOUTH.length} recommendations, ${PLYMOUTH.filter((r) => r.priority === "high").length} of them high priority.`);
      if (path === "benchmarking") expect(text).toContain("Plymouth's rate of police-recorded serious violence in 2025 was 49.4 per 1,000 residents");
    } finally {
      await page.close();
    }
  });
});

describe("Plymouth with content.showExamples false", () => {
  /** The files the prepare step writes for Plymouth with the switch off, by the prepare step's own functions. */
  function switchedOff(): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), "sna-rec-off-"));
    try {
      const {recommendations, monitoring, summary} = recommendationTables({
        config: {area: {code: "E06000026", name: "Plymouth"}, forces: [{name: "Devon & Cornwall Police"}], content: {showExamples: false}, successMeasures: {local: []}},
        register: {file: "data/registers/recommendations.csv", rows: parseRecommendationsRegister(readFileSync(join(ROOT, "data/registers/recommendations.csv"), "utf-8"), "data/registers/recommendations.csv")},
        findings: [],
        evidence: [],
        monitoring: {forceName: "Devon & Cornwall Police", areaName: "Plymouth", population: 264_723, homicideCounts: [], knifeSeries: [], partnerRecords: [], areaMonthly: []}
      });
      writeTable(dir, TABLES.recommendations, recommendations);
      writeTable(dir, TABLES.recommendation_monitoring, monitoring);
      const content = loadContent(join(ROOT, "content"), "E06000026", preparedTables(dir), {showExamples: false, projectRoot: ROOT});
      return {
        recommendations: readFileSync(join(dir, TABLES.recommendations.file), "utf-8"),
        "recommendation-monitoring": readFileSync(join(dir, TABLES.recommendation_monitoring.file), "utf-8"),
        "recommendations-summary": JSON.stringify(summary),
        content: JSON.stringify(content)
      };
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }

  test.each(["recommendations", "", "risk-factors"])("/%s shows no EXAMPLE recommendation, link or narrative", async (path) => {
    const files = switchedOff();
    const context = await chromium.browser.newContext({viewport: {width: 1280, height: 900}});
    chromium.contexts.push(context);
    const page = await context.newPage();
    for (const [name, body] of Object.entries(files)) {
      await page.route(new RegExp(`/_file/data/${name}\\.[0-9a-f]+\\.(csv|json)$`), (route) => route.fulfill({status: 200, contentType: name.endsWith("summary") || name === "content" ? "application/json" : "text/csv", body}));
    }
    await page.goto(`${baseUrl("plymouth")}${path}`);
    await ready(page, path);
    try {
      expect(await errorCells(page)).toEqual([]);
      expect(await page.locator(".sna-slot, section.rec, a.recommendation-link").count()).toBe(0);
      const text = await mainText(page);
      for (const r of PLYMOUTH) expect(text).not.toContain(r.recommendation);
      if (path === "recommendations") {
        expect(text).not.toContain("EXAMPLE");
        expect(squash(await page.locator("#no-register").innerText())).toContain(`The register data/registers/recommendations.csv has ${PLYMOUTH.filter((r) => r.example === "true").length} example recommendations for this area, left out because the configuration's content.showExamples is false.`);
      }
    } finally {
      await page.close();
    }
  });
});

describe("Surrey", () => {
  test("no recommendation of its own: the chapter says how to add them, with no EXAMPLE text and none of Plymouth's", async () => {
    const page = await open("surrey", "recommendations");
    try {
      expect(await errorCells(page)).toEqual([]);
      expect(squash(await page.locator("#no-register").innerText())).toMatch(/^No recommendations for Surrey in this build\. The register data\/registers\/recommendations\.csv has \d+ for other areas\. Add rows whose area is E10000030/);
      expect(await page.locator("section.rec, #monitoring-table, .sna-slot").count()).toBe(0);
      const text = await mainText(page);
      expect(text).not.toContain("EXAMPLE");
      for (const r of PLYMOUTH) expect(text).not.toContain(r.recommendation);
    } finally {
      await page.close();
    }
  });

  test.each(["", "risk-factors"])("/%s links no finding to a recommendation", async (path) => {
    const page = await open("surrey", path);
    try {
      expect(await page.locator("a.recommendation-link").count()).toBe(0);
      expect(await page.locator(".sna-slot").count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});

// Plymouth's two chapters are checked by axe in pages.test.ts, in the same state: here Surrey's.
describe.each(["surrey"] as const)("%s: accessibility", (site) => {
  test.each(["recommendations", "risk-factors"])("axe finds no WCAG 2.2 AA violation on /%s", async (path) => {
    const page = await open(site, path);
    try {
      const result = await axe(page).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
