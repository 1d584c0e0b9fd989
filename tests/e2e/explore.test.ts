/**
 * The SQL console (DuckDB-WASM): the first example runs as the page opens, another example runs when picked, a typed
 * query runs on Run and offers its result as CSV, and a bad query shows its message in the page (role=alert), not an
 * error cell. DuckDB starts once, from the page's head (scripts/lib/duckdb-early-start.ts), and still starts without
 * that script; its engine comes as application/wasm. The table list shows every table of the registry with its
 * description and columns at once, and its rows once loaded; every table answers a query. The first query waits only
 * for the tables it names, and a query naming a table still loading waits for it. A link with #sql= (or ?sql=) puts
 * its query in the editor and runs it.
 */
import {readFileSync} from "node:fs";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {errorCells, PAGES, queryStatus, waitReady, watch, type Watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";
import {describeTable, TABLE_LIST} from "../../components/tables/registry.ts";
import {exploreHref} from "../../src/lib/explore-link.ts";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let w: Watch;
/** Content-Type of every WebAssembly file the page's context received. */
const wasmTypes: string[] = [];
const EXPLORE = PAGES.find((p) => p.path === "explore")!;
const MARKED = TABLE_LIST.filter((t) => t.explore);

beforeAll(async () => {
  browser = await testBrowser();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
  w = await watch(context);
  context.on("response", (r) => {
    if (/\.wasm$/.test(new URL(r.url()).pathname)) wasmTypes.push(r.headers()["content-type"] ?? "(none)");
  });
  page = await context.newPage();
  await page.goto(`${baseUrl("plymouth")}explore`);
  await waitReady(page, PAGES.find((p) => p.path === "explore")!);
});
afterAll(async () => {
  await releaseBrowser(browser);
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

test("DuckDB's engine came as application/wasm (compiled as it streams in)", () => {
  expect(wasmTypes.length).toBeGreaterThan(0);
  expect(new Set(wasmTypes)).toEqual(new Set(["application/wasm"]));
});

test("the table list names every table of the registry with its description and columns, then its rows", async () => {
  const rows = page.locator("#schema table tbody tr");
  expect(await rows.count()).toBe(MARKED.length);
  for (const t of MARKED) {
    const row = page.locator(`#schema tr[data-table="${t.name}"]`);
    const text = await row.innerText();
    // The description's fixed words (its {area} and {forces} are the partnership's names).
    for (const word of describeTable(t, {area: "", forces: ""}).split(/\s+/).filter((x) => x.length > 6).slice(0, 4)) expect(text, t.name).toContain(word);
    expect(text, t.name).toContain(`${Object.keys(t.columns ?? {}).length} columns: ${Object.keys(t.columns ?? {}).join(", ")}`);
  }
  // Every table loads in the background, and its cell then shows its rows.
  await expect.poll(() => page.locator("#schema td.table-state:not([data-state=loaded])").count(), {timeout: 60_000}).toBe(0);
  expect(await page.locator("#tables-summary").innerText()).toBe(`All ${MARKED.length} tables are loaded.`);
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

test("every table of the registry answers a query, with the rows the table list shows", async () => {
  await expect.poll(() => page.locator("#schema td.table-state:not([data-state=loaded])").count(), {timeout: 60_000}).toBe(0);
  const listed: string[] = [];
  for (const t of MARKED) listed.push(`('${t.name}', ${Number((await page.locator(`#schema tr[data-table="${t.name}"] td.table-state`).innerText()).replace(/,/g, ""))})`);
  const counts = MARKED.map((t) => `SELECT '${t.name}' AS name, count(*)::INTEGER AS n FROM "${t.name}"`).join("\nUNION ALL ");
  // One query over every table (it fails if one is missing); rows only where its count differs from the list's.
  expect(await run(`SELECT c.name, c.n, e.listed\nFROM (${counts}) c FULL JOIN (VALUES ${listed.join(", ")}) e(name, listed) USING (name)\nWHERE c.n IS DISTINCT FROM e.listed`)).toBe("status");
  expect((await queryStatus(page)).rows).toBe(0);
  expect(await run(`SELECT count(*)::INTEGER AS tables FROM (${counts})`)).toBe("status");
  expect(await page.locator("#observablehq-main form table tbody tr td").last().innerText()).toBe(String(MARKED.length));
});

test("the first query waits only for its tables; a query naming a table still loading waits for it", async () => {
  const other = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const v = await watch(other);
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    // Held back: the large crimes table and a small one (csp_crime) that the first example does not read either.
    await other.route(/\/(crimes\.[0-9a-f]+\.arrow|csp-crime\.[0-9a-f]+\.csv)$/, async (route) => {
      await held;
      await route.continue();
    });
    const p = await other.newPage();
    await p.goto(`${baseUrl("plymouth")}explore`);
    // Ready with both files still held back: the first example reads area_monthly only.
    await waitReady(p, EXPLORE);
    expect((await queryStatus(p)).rows).toBeGreaterThan(0);
    const crimesState = p.locator('#schema tr[data-table="crimes"] td.table-state');
    await expect.poll(() => p.locator('#schema tr[data-table="area_monthly"] td.table-state').getAttribute("data-state")).toBe("loaded");
    expect(await crimesState.getAttribute("data-state")).not.toBe("loaded");
    expect(await p.locator('#schema tr[data-table="csp_crime"] td.table-state').getAttribute("data-state")).not.toBe("loaded");
    // A query naming crimes waits for it (no "no such table" error), and answers once its file arrives.
    await p.evaluate(`document.querySelectorAll("#query-status").forEach((e) => e.setAttribute("data-old", ""))`);
    await p.locator("textarea").fill("SELECT count(*)::INTEGER AS n FROM crimes");
    await p.getByRole("button", {name: "Run"}).click();
    await p.waitForTimeout(1500);
    expect(await p.locator("#query-status:not([data-old]), [role=alert]").count()).toBe(0);
    release();
    await p.locator("#query-status:not([data-old])").waitFor({timeout: 60_000});
    expect(Number((await p.locator("#observablehq-main form table tbody tr td").last().innerText()).replace(/,/g, ""))).toBeGreaterThan(100_000);
    expect(await crimesState.getAttribute("data-state")).toBe("loaded");
    expect(v.foreign).toEqual([]);
    expect(v.pageErrors).toEqual([]);
  } finally {
    await other.close();
  }
});

test("a link with #sql= puts its query in the editor and runs it; ?sql= too", async () => {
  const other = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const v = await watch(other);
    const p = await other.newPage();
    const sql = "SELECT crime_type, count(*)::INTEGER AS n\nFROM crimes\nWHERE crime_type LIKE 'Violence%' -- a comment & a #\nGROUP BY crime_type\nORDER BY n DESC";
    await p.goto(`${baseUrl("plymouth")}${exploreHref(sql)}`);
    await waitReady(p, EXPLORE);
    expect(await p.locator("textarea").inputValue()).toBe(sql);
    expect(await p.getByLabel("Example").locator("option:checked").innerText()).toBe("The query from the link");
    expect((await queryStatus(p)).rows).toBe(1);
    expect(await p.locator("#observablehq-main form table").innerText()).toContain("Violence and sexual offences");
    await p.goto(`${baseUrl("plymouth")}explore?sql=${encodeURIComponent("SELECT 6 * 7 AS answer")}`);
    await waitReady(p, EXPLORE);
    expect(await p.locator("#observablehq-main form table").innerText()).toContain("42");
    expect(v.foreign).toEqual([]);
    expect(v.pageErrors).toEqual([]);
    expect(v.consoleErrors).toEqual([]);
  } finally {
    await other.close();
  }
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
