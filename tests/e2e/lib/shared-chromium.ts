/**
 * One Chromium for the whole browser-test run: the e2e files run one after another in one fork that keeps its loaded
 * modules (vitest.e2e.config.ts), so the browser started for the first file serves them all, instead of a launch and
 * a close per file. A file takes it with testBrowser() and hands it back with releaseBrowser(), which closes every
 * context the file left open (and their pages) but not the browser; Playwright ends the browser with the fork.
 * (A vitest-only module: the bench imports browser.ts, which must not pull in vitest's hooks.)
 */
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll} from "vitest";
import {launchChromium} from "./browser.ts";

let running: Promise<Browser> | null = null;

/** The run's browser, started on first use (and again if it has crashed or been closed). */
export function testBrowser(): Promise<Browser> {
  running ??= launchChromium().then((browser) => {
    browser.on("disconnected", () => (running = null));
    return browser;
  });
  return running;
}

/** Closes the contexts a file opened (files run one at a time, so every open context is the file's). */
export async function releaseBrowser(browser: Browser | undefined): Promise<void> {
  if (browser?.isConnected()) await Promise.all(browser.contexts().map((c) => c.close()));
}

export interface SharedChromium {
  browser: Browser;
  /** Contexts to close after the file's tests. */
  contexts: BrowserContext[];
}

/** The run's browser for a file's tests, with its contexts closed after them. */
export function sharedChromium(): SharedChromium {
  const shared = {contexts: []} as unknown as SharedChromium; // browser is set before the first test runs
  beforeAll(async () => {
    shared.browser = await testBrowser();
  });
  afterAll(async () => {
    await Promise.all(shared.contexts.map((c) => c.close()));
    await releaseBrowser(shared.browser);
  });
  return shared;
}
