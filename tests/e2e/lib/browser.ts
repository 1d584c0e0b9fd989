/**
 * Debian's Chromium driven by playwright-core, for the browser tests and the bench: launch options, the site's pages
 * with what "ready" means on each, and a watcher that records console errors, page errors, failed responses and
 * every request to a host other than 127.0.0.1 (DuckDB's worker included).
 * In-page code is passed as strings: tsx/esbuild may wrap functions in helpers that do not exist in the page.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {chromium, type Browser, type BrowserContext, type Page, type Worker} from "playwright-core";
import frameworkConfig from "../../../observablehq.config.ts";
import {ROOT} from "./build.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * Offline by construction: every request to a host but loopback goes to a proxy on a closed local port and fails
 * inside Chromium (net::ERR_PROXY_CONNECTION_FAILED), host names and IP addresses alike, so nothing leaves the
 * machine. Unlike a Playwright route, this intercepts nothing: requests keep the HTTP cache and no round trip to
 * Node, which made a page load about a tenth faster (measured here).
 */
export const OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"];
/**
 * Playwright 1.65's own --disable-features list (chromiumSwitches.ts), repeated because Chromium honours only the last
 * --disable-features switch on its command line: ours comes last, so it must carry theirs. A browser test reads the
 * running browser's command line (chrome://version) and fails when a Playwright upgrade adds a name missing here.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = ["AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades", "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion"];
/**
 * No omnibox popup: Chromium 156 in headless mode still builds the address bar's two WebUI popups
 * (chrome://omnibox-popup.top-chrome, each a renderer running its own page) for every window, and Playwright opens a
 * window for every browser context. Without them the browser tests used a third less CPU (legibility.test.ts: 72 s of
 * CPU and 41 s against 49 s and 31 s, measured here).
 */
export const NO_OMNIBOX_POPUP = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...NO_OMNIBOX_POPUP].join(",")}`, ...OFFLINE_ARGS];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS});
}

export interface SitePage {
  name: string;
  /** Path relative to the site's base ("" for the Overview). */
  path: string;
  /** The page's Markdown source, to count the figures it should show. */
  source: string;
  /** An element that exists only once the page's main result is on screen. */
  readySelector: string;
}

/** What shows a page's main result, where more than its cells and figures: the SQL console's first answer. */
const READY_SELECTOR: Record<string, string> = {explore: "#query-status"};

/** Every page of the site, from Framework's configuration (so a new chapter is tested and benched as it appears). */
export const PAGES: readonly SitePage[] = frameworkConfig.pages.map(({name, path}) => {
  const p = path.replace(/^\//, "");
  return {name, path: p, source: `src/${p || "index"}.md`, readySelector: READY_SELECTOR[p] ?? "#observablehq-main h1"};
});

/** Figures the page's source builds (`figure({` calls; one in a loop may build several): the page shows at least as many. */
export function figuresInSource(page: SitePage): number {
  return (readFileSync(join(ROOT, page.source), "utf-8").match(/\bfigure\(\{/g) ?? []).length;
}

/**
 * In-page expression: true once no cell is still loading (Framework puts an <observablehq-loading> placeholder in
 * every pending cell), every figure has drawn its chart (an svg) and the page's own ready element exists.
 */
export function readyExpression(page: SitePage): string {
  return `(() => {
    const main = document.querySelector("#observablehq-main") ?? document.body;
    if (main.querySelector("observablehq-loading")) return false;
    for (const f of main.querySelectorAll("figure.sna-figure")) if (!f.querySelector(".sna-figure__chart svg")) return false;
    return main.querySelector(${JSON.stringify(page.readySelector)}) !== null;
  })()`;
}

/**
 * Waits until Framework's runtime has run the cells that depend on one that just settled: it runs them on the next
 * animation frame, so until then a figure that is about to change still shows (drawn) what it showed before.
 */
export async function afterDependentCells(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** An init script that records CSP violations in the page and in every worker it starts (each in its own global scope). */
export const RECORD_CSP_VIOLATIONS = `globalThis.__cspViolations = []; globalThis.addEventListener("securitypolicyviolation", (e) => globalThis.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + (e.sourceFile || "?") + ":" + e.lineNumber));`;

/** The CSP violations RECORD_CSP_VIOLATIONS recorded in the page and in its workers. */
export async function cspViolations(page: Page, workers: readonly Worker[]): Promise<string[]> {
  const all = [(await page.evaluate("globalThis.__cspViolations")) as string[]];
  for (const w of workers) all.push(((await w.evaluate("globalThis.__cspViolations ?? []").catch(() => [])) as string[]).map((v) => `worker: ${v}`));
  return all.flat();
}

/**
 * Waits until the page is ready, asking from outside the page: under the site's own Content-Security-Policy (no
 * 'unsafe-eval'), Playwright's waitForFunction, which evaluates its predicate as a string in the page, is refused.
 */
export async function waitReadyUnderPolicy(page: Page, sitePage: SitePage, timeout = 60_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await page.evaluate(readyExpression(sitePage)))) {
    if (Date.now() > until) throw new Error(`${sitePage.name} was not ready within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the page is ready; returns the page's own clock (ms since navigation start) at that moment. */
export async function waitReady(page: Page, sitePage: SitePage, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(`(${readyExpression(sitePage)}) && performance.now()`, undefined, {polling: "raf", timeout});
  return Number(await handle.jsonValue());
}

export interface Watch {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to any host but 127.0.0.1 (each fails inside Chromium: see OFFLINE_ARGS). */
  foreign: string[];
  /** Responses with status ≥ 400 and requests that failed outright. */
  failed: string[];
  /** Every request URL, in order. */
  requests: string[];
}

/** Records what the pages of a context do (every page's, as watchPage records one); call before the first navigation. */
export async function watch(context: BrowserContext): Promise<Watch> {
  const w = emptyWatch();
  context.pages().forEach((page) => watchPage(page, w));
  context.on("page", (page) => watchPage(page, w));
  return w;
}

const emptyWatch = (): Watch => ({consoleErrors: [], pageErrors: [], foreign: [], failed: [], requests: []});

/**
 * Records what one page does (its frames' and its dedicated workers' requests, its console and errors), so that the
 * pages of a file can share one context, and its cache, as a reader's tabs do: requests a page left in flight when it
 * closed (an aborted prefetch) are not charged to the next one, as a context-wide `watch` would.
 */
export function watchPage(page: Page, w: Watch = emptyWatch()): Watch {
  const isLocal = (url: string) => {
    const u = new URL(url);
    return !u.protocol.startsWith("http") || u.hostname === "127.0.0.1";
  };
  page.on("request", (r) => {
    w.requests.push(r.url());
    if (!isLocal(r.url()) && !w.foreign.includes(r.url())) w.foreign.push(r.url());
  });
  page.on("response", (r) => {
    if (r.status() >= 400) w.failed.push(`${r.status()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    // ERR_ABORTED is a request Chromium cancelled because the page navigated or closed (a live chapter's engine
    // still loading when the reader follows a link): not a failure of the site. A refused or missing file is not this.
    const error = r.failure()?.errorText ?? "failed";
    if (isLocal(r.url()) && error !== "net::ERR_ABORTED") w.failed.push(`${error} ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") w.consoleErrors.push(`${m.text()}${m.location().url ? ` (${m.location().url}:${m.location().lineNumber})` : ""}`);
  });
  page.on("pageerror", (e) => w.pageErrors.push(e.stack ?? e.message));
  return w;
}

/** Texts of Framework's error cells (a cell that threw shows one). */
export function errorCells(page: Page): Promise<string[]> {
  return page.locator(".observablehq--error").allInnerTexts();
}

/** The visible text of the page's main column. */
export function mainText(page: Page): Promise<string> {
  return page.locator("#observablehq-main").innerText();
}

/** The SQL console's last result: rows returned and milliseconds taken, from #query-status's data attributes. */
export async function queryStatus(page: Page): Promise<{rows: number; ms: number}> {
  const status = page.locator("#query-status");
  const [rows, ms] = await Promise.all([status.getAttribute("data-rows"), status.getAttribute("data-ms")]);
  if (rows === null || ms === null || !Number.isFinite(Number(rows)) || !Number.isFinite(Number(ms))) {
    throw new Error(`#query-status should carry data-rows and data-ms as numbers; it has data-rows=${rows}, data-ms=${ms}: ${await status.evaluate((e) => e.outerHTML)}`);
  }
  return {rows: Number(rows), ms: Number(ms)};
}

/** A new page of `browser` at the page `path` of a served build (base URL ending in "/"), once it is ready. */
export async function openSitePage(browser: Browser, base: string, path: string, viewport = {width: 1280, height: 900}): Promise<Page> {
  const page = await browser.newPage({viewport});
  await page.goto(`${base}${path}`);
  await waitReady(page, PAGES.find((p) => p.path === path)!);
  return page;
}
