/**
 * The Fingertips refresh (needs the internet): checks the indicator set against the API's metadata, downloads
 * each indicator per area type (retries, per-indicator cache, last good copy), maps area codes to current ones,
 * and writes data/snapshot/fingertips/values/api_<id>_<areatype>.csv.gz with manifest entries. An indicator that
 * fails keeps its previous snapshot file; the others are written.
 *
 *   npx tsx loaders/fingertips/refresh.ts [--base-url https://fingertips.phe.org.uk/api/] [--snapshot data/snapshot] [--cache .cache/fingertips]
 */
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {SOURCE_NAMES} from "../../components/constants.js";
import {readManifest, upsertEntries, writeManifest, type ManifestEntry} from "../snapshot/manifest.ts";
import {mapAreaCode} from "./area-codes.ts";
import {loadIndicators, type IndicatorLoadResult} from "./cache.ts";
import {ClassicFingertipsClient, DEFAULT_BASE_URL} from "./client.ts";
import {FingertipsError} from "./errors.ts";
import {checkIndicatorSet, formatIndicatorChecks, type IndicatorCheck, type IndicatorSet} from "./indicator-set.ts";
import {loadConfig} from "../config/load-config.ts";
import {cipfaPath, refreshCipfaNeighbours} from "./neighbours.ts";
import {FINGERTIPS_SUBDIR, readAreaCodeMap, summarise, VALUES_SUBDIR, writeValuesFile} from "./snapshot.ts";
import type {SnapshotValue} from "./schemas.ts";
import type {IndicatorDataRequest, IndicatorSource} from "./source.ts";

export interface RefreshOptions {
  source: IndicatorSource;
  set: IndicatorSet;
  /** The partnership's area: its CIPFA nearest neighbours are refreshed too. */
  area?: {code: string; kind: string};
  snapshotDir: string;
  cacheDir: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface RefreshReport {
  checks: IndicatorCheck[];
  results: IndicatorLoadResult[];
  /** Snapshot files written (fresh downloads only). */
  written: string[];
  /** Problems that did not stop an indicator (e.g. area codes no lookup knows). */
  issues: FingertipsError[];
}

export function requestsFor(set: IndicatorSet): IndicatorDataRequest[] {
  return set.flatMap((e) => e.areaTypeIds.map((childAreaTypeId) => ({indicatorId: e.id, childAreaTypeId, parentAreaTypeId: e.parentAreaTypeId})));
}

export async function refreshFingertips(opts: RefreshOptions): Promise<RefreshReport> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  let checks: IndicatorCheck[] = [];
  try {
    checks = await checkIndicatorSet(opts.set, opts.source);
    for (const line of formatIndicatorChecks(checks)) log(`check: ${line}`);
  } catch (e) {
    log(`check: indicator metadata could not be read, ids not checked: ${(e as Error).message}`);
  }
  const codes = readAreaCodeMap(opts.snapshotDir);
  const results = await loadIndicators(opts.source, requestsFor(opts.set), {
    cacheDir: opts.cacheDir,
    now,
    onResult: (r) => log(r.status === "fresh" ? `ok: indicator ${r.request.indicatorId} area type ${r.request.childAreaTypeId}: ${r.data.values.length} values` : `${r.status}: ${r.error.message}`)
  });
  const written: string[] = [];
  const issues: FingertipsError[] = [];
  const entries: ManifestEntry[] = [];
  const manifestPath = join(opts.snapshotDir, "manifest.json");
  for (const r of results) {
    // Stale and failed indicators keep their previous snapshot file: that is the last good copy.
    if (r.status !== "fresh") continue;
    const unknown = new Set<string>();
    const records: SnapshotValue[] = [...r.data.values, ...r.data.breakdowns].map((v) => {
      const m = mapAreaCode(v.areaCode, codes);
      if (m.status === "unmatched") unknown.add(v.areaCode);
      return {...v, areaCodeCurrent: m.currentCode, areaCodeStatus: m.status, sourceFile: r.data.url, note: null};
    });
    if (unknown.size > 0) {
      const issue = new FingertipsError(`area code(s) ${[...unknown].join(", ")} are in no ONS lookup; their values are kept under the published code`, {
        kind: "area-code", indicatorId: r.request.indicatorId, column: "Area Code", url: r.data.url,
        fix: "Add the new codes' lookup to the ONS lookups and rerun scripts/import-fingertips-snapshot.ts, then the refresh."
      });
      issues.push(issue);
      log(`warning: ${issue.message}`);
    }
    const rel = `${FINGERTIPS_SUBDIR}/${VALUES_SUBDIR}/api_${r.request.indicatorId}_${r.request.childAreaTypeId}.csv.gz`;
    const {sha256, bytes} = writeValuesFile(join(opts.snapshotDir, rel), records);
    const periods = summarise(records)[0]?.periods ?? [];
    entries.push({
      path: rel, source: "fingertips",
      title: `Fingertips indicator ${r.request.indicatorId}: ${records[0]?.indicatorName ?? ""} (area type ${r.request.childAreaTypeId})`,
      publisher: SOURCE_NAMES.fingertipsPublisher, licence: "Open Government Licence v3.0",
      origin: r.data.url, period: periods.length > 1 ? `${periods[0]} to ${periods[periods.length - 1]}` : (periods[0] ?? "no values"),
      retrieved: r.retrieved.slice(0, 10), sha256, bytes,
      notes: r.data.duplicatesRemoved > 0 ? `${r.data.duplicatesRemoved} duplicate rows removed` : undefined
    });
    written.push(rel);
  }
  if (entries.length > 0) writeManifest(upsertEntries(readManifest(manifestPath), entries), manifestPath);
  if (opts.area) {
    try {
      const nn = await refreshCipfaNeighbours(opts.source, opts.area, opts.snapshotDir, now().toISOString().slice(0, 10));
      written.push(cipfaPath(opts.area.code));
      log(`ok: ${nn.neighbours.length} CIPFA nearest neighbours of ${opts.area.code}`);
    } catch (e) {
      log(`warning: CIPFA nearest neighbours not refreshed, the previous list (if any) is kept: ${(e as Error).message}`);
    }
  }
  return {checks, results, written, issues};
}

if (process.argv[1]?.endsWith("fingertips/refresh.ts")) {
  const {values} = parseArgs({options: {"base-url": {type: "string"}, snapshot: {type: "string"}, cache: {type: "string"}}});
  const root = resolve(import.meta.dirname, "../..");
  const source = new ClassicFingertipsClient({baseUrl: values["base-url"] ?? DEFAULT_BASE_URL, onRetry: (m) => console.log(`  retry: ${m}`)});
  // The configured partnership's indicator set and area (SNA_CONFIG, default sna.config.ts).
  const config = await loadConfig();
  refreshFingertips({
    source,
    set: config.indicators,
    area: config.area,
    snapshotDir: resolve(values.snapshot ?? join(root, "data/snapshot")),
    cacheDir: resolve(values.cache ?? join(root, ".cache/fingertips")),
    log: (l) => console.log(l)
  }).then((r) => {
    const failed = r.results.filter((x) => x.status !== "fresh");
    console.log(`${r.written.length} written, ${failed.length} kept from the last good copy or missing`);
    if (failed.length > 0) process.exitCode = 1;
  }).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
