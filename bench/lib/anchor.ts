/**
 * The SQL console's anchor: a stock Observable Framework page (bench/stock/index.md) that queries the same `crimes`
 * table through Framework's own `sql` front matter and DuckDBClient, built beside the bench build in the same run and
 * timed beside Explore, so that Explore's ready time is read against what Framework itself does on this machine.
 *
 * The stock project gets Framework's npm cache as the build seeded it (nothing is fetched), except DuckDB-WASM's
 * worker scripts, which are put back as the package ships them (the build adjusts its own copies:
 * scripts/seed-npm-cache.ts), and only its `duckdb` setting (no extension downloads) and no Google Fonts: the rest
 * is Framework's default. Its files are precompressed like the site's, so both are served alike.
 */
import {spawn} from "node:child_process";
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {delimiter, join} from "node:path";
import {chromium, type BrowserContext, type Page} from "playwright-core";
import {precompress} from "../../scripts/lib/precompress.ts";
import {seedNpmCache} from "../../scripts/seed-npm-cache.ts";
import {CHROMIUM, CHROMIUM_ARGS, PAGES, waitReady, type SitePage} from "../../tests/e2e/lib/browser.ts";
import {ROOT} from "../../tests/e2e/lib/build.ts";
import type {CountingServer} from "./browser.ts";
import {median} from "./figures.ts";

export const STOCK_DIR = join(ROOT, ".cache/bench/stock");

/** The stock page served as Framework builds it: its inline scripts and DuckDBClient's blob: worker need these. */
export const STOCK_CONTENT_SECURITY_POLICY = "default-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob: data:";

export const STOCK_PAGE: SitePage = {name: "Stock Framework page (sql front matter, DuckDBClient)", path: "", source: "bench/stock/index.md", readySelector: "#stock-ready"};

/** Builds the stock page with `crimes.arrow` taken from the built site `siteDist`; returns its dist folder. */
export async function buildStockPage(siteDist: string): Promise<{dist: string; seconds: number}> {
  const started = performance.now();
  const data = join(siteDist, "_file/data");
  const arrow = existsSync(data) ? readdirSync(data).find((f) => /^crimes\.[0-9a-f]{8}\.arrow$/.test(f)) : undefined;
  if (!arrow) throw new Error(`no crimes.<hash>.arrow in ${data}: is it a build of this site?`);
  await seedNpmCache(() => {});
  rmSync(STOCK_DIR, {recursive: true, force: true});
  const src = join(STOCK_DIR, "src");
  mkdirSync(src, {recursive: true});
  copyFileSync(join(ROOT, "bench/stock/index.md"), join(src, "index.md"));
  copyFileSync(join(data, arrow), join(src, "crimes.arrow"));
  const npm = join(src, ".observablehq/cache/_npm");
  cpSync(join(ROOT, "src/.observablehq/cache/_npm"), npm, {recursive: true});
  const duckdb = readdirSync(join(npm, "@duckdb")).find((d) => d.startsWith("duckdb-wasm@"));
  if (!duckdb) throw new Error("Framework's npm cache has no DuckDB-WASM: run npm run seed");
  for (const f of ["duckdb-browser-eh.worker.js", "duckdb-browser-mvp.worker.js"]) copyFileSync(join(ROOT, "node_modules/@duckdb/duckdb-wasm/dist", f), join(npm, "@duckdb", duckdb, "dist", f));
  writeFileSync(join(STOCK_DIR, "observablehq.config.js"), `export default {root: "src", title: "Stock", globalStylesheets: [], duckdb: {extensions: {json: null, parquet: null}}};\n`);
  const output = await new Promise<{code: number; text: string}>((done) => {
    const child = spawn(join(ROOT, "node_modules/.bin/observable"), ["build"], {
      cwd: STOCK_DIR,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        OBSERVABLE_TELEMETRY_DISABLE: "true",
        PATH: [join(ROOT, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter),
        NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", `--import ${join(ROOT, "scripts/no-network.mjs")}`].join(" ").trim()
      }
    });
    let text = "";
    child.stdout.on("data", (c: Buffer) => (text += c.toString()));
    child.stderr.on("data", (c: Buffer) => (text += c.toString()));
    child.on("close", (code) => done({code: code ?? 1, text}));
  });
  const dist = join(STOCK_DIR, "dist");
  if (output.code !== 0 || !existsSync(join(dist, "index.html"))) throw new Error(`the stock page did not build (exit ${output.code}):\n${output.text.trim().split("\n").slice(-15).join("\n")}`);
  await precompress(dist);
  return {dist, seconds: (performance.now() - started) / 1000};
}

export interface ColdWarm {
  cold: number[];
  warm: number[];
  /** Bytes of compiled WebAssembly Chromium kept in the profile after each run (its code cache). */
  codeCache: number[];
}

/** Total size of the files under `dir` (0 if it does not exist). */
function sizeOf(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, {recursive: true, withFileTypes: true}).filter((e) => e.isFile()).reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

/**
 * Opens `url` in a fresh profile (cold), then again after the first visit's caches are written (warm); ms each, and
 * the bytes of Chromium's WebAssembly code cache in the profile at the end.
 */
async function coldThenWarm(url: string, sitePage: SitePage): Promise<[number, number, number]> {
  const profile = mkdtempSync(join(tmpdir(), "sna-bench-profile-"));
  let context: BrowserContext | null = null;
  try {
    // A real profile, not an incognito context: Chromium keeps compiled WebAssembly (its code cache) only on disk.
    context = await chromium.launchPersistentContext(profile, {executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: {width: 1280, height: 900}});
    const visit = async (page: Page) => {
      await page.goto(url);
      const ms = await waitReady(page, sitePage);
      await page.waitForLoadState("networkidle");
      return ms;
    };
    const first = await context.newPage();
    const cold = await visit(first);
    await first.waitForTimeout(3000); // the HTTP and code caches are written after the page has loaded
    await first.close();
    const warm = await visit(await context.newPage());
    await context.close();
    context = null;
    return [cold, warm, sizeOf(join(profile, "Default/Code Cache/wasm"))];
  } finally {
    await context?.close();
    rmSync(profile, {recursive: true, force: true});
  }
}

/** Ready times of the stock page and of Explore, `runs` of each, taken in turn so that both see the same machine. */
export async function anchorTimes(site: CountingServer, stock: CountingServer, runs = 3): Promise<{stock: ColdWarm; explore: ColdWarm}> {
  const explore = PAGES.find((p) => p.path === "explore");
  if (!explore) throw new Error("the site has no explore page");
  const out: {stock: ColdWarm; explore: ColdWarm} = {stock: {cold: [], warm: [], codeCache: []}, explore: {cold: [], warm: [], codeCache: []}};
  for (let i = 0; i < runs; i++) {
    for (const [key, url, page] of [["stock", stock.url, STOCK_PAGE], ["explore", `${site.url}${explore.path}`, explore]] as const) {
      const [cold, warm, cache] = await coldThenWarm(url, page);
      out[key].cold.push(cold);
      out[key].warm.push(warm);
      out[key].codeCache.push(cache);
    }
  }
  return out;
}

export const medians = (t: ColdWarm) => ({cold: median(t.cold), warm: median(t.warm)});
