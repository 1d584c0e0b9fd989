/**
 * One Chromium for a test file, started before its tests; the contexts they open are closed with it afterwards.
 * (A vitest-only module: the bench imports browser.ts, which must not pull in vitest's hooks.)
 */
import type {Browser, BrowserContext} from "playwright-core";
import {afterAll, beforeAll} from "vitest";
import {launchChromium} from "./browser.ts";

export interface SharedChromium {
  browser: Browser;
  /** Contexts to close after the file's tests. */
  contexts: BrowserContext[];
}

export function sharedChromium(): SharedChromium {
  const shared = {contexts: []} as unknown as SharedChromium; // browser is set before the first test runs
  beforeAll(async () => {
    shared.browser = await launchChromium();
  });
  afterAll(async () => {
    await Promise.all(shared.contexts.map((c) => c.close()));
    await shared.browser?.close();
  });
  return shared;
}
