/**
 * The SQL console (DuckDB-WASM): the first example runs as the page opens, another example runs when picked, a typed
 * query runs on Run and offers its result as CSV, and a bad query shows its message in the page (role=alert), not an
 * error cell. DuckDB starts once, from the page's head (scripts/lib/duckdb-early-start.ts), and still starts without
 * that script; the table list shows every table once the large ones are in.
 */
import {readFileSync} from "node:fs";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {errorCells, launchChromium, PAGES, queryStatus, waitReady, watch, type Watch} from "./lib/browser.ts";
import {baseUrl} from "./lib/context.ts";
import {TABLE_LIST} from "../../components/tables/registry.ts";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let w: Watch;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
  w = await watch(context);
  page = await context.newPage();
  await page.goto(`${baseUrl("plymouth")}explore`);
  await waitReady(page, PAGES.find((p) => p.path === "explore")!);
});
afterAll(async () => {
  await browser?.close();
});

/** Marks the current result so that the next one can be told apart (the console re-creates it on each run). */
async function markResult(): Promise<void> {
  await page.evaluate(`document.querySelectorAll("#query-status, [role=alert]").forEach((e) => e.setAttribute("data-old", ""))`);
}

/** Waits for a new result: the status line of a successful query, or the alert of a failed one. */
async function nextResult(): Promise<"status" | "alert"> {
  const fresh = page.locator("#query-status:not([data-old]), [role=alert]:not([data-old])").first();
  await fresh.waitFor({timeout: 30_000});
  return (await fresh.getAttribute("id")) === "query-status" ? "status" : "alert";
}

async function run(sql: string): Promise<"status" | "alert"> {
  await markResult();
  await page.locator("textarea").fill(sql);
  await page.getByRole("button", {name: "Run"}).click();
  return nextResult();
}

test("the first example has run as the page opened", async () => {
  const {rows, ms} = await queryStatus(page);
  expect(rows).toBeGreaterThan(0);
  expect(ms).toBeGreaterThan(0);
  expect(await errorCells(page)).toEqual([]);
});

test("DuckDB started once: the head script and the page share one worker and one engine download", () => {
  const count = (pattern: RegExp) => w.requests.filter((u) => pattern.test(u)).length;
  expect(count(/duckdb-browser-(eh|mvp)\.worker\.[0-9a-f]+\.js$/)).toBe(1);
  expect(count(/duckdb-(eh|mvp)\.wasm$/)).toBe(1);
});

test("the table list names every table with its rows once the large tables are in", async () => {
  const rows = page.locator("#schema table tbody tr");
  await expect.poll(() => rows.count(), {timeout: 30_000}).toBe(TABLE_LIST.filter((t) => t.explore).length);
  const crimes = rows.filter({has: page.locator("th", {hasText: /^crimes$/})});
  const n = Number((await crimes.locator("td").first().innerText()).replace(/,/g, ""));
  expect(await run("SELECT count(*)::INTEGER AS n FROM crimes")).toBe("status");
  const counted = Number((await page.locator("#observablehq-main form table tbody tr td").last().innerText()).replace(/,/g, ""));
  expect(n).toBeGreaterThan(100_000);
  expect(n).toBe(counted);
});

test("every table has the registry's columns and types, and the police.uk, place, Fingertips and partner tables join", async () => {
  const marked = TABLE_LIST.filter((t) => t.explore);
  const SQL = {text: "VARCHAR", integer: "INTEGER", number: "DOUBLE", boolean: "BOOLEAN"} as const;
  const expected = marked.flatMap((t) => Object.entries(t.columns ?? {}).map(([name, c]) => `('${t.name}', '${name}', '${SQL[c.type]}')`));
  // Rows where DuckDB's table differs from the registry (a column missing, or of another type): none.
  expect(await run(`SELECT e.t, e.c, e.ty, i.data_type FROM (VALUES ${expected.join(", ")}) e(t, c, ty) LEFT JOIN information_schema.columns i ON i.table_name = e.t AND i.column_name = e.c WHERE i.data_type IS DISTINCT FROM e.ty`)).toBe("status");
  expect((await queryStatus(page)).rows).toBe(0);
  expect(expected.length).toBeGreaterThan(100);
  expect(await run("SELECT count(*)::INTEGER AS n FROM lsoa_violence v JOIN lsoa_risk_factors f USING (lsoa21_code) WHERE f.imd_score IS NOT NULL")).toBe("status");
  expect(Number((await page.locator("#observablehq-main form table tbody tr td").last().innerText()).replace(/,/g, ""))).toBe(164);
  expect(await run("SELECT count(*)::INTEGER AS n FROM partner_records WHERE suppressed AND count IS NOT NULL")).toBe("status");
  expect(await page.locator("#observablehq-main form table tbody tr td").last().innerText()).toBe("0");
});

test("without the head script the page starts DuckDB itself", async () => {
  const other = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const v = await watch(other);
    let stripped = false;
    await other.route(/\/explore$/, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const without = html.replace(/<script data-sna="duckdb-worker"[^>]*>.*?<\/script>/, "");
      stripped = without !== html;
      await route.fulfill({response, body: without});
    });
    const p = await other.newPage();
    await p.goto(`${baseUrl("plymouth")}explore`);
    await waitReady(p, PAGES.find((x) => x.path === "explore")!);
    expect(stripped).toBe(true);
    expect((await queryStatus(p)).rows).toBeGreaterThan(0);
    expect(v.requests.filter((u) => /duckdb-browser-eh\.worker/.test(u))).toHaveLength(1);
    expect(v.pageErrors).toEqual([]);
    expect(v.consoleErrors).toEqual([]);
  } finally {
    await other.close();
  }
});

test("a damaged large table does not hold up the first query, and a query on it names it", async () => {
  const other = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const v = await watch(other);
    // Not an Arrow stream: DuckDB refuses it when the table loads, after the first example has run.
    await other.route(/\/crimes\.[0-9a-f]+\.arrow$/, (route) => route.fulfill({status: 200, contentType: "application/octet-stream", body: "not arrow"}));
    const p = await other.newPage();
    await p.goto(`${baseUrl("plymouth")}explore`);
    await waitReady(p, PAGES.find((x) => x.path === "explore")!);
    expect((await queryStatus(p)).rows).toBeGreaterThan(0);
    await p.locator("textarea").fill("SELECT count(*) FROM crimes");
    await p.getByRole("button", {name: "Run"}).click();
    await expect.poll(() => p.locator(".warning[role=alert]").innerText(), {timeout: 30_000}).toContain("The table crimes could not be loaded");
    expect(await errorCells(p)).toEqual([]);
    expect(v.pageErrors).toEqual([]);
  } finally {
    await other.close();
  }
});

test("picking another example runs it", async () => {
  const select = page.getByLabel("Example");
  const options = await select.locator("option").allTextContents();
  expect(options.length).toBeGreaterThan(1);
  const before = await page.locator("textarea").inputValue();
  await markResult();
  await select.selectOption({index: 1});
  expect(await nextResult()).toBe("status");
  expect(await page.locator("textarea").inputValue()).not.toBe(before);
  expect((await queryStatus(page)).rows).toBeGreaterThan(0);
});

test("a typed query shows its rows and a CSV of them", async () => {
  // Every crime type of the force, with its count: one row per type (police.uk has 14 including ASB).
  expect(await run("SELECT crime_type, count(*)::INTEGER AS n FROM crimes GROUP BY crime_type ORDER BY n DESC")).toBe("status");
  const status = page.locator("#query-status");
  const {rows} = await queryStatus(page);
  expect(rows).toBeGreaterThanOrEqual(10);
  expect(rows).toBeLessThanOrEqual(15);
  const table = page.locator("#observablehq-main form table");
  await expect.poll(() => table.locator("tbody tr").count()).toBe(rows);
  expect(await table.locator("thead").innerText()).toMatch(/crime_type[\s\S]*n/);
  expect(await table.innerText()).toContain("Violence and sexual offences");

  const link = status.locator('a[download="query-result.csv"]');
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const lines = readFileSync(await download.path(), "utf-8").trimEnd().split(/\r?\n/);
  expect(lines[0]).toBe("crime_type,n");
  expect(lines).toHaveLength(rows + 1);
  expect(lines.some((l) => l.startsWith("Violence and sexual offences,"))).toBe(true);
});

test("a bad query shows the error in the page, not an error cell", async () => {
  expect(await run("SELECT * FROM no_such_table")).toBe("alert");
  const alert = page.getByRole("alert");
  await expect.poll(() => alert.innerText()).toContain("The query failed");
  expect(await alert.innerText()).toContain("no_such_table");
  expect(await page.locator("#query-status").count()).toBe(0);
  expect(await errorCells(page)).toEqual([]);
  // The console recovers: the next good query runs.
  expect(await run("SELECT 42 AS answer")).toBe("status");
  expect((await queryStatus(page)).rows).toBe(1);
});

test("nothing was requested off 127.0.0.1 and nothing failed", () => {
  expect(w.foreign).toEqual([]);
  expect(w.failed).toEqual([]);
  expect(w.pageErrors).toEqual([]);
  expect(w.consoleErrors).toEqual([]);
});
