/**
 * Browser figures on a built site, in headless Chromium: ready time of each page (cold: a new context with an empty
 * cache; warm: a reload in the same context), bytes transferred, and the in-browser time of the SQL console's
 * aggregation. Bytes are counted where they leave the server: the sum of bytesWritten over every socket, so requests
 * from DuckDB's web worker count too and responses served from the browser's cache do not.
 */
import type {Server} from "node:http";
import type {Socket} from "node:net";
import type {Browser, Page} from "playwright-core";
import {listFiles} from "../../loaders/lib/files.ts";
import {duckdbFiles, WHEN_IDLE_MARKER} from "../../scripts/lib/duckdb-early-start.ts";
import {AUTOMATION_CONTENT_SECURITY_POLICY, serve} from "../../scripts/serve.ts";
import {launchChromium, PAGES, queryStatus, waitReady, type SitePage} from "../../tests/e2e/lib/browser.ts";
import {median} from "./figures.ts";

export interface CountingServer {
  url: string;
  /** Bytes written to every connection so far (headers and bodies, as sent: brotli or gzip where the file has one). */
  bytes(): number;
  /** Content-Encoding of each response so far, counted. */
  encodings: Map<string, number>;
  close(): Promise<void>;
}

export async function countingServer(dir: string, contentSecurityPolicy = AUTOMATION_CONTENT_SECURITY_POLICY): Promise<CountingServer> {
  const server: Server = await serve({dir, port: 0, base: "/", contentSecurityPolicy});
  const open = new Set<Socket>();
  let closed = 0;
  const encodings = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => {
      closed += socket.bytesWritten;
      open.delete(socket);
    });
  });
  server.on("request", (_req, res) => {
    res.on("finish", () => {
      const e = String(res.getHeader("content-encoding") ?? "identity");
      encodings.set(e, (encodings.get(e) ?? 0) + 1);
    });
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the bench server has no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    bytes: () => closed + [...open].reduce((s, socket) => s + socket.bytesWritten, 0),
    encodings,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    })
  };
}

/** Navigates and waits for the page to be ready and the network quiet; returns the page's clock at ready (ms). */
async function visit(page: Page, url: string, sitePage: SitePage, how: "goto" | "reload"): Promise<number> {
  if (how === "goto") await page.goto(url);
  else await page.reload();
  const ms = await waitReady(page, sitePage);
  await page.waitForLoadState("networkidle");
  return ms;
}

export interface ReadyTimes {
  page: SitePage;
  coldMs: number;
  warmMs: number;
  coldRuns: number[];
  warmRuns: number[];
}

/** Ready time of every page, median of `runs` cold visits and `runs` warm reloads. */
export async function readyTimes(server: CountingServer, runs = 3): Promise<ReadyTimes[]> {
  const browser = await launchChromium();
  try {
    const out: ReadyTimes[] = [];
    for (const sitePage of PAGES) {
      const coldRuns: number[] = [];
      const warmRuns: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({viewport: {width: 1280, height: 900}});
        const page = await context.newPage();
        coldRuns.push(await visit(page, `${server.url}${sitePage.path}`, sitePage, "goto"));
        warmRuns.push(await visit(page, `${server.url}${sitePage.path}`, sitePage, "reload"));
        await context.close();
      }
      out.push({page: sitePage, coldMs: median(coldRuns), warmMs: median(warmRuns), coldRuns, warmRuns});
    }
    return out;
  } finally {
    await browser.close();
  }
}

export interface Transfer {
  /** Bytes of a first visit to each page (a fresh context each time). */
  firstVisit: {page: SitePage; bytes: number}[];
  /** Bytes of each further page, visited in order after the Overview in one context. */
  furtherPages: {page: SitePage; bytes: number}[];
}

async function measure(server: CountingServer, step: () => Promise<unknown>): Promise<number> {
  const before = server.bytes();
  await step();
  return server.bytes() - before;
}

/**
 * A chapter asks for the engine only once it has drawn and gone quiet (scripts/lib/duckdb-early-start.ts
 * `duckdbWhenIdleScript`), possibly after the network has looked idle: wait until the engine has come (or come from
 * the browser's cache), so that a first visit's bytes include it, as a reader's first visit does.
 */
async function engineAsked(page: Page): Promise<void> {
  if (!(await page.locator(`script[${WHEN_IDLE_MARKER}]`).count())) return;
  await page.waitForFunction(`performance.getEntriesByType("resource").some((e) => /duckdb-eh\\.wasm$/.test(e.name) && e.responseEnd > 0)`, undefined, {polling: 100, timeout: 60_000});
  await page.waitForLoadState("networkidle");
}

/** Opens a page as a reader's visit does, the engine's prefetch included. */
async function visitWithEngine(page: Page, url: string, sitePage: SitePage): Promise<void> {
  await visit(page, url, sitePage, "goto");
  await engineAsked(page);
}

export async function transfer(server: CountingServer): Promise<Transfer> {
  const browser = await launchChromium();
  try {
    const firstVisit: Transfer["firstVisit"] = [];
    for (const sitePage of PAGES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      firstVisit.push({page: sitePage, bytes: await measure(server, () => visitWithEngine(page, `${server.url}${sitePage.path}`, sitePage))});
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const [first, ...rest] = PAGES;
    await visitWithEngine(page, `${server.url}${first!.path}`, first!);
    const furtherPages: Transfer["furtherPages"] = [];
    for (const sitePage of rest) furtherPages.push({page: sitePage, bytes: await measure(server, () => visitWithEngine(page, `${server.url}${sitePage.path}`, sitePage))});
    await context.close();
    return {firstVisit, furtherPages};
  } finally {
    await browser.close();
  }
}

export const AGGREGATION_SQL = "SELECT lsoa21_code, month, crime_type, count(*) AS n FROM crimes GROUP BY ALL";

export interface BrowserQuery {
  medianMs: number;
  runs: number[];
  /** Rows of the result (null when the page's status line does not say). */
  groups: number | null;
}

/** Types a query into the console and runs it; resolves with the new #query-status. */
async function runQuery(page: Page, sql: string): Promise<{rows: number | null; ms: number}> {
  await page.evaluate(`document.querySelectorAll("#query-status, [role=alert]").forEach((e) => e.setAttribute("data-old", ""))`);
  await page.locator("textarea").fill(sql);
  await page.getByRole("button", {name: "Run"}).click();
  const fresh = page.locator("#query-status:not([data-old]), [role=alert]:not([data-old])").first();
  await fresh.waitFor({timeout: 60_000});
  if ((await fresh.getAttribute("role")) === "alert") throw new Error(`the console rejected ${JSON.stringify(sql)}: ${await fresh.innerText()}`);
  // data-ms is what the bench needs; a status line without data-rows is the test suite's concern, not a reason to stop.
  return queryStatus(page).catch(async () => {
    const ms = Number(await page.locator("#query-status").getAttribute("data-ms"));
    if (!Number.isFinite(ms)) throw new Error("#query-status has no data-ms: the console no longer reports its timing");
    return {rows: null, ms};
  });
}

/** The aggregation in the SQL console, `runs` times after one warm-up; data-ms of each run. */
export async function browserQuery(server: CountingServer, runs = 5): Promise<BrowserQuery> {
  const browser: Browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const explore = PAGES.find((p) => p.path === "explore")!;
    await visit(page, `${server.url}${explore.path}`, explore, "goto");
    // A different comment each time makes each run a new query text (the console runs on each submitted value).
    let groups = (await runQuery(page, `${AGGREGATION_SQL} -- warm-up`)).rows;
    const times: number[] = [];
    for (let i = 1; i <= runs; i++) {
      const r = await runQuery(page, `${AGGREGATION_SQL} -- run ${i}`);
      groups = r.rows;
      times.push(r.ms);
    }
    return {medianMs: median(times), runs: times, groups};
  } finally {
    await browser.close();
  }
}

export interface EngineStart {
  medianMs: number;
  runs: number[];
  /** Medians of each phase, ms, from the worker's own resource timing and the page's clock. */
  phases: {workerUp: number; fetch: number; afterLastByte: number; open: number; compileAlone: number};
}

/**
 * DuckDB-WASM's own start on a page that does nothing else: creating the worker, fetching and compiling the engine
 * and opening a database, as the SQL console does. The floor under the console's ready time (no target: it is the
 * engine's, not ours). Each run in a new context (empty cache), on a same-origin page with nothing in it.
 * Where the time goes, from the worker's own resource timing of the engine's download (on the page's clock):
 * - workerUp: the worker created until it asks for the engine (its 0.76 MB script loaded and run);
 * - fetch: the engine's download, first request to last byte (compiled as it streams in when served as application/wasm);
 * - afterLastByte: the last byte until instantiate() resolves (the rest of the compile, instantiation, the engine's start-up);
 * - open: db.open();
 * - compileAlone: WebAssembly.compile() of the same bytes on the page's thread, once they are in memory.
 */
export async function engineStart(server: CountingServer, dist: string, runs = 3): Promise<EngineStart> {
  const {module, worker, wasm} = duckdbFiles(listFiles(dist));
  if (!module || !worker || !wasm) throw new Error(`no DuckDB-WASM module, worker or engine in ${dist}: is it a build of this site?`);
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    const phases: Record<keyof EngineStart["phases"], number[]> = {workerUp: [], fetch: [], afterLastByte: [], open: [], compileAlone: []};
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}bench-empty-page`); // the server's plain "Not found": same origin, nothing else
      // A string, not a function: the page must not see the bundler's helpers.
      const t = (await page.evaluate(`(async () => {
        const duckdb = await import(${JSON.stringify(server.url + module)});
        const started = performance.now();
        // The worker from its same-origin URL, as the site creates it: the Content-Security-Policy allows no blob: worker.
        const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(${JSON.stringify(server.url + worker)}));
        // A worker that cannot start fails silently: give up after a minute instead of waiting for ever.
        const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error("DuckDB-WASM did not start within 60 s (a blocked worker?)")), 60000));
        await Promise.race([db.instantiate(${JSON.stringify(server.url + wasm)}), timeout]);
        const instantiated = performance.now();
        await db.open({});
        const opened = performance.now();
        return {started, instantiated, opened, origin: performance.timeOrigin};
      })()`)) as {started: number; instantiated: number; opened: number; origin: number};
      const w = page.workers()[0];
      if (!w) throw new Error("DuckDB's worker is not visible to the bench");
      const timing = (await w.evaluate(`({origin: performance.timeOrigin, wasm: performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).map((e) => ({start: e.startTime, end: e.responseEnd}))[0] ?? null})`)) as {origin: number; wasm: {start: number; end: number} | null};
      if (!timing.wasm) throw new Error("the worker's resource timing has no entry for the engine");
      const onPage = (ms: number) => timing.origin - t.origin + ms;
      const compileAlone = Number(await page.evaluate(`(async () => {
        const bytes = await (await fetch(${JSON.stringify(server.url + wasm)})).arrayBuffer();
        const started = performance.now();
        await WebAssembly.compile(bytes);
        return performance.now() - started;
      })()`));
      times.push(t.opened - t.started);
      phases.workerUp.push(onPage(timing.wasm.start) - t.started);
      phases.fetch.push(timing.wasm.end - timing.wasm.start);
      phases.afterLastByte.push(t.instantiated - onPage(timing.wasm.end));
      phases.open.push(t.opened - t.instantiated);
      phases.compileAlone.push(compileAlone);
      await context.close();
    }
    const m = (k: keyof EngineStart["phases"]) => median(phases[k]);
    return {medianMs: median(times), runs: times, phases: {workerUp: m("workerUp"), fetch: m("fetch"), afterLastByte: m("afterLastByte"), open: m("open"), compileAlone: m("compileAlone")}};
  } finally {
    await browser.close();
  }
}
