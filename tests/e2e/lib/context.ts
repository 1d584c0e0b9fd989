/** What the global setup hands to the tests (vitest provide/inject), and the helpers to read it. */
import {inject} from "vitest";
import {logTail, type BuildRecord} from "./build.ts";

export interface E2eSite {
  builds: {plymouth: BuildRecord; surrey: BuildRecord; published: BuildRecord};
  /** Base URLs ending in "/", or null when that build failed. */
  urls: {plymouth: string | null; plymouthSub: string | null; surrey: string | null; published: string | null};
}

declare module "vitest" {
  export interface ProvidedContext {
    site: E2eSite;
  }
}

export const site = (): E2eSite => inject("site");

/** The base URL of a served build; throws with the build's log tail when that build failed. */
export function baseUrl(which: keyof E2eSite["urls"]): string {
  const s = site();
  const url = s.urls[which];
  if (url) return url;
  const record = which === "plymouthSub" ? s.builds.plymouth : s.builds[which];
  throw new Error(`The ${record.name} build failed (exit ${record.exitCode}), so there is nothing to test. Last lines of ${record.log}:\n${logTail(record)}`);
}
