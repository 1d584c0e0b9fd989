/**
 * Per-indicator cache with "last good copy" semantics: a fresh download replaces the cached copy only after it
 * has parsed and validated; a failed download leaves the cached copy in place and returns it, marked stale,
 * with the error. One failing indicator never stops the others.
 */
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {z} from "zod";
import {FingertipsError} from "./errors.ts";
import {indicatorValueSchema} from "./schemas.ts";
import type {IndicatorData, IndicatorDataRequest, IndicatorSource} from "./source.ts";

const cachedSchema = z.object({
  retrieved: z.string(),
  sourceId: z.string(),
  url: z.string(),
  request: z.object({indicatorId: z.number().int(), childAreaTypeId: z.number().int(), parentAreaTypeId: z.number().int()}),
  values: z.array(indicatorValueSchema),
  breakdowns: z.array(indicatorValueSchema),
  duplicatesRemoved: z.number().int().nonnegative()
});

export type IndicatorLoadResult =
  | {status: "fresh"; request: IndicatorDataRequest; data: IndicatorData; retrieved: string}
  | {status: "stale"; request: IndicatorDataRequest; data: IndicatorData; retrieved: string; error: FingertipsError}
  | {status: "failed"; request: IndicatorDataRequest; error: FingertipsError};

export function cachePath(cacheDir: string, sourceId: string, r: IndicatorDataRequest): string {
  return join(cacheDir, sourceId, `${r.indicatorId}-${r.childAreaTypeId}-${r.parentAreaTypeId}.json`);
}

/** The cached copy, or null if there is none or it is unreadable (an unreadable copy is not "good"). */
export function readCached(path: string): {data: IndicatorData; retrieved: string} | null {
  if (!existsSync(path)) return null;
  const parsed = cachedSchema.safeParse(JSON.parse(readFileSync(path, "utf-8")));
  if (!parsed.success) return null;
  const {retrieved, url, request, values, breakdowns, duplicatesRemoved} = parsed.data;
  return {retrieved, data: {request, url, values, breakdowns, duplicatesRemoved}};
}

function writeCached(path: string, sourceId: string, data: IndicatorData, retrieved: string): void {
  mkdirSync(join(path, ".."), {recursive: true});
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify({retrieved, sourceId, ...data}));
  renameSync(tmp, path);
}

const asFingertipsError = (e: unknown, r: IndicatorDataRequest): FingertipsError =>
  e instanceof FingertipsError
    ? e
    : new FingertipsError(String(e instanceof Error ? e.message : e), {kind: "http", indicatorId: r.indicatorId, fix: "Run the refresh again; report the error if it persists."});

/** Loads each request in turn (the API is slow; one call at a time is polite), keeping the last good copy. */
export async function loadIndicators(
  source: IndicatorSource,
  requests: IndicatorDataRequest[],
  opts: {cacheDir: string; now?: () => Date; onResult?: (r: IndicatorLoadResult) => void}
): Promise<IndicatorLoadResult[]> {
  const results: IndicatorLoadResult[] = [];
  for (const request of requests) {
    const path = cachePath(opts.cacheDir, source.id, request);
    let result: IndicatorLoadResult;
    try {
      const data = await source.indicatorData(request);
      const retrieved = (opts.now?.() ?? new Date()).toISOString();
      writeCached(path, source.id, data, retrieved);
      result = {status: "fresh", request, data, retrieved};
    } catch (e) {
      const error = asFingertipsError(e, request);
      const cached = readCached(path);
      result = cached ? {status: "stale", request, error, ...cached} : {status: "failed", request, error};
    }
    opts.onResult?.(result);
    results.push(result);
  }
  return results;
}
