/**
 * Offline by construction: the production builds ran in a network namespace with loopback only and succeeded, and
 * nothing in the built sites names a host the browser would have to reach; the test browser itself cannot reach one, and runs with the switches it is given.
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, test} from "vitest";
import {listFiles} from "../../loaders/lib/files.ts";
import {findOutsideReferences} from "../../scripts/lib/offline-audit.ts";
import {logTail} from "./lib/build.ts";
import {baseUrl, site} from "./lib/context.ts";
import {NO_OMNIBOX_POPUP, PLAYWRIGHT_DISABLED_FEATURES, watch} from "./lib/browser.ts";
import {testBrowser} from "./lib/shared-chromium.ts";

/** Hosts a Framework site reaches for when something is not self-hosted: never acceptable, not even in a link. */
const FORBIDDEN = ["cdn.jsdelivr.net", "registry.npmjs.org"];
const COMPRESSED = /\.(br|gz)$/;

describe.each(["plymouth", "surrey"] as const)("%s build", (which) => {
  const record = () => site().builds[which];

  test("ran with no network but loopback, and succeeded", () => {
    const r = record();
    expect(r.offlineUnavailable, `the build could not be isolated from the network, so it ran online and proves nothing: ${r.offlineUnavailable}`).toBeNull();
    expect(r.offline).toBe(true);
    expect(r.ok, `the offline build failed (exit ${r.exitCode}); last lines of ${r.log}:\n${logTail(r)}`).toBe(true);
  });

  test("no file of the built site names an outside host", () => {
    const r = record();
    expect(r.ok, `no site to audit: the ${r.name} build failed`).toBe(true);
    const outside = findOutsideReferences(r.dist);
    expect(outside.map((o) => `${o.file}: ${o.url}`)).toEqual([]);
  });

  test(`${FORBIDDEN.join(" and ")} appear nowhere in the built site`, () => {
    const r = record();
    expect(r.ok, `no site to audit: the ${r.name} build failed`).toBe(true);
    const files = listFiles(r.dist).filter((f) => !COMPRESSED.test(f));
    expect(files.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const file of files) {
      // latin1 reads any byte sequence, so binary files (wasm, arrow) are searched too.
      const text = readFileSync(join(r.dist, file), "latin1");
      for (const host of FORBIDDEN) if (text.includes(host)) hits.push(`${file}: ${host}`);
    }
    expect(hits).toEqual([]);
  });
});

test("the test browser reaches no host but loopback: a name or an address elsewhere fails in Chromium and is recorded", async () => {
  const browser = await testBrowser();
  const context = await browser.newContext();
  try {
    const w = await watch(context);
    const page = await context.newPage();
    // Navigations, which no page's Content-Security-Policy stops: only the browser's proxy (OFFLINE_ARGS) does.
    const outside = ["http://example.com/x.js", "http://10.1.2.3/y.csv", "https://93.184.216.34/z.wasm"];
    for (const url of outside) expect(await page.goto(url).then(() => "reached", (e: Error) => e.message)).toMatch(/net::ERR_PROXY_CONNECTION_FAILED/);
    expect(w.foreign).toEqual(outside);
    // The site itself still loads from 127.0.0.1 (in a new tab: the last one shows Chromium's error page).
    await (await context.newPage()).goto(baseUrl("plymouth"));
    expect(w.requests.filter((u) => new URL(u).hostname === "127.0.0.1").length).toBeGreaterThan(5);
  } finally {
    await context.close();
  }
});

test("the test browser keeps Playwright's disabled features (Chromium honours the last --disable-features only) and builds no omnibox popup", async () => {
  const browser = await testBrowser();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto("chrome://version");
    const switches = (await page.locator("#command_line").innerText()).split(/\s+/).filter((a) => a.startsWith("--disable-features="));
    const names = (s: string) => s.slice("--disable-features=".length).split(",");
    const last = new Set(names(switches.at(-1)!));
    // Every name in an earlier switch (Playwright's own, after an upgrade too) is in the one Chromium applies.
    expect(switches.slice(0, -1).flatMap(names).filter((n) => !last.has(n))).toEqual([]);
    expect([...last]).toEqual(expect.arrayContaining([...PLAYWRIGHT_DISABLED_FEATURES, ...NO_OMNIBOX_POPUP]));
    // The browser's own targets: the page alone, no chrome://omnibox-popup renderers beside it.
    const cdp = await browser.newBrowserCDPSession();
    const {targetInfos} = await cdp.send("Target.getTargets");
    expect(targetInfos.filter((t) => t.url.includes("omnibox"))).toEqual([]);
  } finally {
    await context.close();
  }
});
