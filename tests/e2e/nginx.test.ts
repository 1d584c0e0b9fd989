/**
 * The Plymouth build hosted as the README tells an intranet's administrator: Debian's nginx running the README's own
 * nginx lines (read from README.md: lib/nginx.ts), under /sna/. The server sends the security headers, serves DuckDB's
 * engine as application/wasm (precompressed with brotli), keeps the files named by content hash for good and
 * revalidates the pages; in Chromium, under that policy, a chapter draws, a shared link's view is recomputed by
 * DuckDB-WASM, the SQL console answers, nothing is refused or fails, and a second visit takes the hashed files from
 * the browser's cache without asking the server. CI installs nginx (.ci/run); elsewhere the file is skipped when
 * nginx is missing, and says so.
 */
import type {Browser, BrowserContext, Page, Worker} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {CONTENT_SECURITY_POLICY} from "../../scripts/serve.ts";
import {cspViolations, errorCells, PAGES, queryStatus, RECORD_CSP_VIOLATIONS, waitReadyUnderPolicy, watchPage, type SitePage} from "./lib/browser.ts";
import {baseUrl, site} from "./lib/context.ts";
import {nginxMissing, startNginx, type RunningNginx} from "./lib/nginx.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";

const missing = nginxMissing();
if (missing && process.env.CI === "true") throw new Error(`CI must run the README's nginx lines, but ${missing} (.ci/run installs it)`);

const IMMUTABLE = "public, max-age=31536000, immutable";
const page = (path: string): SitePage => PAGES.find((p) => p.path === path)!;

describe.skipIf(missing !== null)(`the README's nginx lines in a real nginx${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let nginx: RunningNginx;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    baseUrl("plymouth"); // fails with the build's log when the build failed
    nginx = await startNginx(site().builds.plymouth.dist);
    browser = await testBrowser();
    context = await browser.newContext({viewport: {width: 1280, height: 900}});
    await context.addInitScript(RECORD_CSP_VIOLATIONS);
  });
  afterAll(async () => {
    await releaseBrowser(browser);
    await nginx?.stop();
  });

  it("sends the security headers, the engine as brotli application/wasm, hashed files cached for good and pages revalidated", async () => {
    const get = (path: string, init: RequestInit = {}) => fetch(`${nginx.url}${path}`, {...init, headers: {"accept-encoding": "br, gzip", ...init.headers}});
    const home = await get("");
    const html = await home.text();
    expect([home.status, home.headers.get("content-type"), home.headers.get("cache-control")]).toEqual([200, "text/html", "no-cache"]);
    expect(home.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect([home.headers.get("x-content-type-options"), home.headers.get("referrer-policy"), home.headers.get("x-frame-options")]).toEqual(["nosniff", "no-referrer", "DENY"]);
    // Clean URLs, as the site's links are written.
    expect((await get("explore")).headers.get("content-type")).toBe("text/html");
    const hashed = /src="\.\/(_inline\.[0-9a-f]{8}\.js)"/.exec(html)?.[1];
    expect(hashed).toBeDefined();
    const script = await get(hashed!);
    expect([script.status, script.headers.get("cache-control"), script.headers.get("content-security-policy")]).toEqual([200, IMMUTABLE, CONTENT_SECURITY_POLICY]);
    const engine = await get("_npm/@duckdb/duckdb-wasm@1.32.0/dist/duckdb-eh.wasm", {method: "HEAD"});
    expect([engine.status, engine.headers.get("content-type"), engine.headers.get("cache-control")]).toEqual([200, "application/wasm", IMMUTABLE]);
    if (nginx.brotli) expect(engine.headers.get("content-encoding")).toBe("br");
    expect((await get("no-such-page")).status).toBe(404);
    expect((await get("", {method: "POST"})).status).toBe(403);
  });

  /** Opens a page of the site through nginx and checks that nothing was refused or failed. */
  async function visit(path: string, sitePage: SitePage): Promise<{page: Page; requests: string[]}> {
    const p = await context.newPage();
    const w = watchPage(p);
    const workers: Worker[] = [];
    p.on("worker", (worker) => {
      workers.push(worker);
      void worker.evaluate(RECORD_CSP_VIOLATIONS).catch(() => undefined);
    });
    expect((await p.goto(`${nginx.url}${path}`))?.status()).toBe(200);
    await waitReadyUnderPolicy(p, sitePage);
    const found = {violations: await cspViolations(p, workers), consoleErrors: w.consoleErrors, pageErrors: w.pageErrors, failed: w.failed, errorCells: await errorCells(p)};
    expect(found).toEqual({violations: [], consoleErrors: [], pageErrors: [], failed: [], errorCells: []});
    expect(w.requests.filter((u) => u.startsWith("http") && !u.startsWith(nginx.url))).toEqual([]);
    return {page: p, requests: w.requests};
  }

  it("a chapter draws, a shared link's view is recomputed by DuckDB-WASM, and the SQL console answers, under the policy", async () => {
    const chapter = await visit("violence-profile?from=2025-03&to=2025-08&types=Robbery", page("violence-profile"));
    const status = chapter.page.locator("#live-status[data-source='browser']");
    await status.waitFor({timeout: 60_000});
    expect(await status.getAttribute("data-key")).toBe("?from=2025-03&to=2025-08&types=Robbery");
    expect(chapter.requests.some((u) => u.endsWith("/duckdb-eh.wasm"))).toBe(true);
    await chapter.page.close();
    const explore = await visit("explore", page("explore"));
    expect((await queryStatus(explore.page)).rows).toBeGreaterThan(0);
    await explore.page.close();
  });

  it("a second visit takes the files named by content hash from the browser's cache, asking the server only for the page", async () => {
    const {page: p} = await visit("benchmarking", page("benchmarking"));
    await p.reload();
    await waitReadyUnderPolicy(p, page("benchmarking"));
    const fetched = (await p.evaluate(() =>
      performance.getEntriesByType("resource").map((r) => ({name: (r as PerformanceResourceTiming).name, bytes: (r as PerformanceResourceTiming).transferSize}))
    )) as {name: string; bytes: number}[];
    const hashed = fetched.filter((r) => /[./][0-9a-f]{8}\.(js|csv|json|arrow)$/.test(r.name));
    expect(hashed.length).toBeGreaterThan(10);
    // transferSize 0: answered from the cache, no request (a revalidation would carry a 304's headers).
    expect(hashed.filter((r) => r.bytes > 0).map((r) => r.name)).toEqual([]);
    await p.close();
  });
});
