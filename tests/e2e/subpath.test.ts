/**
 * The site published under a sub-path (/sna/), as an intranet host often does: every page renders, every request
 * and every navigation link stays under /sna/, DuckDB-WASM loads, and nothing answers 404.
 */
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {errorCells, launchChromium, PAGES, queryStatus, waitReady, watch} from "./lib/browser.ts";
import {baseUrl} from "./lib/context.ts";

const SUB = "/sna/";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(PAGES)("$name under /sna/", (sitePage) => {
  test("renders with every request under /sna/ and no 404", async () => {
    const base = baseUrl("plymouthSub");
    expect(new URL(base).pathname).toBe(SUB);
    const context = await browser.newContext();
    const w = await watch(context);
    const page = await context.newPage();
    const response = await page.goto(`${base}${sitePage.path}`);
    expect(response?.status()).toBe(200);
    await waitReady(page, sitePage);
    expect(await errorCells(page)).toEqual([]);
    expect(w.failed).toEqual([]);
    expect(w.foreign).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    const http = w.requests.filter((u) => u.startsWith("http"));
    expect(http.filter((u) => !new URL(u).pathname.startsWith(SUB))).toEqual([]);

    // Links within the site (sidebar, pager, in-text) resolve under /sna/.
    const origin = new URL(base).origin;
    const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const internal = links.filter((href) => href.startsWith(origin));
    expect(internal.length).toBeGreaterThan(3);
    expect(internal.filter((href) => !new URL(href).pathname.startsWith(SUB))).toEqual([]);
    await context.close();
  });
});

test("following the sidebar from the Overview to Explore stays under /sna/ and DuckDB runs the first query", async () => {
  const base = baseUrl("plymouthSub");
  const context = await browser.newContext();
  const w = await watch(context);
  const page = await context.newPage();
  await page.goto(base);
  await waitReady(page, PAGES[0]!);
  await page.locator("#observablehq-sidebar a", {hasText: "Explore"}).click();
  await page.waitForURL(/\/sna\/explore$/);
  const explore = PAGES.find((p) => p.path === "explore")!;
  await waitReady(page, explore);
  expect((await queryStatus(page)).rows).toBeGreaterThan(0);
  // The Overview prefetches the engine and Explore loads it (Playwright's routing turns the HTTP cache off, so both
  // reach the server): every request for it stays under the sub-path.
  const wasm = w.requests.filter((u) => u.endsWith(".wasm"));
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.every((u) => new URL(u).pathname.startsWith(SUB))).toBe(true);
  expect(w.failed).toEqual([]);
  expect(w.consoleErrors).toEqual([]);
  await context.close();
});

test("/sna without the slash redirects to /sna/, and paths outside /sna/ are not served", async () => {
  const base = new URL(baseUrl("plymouthSub"));
  const bare = await fetch(`${base.origin}/sna`, {redirect: "manual"});
  expect(bare.status).toBe(301);
  expect(bare.headers.get("location")).toBe(SUB);
  expect((await fetch(`${base.origin}/explore`)).status).toBe(404);
});
