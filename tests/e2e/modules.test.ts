/**
 * A chapter loads d3 and Plot as one module each (scripts/lib/whole-node-packages.ts), not d3's 30 packages and Plot's
 * three small dependencies as modules of their own, which queued ahead of the chapter's code on a first visit; and the
 * charts built from them draw.
 */
import {existsSync, readdirSync} from "node:fs";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, expect, test} from "vitest";
import {nodeEntry} from "../../scripts/lib/whole-node-packages.ts";
import {errorCells, PAGES, waitReady, watch} from "./lib/browser.ts";
import {baseUrl, site} from "./lib/context.ts";
import {releaseBrowser, testBrowser} from "./lib/shared-chromium.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await testBrowser();
});
afterAll(async () => {
  await releaseBrowser(browser);
});

/** "<name>@<version>" of an installed package, as Framework names its folder in `_node`. */
const folder = (name: string): string => nodeEntry(name).replace(/\/index\.js$/, "");
const D3 = [folder("d3-format"), folder("d3")].sort();

/** Framework's node_modules entries a list of URLs asked for, as "<name>@<version>". */
const nodeModules = (urls: string[]): string[] => urls.flatMap((u) => /\/_node\/((?:@[^/]+\/)?[^/]+@[^/]+)\//.exec(new URL(u).pathname)?.[1] ?? []).sort();

test.each(["plymouth", "surrey"] as const)("%s: the Violence profile asks for d3 and Plot as one module each, and draws its charts", async (which) => {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const w = await watch(context);
    const page = await context.newPage();
    const violence = PAGES.find((p) => p.path === "violence-profile")!;
    await page.goto(`${baseUrl(which)}${violence.path}`);
    await waitReady(page, violence);
    expect(await errorCells(page)).toEqual([]);
    expect(await page.locator("figure.sna-figure .sna-figure__chart svg").count()).toBeGreaterThan(3);
    const asked = nodeModules(w.requests);
    // d3-format: the site's number formats import it on their own (components/format/number.ts).
    expect(asked.filter((m) => /^d3(?:-|@)/.test(m))).toEqual(D3);
    expect(asked.filter((m) => /^(?:interval-tree-1d|binary-search-bounds|isoformat)@/.test(m))).toEqual([]);
    expect(asked).toContain(folder("@observablehq/plot"));
  } finally {
    await context.close();
  }
});

test("no build ships d3's packages as modules of their own", () => {
  for (const which of ["plymouth", "surrey"] as const) {
    const node = join(site().builds[which].dist, "_node");
    expect(existsSync(node)).toBe(true);
    expect(readdirSync(node).filter((d) => /^d3(?:-|@)/.test(d)).sort()).toEqual(D3);
  }
});
