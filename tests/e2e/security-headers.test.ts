/**
 * The Plymouth build as an intranet host publishes it: served by scripts/serve.ts's serve() under a sub-path (/sna/)
 * with the security headers `npm run serve` sends (no inline script, no eval). Every page renders every figure with no
 * CSP violation (in the page or in DuckDB's worker), no console error and no error cell; every request and every link
 * within the site stays under /sna/ and nothing answers 404; the SQL console runs a query (DuckDB-WASM compiles its
 * engine under 'wasm-unsafe-eval'); no page holds an inline script (the build moved them into same-origin files); each
 * page passes axe at WCAG 2.2 AA, every chart figure has a title, a source line, a text alternative, a table and a
 * working CSV download (lib/figures.ts); and each page, once open, prints to an A4 PDF with no control text and the
 * running footer (lib/print-pdf.ts). One visit a page for all of it: the browser tests are CPU-bound on two cores. Readiness is polled with page.evaluate:
 * Playwright's waitForFunction evaluates its predicate as a string in the page, which this policy refuses.
 */
import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Server} from "node:http";
import type {Browser, BrowserContext, Page, Worker} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {CONTENT_SECURITY_POLICY, serve} from "../../scripts/serve.ts";
import {cspViolations, errorCells, figuresInSource, PAGES, queryStatus, RECORD_CSP_VIOLATIONS, waitReadyUnderPolicy, watchPage, type SitePage} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl, site} from "./lib/context.ts";
import {ROOT} from "./lib/build.ts";
import {printAndCheck} from "./lib/print-pdf.ts";
import {axe} from "./lib/axe.ts";
import {checkFigures, figureCount} from "./lib/figures.ts";

const SUB = "/sna/";
const PRINTS = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "print");
const AXE = join(ROOT, process.env.SNA_E2E_DIR ?? ".cache/e2e", "axe");

let browser: Browser;
/** One context for the chapters, as a reader's tabs share a cache; each page is watched on its own (watchPage). */
let context: BrowserContext;
let server: Server;
let url: string;

beforeAll(async () => {
  baseUrl("plymouth"); // fails with the build's log when the build failed
  server = await serve({dir: site().builds.plymouth.dist, port: 0, base: SUB, contentSecurityPolicy: CONTENT_SECURITY_POLICY});
  url = `http://127.0.0.1:${(server.address() as {port: number}).port}${SUB}`;
  mkdirSync(PRINTS, {recursive: true});
  mkdirSync(AXE, {recursive: true});
  browser = await testBrowser();
  context = await browser.newContext({viewport: {width: 1280, height: 900}});
  await context.addInitScript(RECORD_CSP_VIOLATIONS);
});
afterAll(async () => {
  await releaseBrowser(browser);
  server?.closeAllConnections();
  server?.close();
});




describe("the built site under the server's security headers", () => {
  it("sends the headers with every page and file", async () => {
    for (const path of ["", "explore", "_observablehq/client.js"]) {
      const r = await fetch(`${url}${path}`);
      expect(r.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
    }
    const scriptSrc = /script-src ([^;]*)/.exec(CONTENT_SECURITY_POLICY)?.[1] ?? "";
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc.split(" ")).toEqual(expect.arrayContaining(["'self'", "'wasm-unsafe-eval'"]));
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it("holds no inline script in any page", () => {
    for (const p of PAGES) {
      const html = readFileSync(join(site().builds.plymouth.dist, `${p.path || "index"}.html`), "utf-8");
      for (const m of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) expect(m[2]!.trim(), `${p.name}: <script${m[1]}>`).toBe("");
    }
  });

  for (const sitePage of PAGES) {
    it(`${sitePage.name}: renders under /sna/ with no CSP violation, console error, error cell or 404; axe clean; every figure complete with its CSV; prints`, async () => {
      const page = await context.newPage();
      try {
        const w = watchPage(page);
        const workers: Worker[] = [];
        page.on("worker", (worker) => {
          workers.push(worker);
          void worker.evaluate(RECORD_CSP_VIOLATIONS).catch(() => undefined);
        });
        const response = await page.goto(`${url}${sitePage.path}`);
        expect(response?.status()).toBe(200);
        await waitReadyUnderPolicy(page, sitePage);
        if (sitePage.path === "explore") {
          const {rows} = await queryStatus(page);
          expect(rows).toBeGreaterThan(0); // DuckDB-WASM compiled its engine and answered
        }
        const found = {violations: await cspViolations(page, workers), consoleErrors: w.consoleErrors, pageErrors: w.pageErrors, failed: w.failed, errorCells: await errorCells(page)};
        expect(found).toEqual({violations: [], consoleErrors: [], pageErrors: [], failed: [], errorCells: []});
        // Every request, and every link within the site (sidebar, pager, in-text), stays under the sub-path.
        expect(w.requests.filter((u) => u.startsWith("http") && !new URL(u).pathname.startsWith(SUB))).toEqual([]);
        const origin = new URL(url).origin;
        const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        const internal = links.filter((href) => href.startsWith(origin));
        expect(internal.length).toBeGreaterThan(3);
        expect(internal.filter((href) => !new URL(href).pathname.startsWith(SUB))).toEqual([]);
        // Every figure drawn, axe clean at WCAG 2.2 AA, and each figure complete with its table and CSV download.
        const expected = figuresInSource(sitePage);
        expect(await figureCount(page, expected)).toBeGreaterThanOrEqual(expected);
        expect(await page.locator("figure.sna-figure .sna-figure__chart svg").count()).toBeGreaterThanOrEqual(expected);
        expect(w.requests.length).toBeGreaterThan(5);
        const result = await axe(page).analyze();
        // Every node of every violation, for whoever fixes them (the assertion message shows the first targets only).
        writeFileSync(join(AXE, `${sitePage.path || "index"}.json`), JSON.stringify(result.violations, null, 2));
        expect(result.violations.map((v) => `${v.id} (${v.impact ?? "?"}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
        await checkFigures(page);
        // Printed as a reader's "Save as PDF" prints it (issue 15: every chapter of both builds; Surrey's in pages.test.ts).
        await printAndCheck(page, join(PRINTS, `plymouth-${sitePage.path || "index"}.pdf`), sitePage.name, site().builds.plymouth.dist);
      } finally {
        await page.close();
      }
    }, 180_000);
  }
});
