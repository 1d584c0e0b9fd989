/**
 * DuckDB-WASM's worker as the build seeds it links the engine on demand (scripts/seed-npm-cache.ts,
 * ENGINE_LINKED_ON_DEMAND): the engine's own GOT entries get their values, the other 75,000 exports get none until an
 * extension asks. This runs the same queries, over the build's own tables, on the worker the site serves and on the
 * worker as the package ships it, in one page, and requires every answer to be the same. (The linker mends what it
 * has not filled: tried here, GOT entries left empty or data exports moved still gave the same answers, so the
 * differences this can see are in what the engine does, which is what a reader sees.) The queries reach the
 * engine's function pointers in many ways: the catalogue of every built-in function, scalar, aggregate, window, list,
 * string, date and regular-expression functions, joins, an Arrow stream in and a CSV file read, and an error.
 */
import {readdirSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {duckdbFiles} from "../../scripts/lib/duckdb-early-start.ts";
import {baseUrl, site} from "./lib/context.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";

const SHIPPED = resolve(import.meta.dirname, "../../node_modules/duckdb-wasm-1.32.0/dist/duckdb-browser-eh.worker.js");

const QUERIES = [
  // Every function the engine registered at start-up, with its kind and arity: a wrong pointer anywhere in the
  // catalogue's registration changes this list or crashes it.
  "SELECT function_type, count(*)::INTEGER AS n, count(DISTINCT function_name)::INTEGER AS names, md5(string_agg(function_name || ':' || coalesce(return_type, '') || ':' || coalesce(parameters::VARCHAR, ''), ',' ORDER BY function_name, return_type, parameters::VARCHAR)) AS h FROM duckdb_functions() GROUP BY ALL ORDER BY ALL",
  "SELECT count(*)::INTEGER AS settings, md5(string_agg(name, ',' ORDER BY name)) AS h FROM duckdb_settings()",
  "SELECT crime_type, sum(count)::INTEGER AS n, count(DISTINCT lsoa21_code)::INTEGER AS lsoas, min(month) AS first, max(month) AS last FROM lsoa_month_type GROUP BY ALL ORDER BY ALL",
  "SELECT month, sum(count)::INTEGER AS n, rank() OVER (ORDER BY sum(count) DESC, month) AS r, (sum(sum(count)) OVER (ORDER BY month ROWS UNBOUNDED PRECEDING))::INTEGER AS running, lag(sum(count)) OVER (ORDER BY month)::INTEGER AS before FROM lsoa_month_type GROUP BY month ORDER BY month",
  "SELECT quantile_cont(count, [0.1, 0.5, 0.9]) AS q, median(count) AS m, round(stddev_samp(count), 6) AS sd, round(avg(count), 6) AS mean, mode(crime_type) AS commonest, arg_max(lsoa21_code, count) AS most FROM lsoa_month_type",
  "SELECT a.ward_name, a.imd_decile, sum(t.count)::INTEGER AS n FROM lsoa_month_type t JOIN area_lsoa a USING (lsoa21_code) GROUP BY ALL ORDER BY n DESC, a.ward_name LIMIT 12",
  "SELECT upper(crime_type) AS u, regexp_replace(crime_type, '[aeiou]', '_', 'g') AS r, string_split(crime_type, ' ') AS words, length(crime_type) AS len, md5(crime_type) AS h, levenshtein(crime_type, 'Robbery') AS d FROM (SELECT DISTINCT crime_type FROM lsoa_month_type) ORDER BY 1",
  "SELECT strftime(strptime(month || '-01', '%Y-%m-%d'), '%B %Y') AS label, date_trunc('quarter', strptime(month || '-01', '%Y-%m-%d'))::DATE::VARCHAR AS quarter, (strptime(month || '-01', '%Y-%m-%d') + INTERVAL 1 MONTH)::DATE::VARCHAR AS next FROM (SELECT DISTINCT month FROM lsoa_month_type) ORDER BY 1",
  "SELECT list_sort(list(DISTINCT crime_type)) AS types, struct_pack(k := 1, v := 'x') AS s, [x * 2 FOR x IN range(5)] AS doubled, list_reduce([1, 2, 3, 4], (a, b) -> a + b) AS total FROM lsoa_month_type",
  "WITH RECURSIVE f(n, a, b) AS (SELECT 0, 0::HUGEINT, 1::HUGEINT UNION ALL SELECT n + 1, b, a + b FROM f WHERE n < 90) SELECT max(a)::VARCHAR AS fib90, sum(n)::INTEGER AS s FROM f",
  "SELECT hash(42)::VARCHAR AS h, (0.1 + 0.2)::DECIMAL(10, 4) AS d, 2 ** 62 AS p, sqrt(2) AS r, ln(10) AS l, 7 // 2 AS q, 7 % 3 AS m, '2024-02-29'::DATE + 365 AS later, uuid() IS NOT NULL AS u",
  "PIVOT (SELECT crime_type, substr(month, 1, 4) AS year, count FROM lsoa_month_type) ON year USING sum(count) GROUP BY crime_type ORDER BY crime_type",
  "SELECT * FROM no_such_table"
];

let browser: Browser;
let page: Page;
let base: string;
let files: {module: string; worker: string; wasm: string; arrow: string; csv: string};

beforeAll(async () => {
  base = baseUrl("plymouth");
  const dist = site().builds.plymouth.dist;
  const all = readdirSync(dist, {recursive: true}).map(String);
  const {module, worker, wasm} = duckdbFiles(all);
  const arrow = all.find((f) => /^_file\/data\/lsoa-month-type\.[0-9a-f]{8}\.arrow$/.test(f));
  const csv = all.find((f) => /^_file\/data\/area-lsoa\.[0-9a-f]{8}\.csv$/.test(f));
  if (!module || !worker || !wasm || !arrow || !csv) throw new Error(`the build in ${dist} lacks DuckDB-WASM's files or the violence tables`);
  files = {module, worker, wasm, arrow, csv};
  browser = await testBrowser();
  page = await (await browser.newContext()).newPage();
  // The shipped worker, served from the site's own origin as the page's Content-Security-Policy requires.
  const shipped = readFileSync(SHIPPED, "utf-8");
  await page.route(`${base}__shipped/duckdb-browser-eh.worker.js`, (route) => route.fulfill({status: 200, contentType: "text/javascript", body: shipped}));
  await page.goto(`${base}not-a-page`); // the server's plain "Not found": same origin, nothing else
});
afterAll(async () => {
  await releaseBrowser(browser);
});

/** Starts the engine with `workerPath`, loads the two violence tables, runs QUERIES; each answer as JSON, or its error. */
async function answers(workerPath: string): Promise<string[]> {
  const url = (f: string) => JSON.stringify(base + f);
  // A string, not a function: vitest's transform would rewrite a function's import() into its own helper.
  return (await page.evaluate(`(async () => {
    const duckdb = await import(${url(files.module)});
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(${url(workerPath)}));
    await db.instantiate(${url(files.wasm)});
    await db.open({});
    const c = await db.connect();
    await c.insertArrowFromIPCStream(new Uint8Array(await (await fetch(${url(files.arrow)})).arrayBuffer()), {name: "lsoa_month_type", create: true});
    await db.registerFileText("area_lsoa.csv", await (await fetch(${url(files.csv)})).text());
    await c.query("CREATE TABLE area_lsoa AS SELECT * FROM read_csv('area_lsoa.csv', header = true)");
    const out = [];
    for (const q of ${JSON.stringify(QUERIES)}) {
      try {
        const t = await c.query(q);
        out.push(JSON.stringify(t.toArray().map((r) => r.toJSON()), (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
      } catch (e) {
        out.push("error: " + (e instanceof Error ? e.message : String(e)));
      }
    }
    await c.close();
    await db.terminate();
    return out;
  })()`)) as string[];
}

test("the site serves the worker seeded to link the engine on demand", () => {
  const served = readFileSync(join(site().builds.plymouth.dist, files.worker), "utf-8");
  // Booleans, not toContain: a failure would print the whole 0.8 MB worker.
  expect(served.includes("wasmExports=relocateExports(wasmExports,1024,void 0,!0)")).toBe(true);
  expect(readFileSync(SHIPPED, "utf-8").includes("existingOnly")).toBe(false);
});

test("the seeded worker answers every query as the shipped one does", async () => {
  const seeded = await answers(files.worker);
  const shipped = await answers("__shipped/duckdb-browser-eh.worker.js");
  expect(seeded).toHaveLength(QUERIES.length);
  for (const [i, q] of QUERIES.entries()) expect(seeded[i], q).toBe(shipped[i]);
  // The queries ran: thousands of functions in the catalogue, real rows, and the one error is the missing table.
  const catalogue = JSON.parse(seeded[0]!) as {n: number}[];
  expect(catalogue.reduce((s, r) => s + r.n, 0)).toBeGreaterThan(1000);
  expect(JSON.parse(seeded[2]!).length).toBeGreaterThan(3);
  expect(seeded.filter((a) => a.startsWith("error:"))).toEqual([seeded.at(-1)]);
  expect(seeded.at(-1)).toMatch(/no_such_table/);
}, 120_000);
