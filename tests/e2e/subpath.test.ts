/**
 * The site published under a sub-path (/sna/), as an intranet host often does: following the sidebar stays under
 * /sna/ and DuckDB-WASM loads from there; the bare path redirects. Every page under /sna/ (every request and link
 * under it, nothing answering 404) is checked in security-headers.test.ts, which serves the build the same way.
 */
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {PAGES, queryStatus, waitReady, watch} from "./lib/browser.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";
import {baseUrl} from "./lib/context.ts";

const SUB = "/sna/";

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
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
  // The Overview prefetches the engine and Explore loads it (from the server or from the HTTP cache: the request is
  // seen either way): every request for it stays under the sub-path.
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
