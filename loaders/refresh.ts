/**
 * `npm run refresh`: brings the police.uk part of the data snapshot up to date. The only command that uses the
 * internet; everything else (build, tests, site) works from data/snapshot/ offline.
 *
 * Usage
 *   npm run refresh                            fetch every month police.uk's API serves that the snapshot lacks (gaps and new months)
 *   npm run refresh -- --months 2023-01..2024-12   only the missing months of that range
 *   npm run refresh -- --dry-run               print the plan (asks police.uk which months it serves; writes nothing)
 *   npm run refresh -- --from-folder <path>    import a police.uk download instead of using the API (no internet needed)
 *
 * What the API refresh does
 *   For the partnership in sna.config.ts (or SNA_CONFIG), per configured force: every month police.uk's API serves
 *   (listed by crimes-street-dates, up to crime-last-updated: about the last 36 months) that has no
 *   data/snapshot/policeuk/street/<force>/YYYY-MM-<force>-street.csv.gz, gaps inside the snapshot as well as months
 *   after its latest. The snapshot's gaps the API does not serve (older months) are listed as "not served by the API",
 *   with the advice to download the archive from data.police.uk (https://data.police.uk/data/archive/: each archive
 *   holds about 36 months, older ones older months) and import it with --from-folder. The plan (months per force, the
 *   requests needed at least and how long they take) is printed before anything is fetched.
 *   For each month: the crimes inside each district's outline (crimes-street/all-crime by polygon; the outline is the
 *   convex hull of the district's LSOA 2021 boundaries, reduced to at most 100 vertices without shrinking, plus ~100 m),
 *   plus the force's crimes with no location (crimes-no-location). Each located crime is
 *   placed in its LSOA by point-in-polygon against data/snapshot/ons/boundaries/lsoa21/<LAD>.geojson.gz; crimes in no
 *   LSOA of the area (the outline reaches beyond it) and crimes recorded by British Transport Police are dropped,
 *   counted and reported. The result is written in the layout of police.uk's own street files (12 columns, gzipped),
 *   with a manifest entry noted "API refresh: partnership districts only": unlike a bulk download it holds only the
 *   partnership's LSOAs (plus the whole force's no-location crimes, as the bulk file does).
 *   Placement accuracy (measured on real police.uk files for Plymouth): the ONS boundaries are generalised, so about 95%
 *   of crimes land in the same LSOA police.uk gives in its bulk file; the rest sit on a boundary street and land in the
 *   LSOA next door (within 15 m of the boundary); about 1 in 1,000 (coastal snap points) falls outside every LSOA and
 *   is dropped with the outside-area count. Comparator areas are not fetched: for API months, a force file holds only
 *   the partnership's LSOAs, which the manifest note says; use --from-folder for whole-force files.
 *   A polygon police.uk refuses with 503 (over 10,000 crimes) is split in four and asked again. A month that answers
 *   404 is "not published yet": reported, skipped, never written as zero; so is a month with no crimes at all.
 *   Months already in the snapshot are never overwritten (delete a file, or use --from-folder, to replace one).
 *   Requests stay under 14 per second, retry with backoff on 429, 5xx, timeouts and network errors.
 *   All or nothing: files are staged in a temporary folder inside the snapshot and moved into place, with the
 *   manifest update, only when every month succeeded; after a failure the snapshot and manifest are unchanged.
 *
 * What --from-folder does
 *   Reads <path>/YYYY-MM/YYYY-MM-<force>-street.csv for each configured force (a custom download from
 *   https://data.police.uk/data/ or the monthly archive, unzipped), checks the exact 12-column header, 12 fields per
 *   row and the Month column, gzips each file unchanged into the snapshot and records it in the manifest. Whole-force
 *   files; an imported month replaces the snapshot's file for that month. All or nothing, as above.
 *
 * Options
 *   --dry-run              print the plan, or list what would be imported; write nothing
 *   --from-folder <path>   import a police.uk download folder instead of calling the API
 *   --months A..B          only months A to B (YYYY-MM..YYYY-MM, both included; or one YYYY-MM). Every month of the range
 *                          the snapshot lacks must be served by the API, else the refresh stops, listing the served range.
 *                          Required for a force with no street files yet.
 *   --since YYYY-MM        first month to consider (default: the API's first); the same as --months with an open end
 *   --until YYYY-MM        last month to consider (default: the API's last, crime-last-updated)
 *   --snapshot-dir <path>  snapshot folder to update (default: env SNA_SNAPSHOT_DIR, else data/snapshot)
 *   --base-url <url>       police.uk API root (default: env SNA_POLICEUK_API, else https://data.police.uk/api/)
 *   --timeout <seconds>    per-request timeout (default 60)
 *   --retries <n>          retries per request on 429, 5xx, timeouts and network errors (default 5)
 *   --help                 print this help
 *   The partnership comes from SNA_CONFIG (default sna.config.ts). Progress is a bar on a terminal, plain lines
 *   otherwise. Exit status 0 on success (including "nothing new"), 1 on any failure, with a message saying what to do.
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {loadConfig} from "./config/load-config.ts";
import type {SnaConfig} from "./config/schema.ts";
import {PoliceUkClient} from "./policeuk/api/client.ts";
import {importFromFolder, type FolderImportReport} from "./policeuk/api/import-folder.ts";
import {parseMonthRange} from "./policeuk/api/gaps.ts";
import {createProgress, type Progress} from "./policeuk/api/progress.ts";
import {runApiRefresh, type ApiRefreshReport} from "./policeuk/api/refresh-api.ts";
import {SNAPSHOT_DIR} from "./snapshot/manifest.ts";

export interface RefreshOptions {
  config: SnaConfig;
  snapshotDir: string;
  baseUrl?: string;
  fromFolder?: string;
  dryRun?: boolean;
  /** "YYYY-MM..YYYY-MM": only the missing months of this range. */
  months?: string;
  since?: string;
  until?: string;
  timeoutMs?: number;
  retries?: number;
  /** Client tuning for tests (backoff delays). */
  minRetryDelayMs?: number;
  progress?: Progress;
  today?: string;
}

export type RefreshResult = {kind: "api"; report: ApiRefreshReport} | {kind: "folder"; report: FolderImportReport};

/** The refresh as a function (the CLI below parses arguments and calls it). */
export async function refresh(opts: RefreshOptions): Promise<RefreshResult> {
  const progress = opts.progress ?? createProgress();
  if (opts.fromFolder) {
    return {kind: "folder", report: await importFromFolder({config: opts.config, snapshotDir: opts.snapshotDir, folder: opts.fromFolder, progress, dryRun: opts.dryRun, today: opts.today})};
  }
  const client = new PoliceUkClient({baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs, retries: opts.retries, minRetryDelayMs: opts.minRetryDelayMs});
  const report = await runApiRefresh({
    config: opts.config,
    snapshotDir: opts.snapshotDir,
    client,
    progress,
    months: opts.months,
    since: opts.since,
    until: opts.until,
    dryRun: opts.dryRun,
    today: opts.today
  });
  return {kind: "api", report};
}

/** Parses the command line (see the header) into options; config is loaded by main(). */
export function parseRefreshArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Omit<RefreshOptions, "config"> & {help: boolean} {
  const {values} = parseArgs({
    args: argv,
    strict: true,
    options: {
      "dry-run": {type: "boolean", default: false},
      "from-folder": {type: "string"},
      months: {type: "string"},
      since: {type: "string"},
      until: {type: "string"},
      "snapshot-dir": {type: "string"},
      "base-url": {type: "string"},
      timeout: {type: "string"},
      retries: {type: "string"},
      help: {type: "boolean", default: false}
    }
  });
  const number = (name: string, raw: string | undefined, min: number, integer: boolean): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      throw new Error(`--${name} "${raw}" must be ${integer ? "a whole number" : "a number"} of at least ${min}; see npm run refresh -- --help`);
    }
    return n;
  };
  const timeout = number("timeout", values.timeout, 1, false);
  if (values["from-folder"] !== undefined && [values.months, values.since, values.until].some((v) => v !== undefined)) {
    throw new Error("--months, --since and --until choose months of the API refresh; --from-folder imports every month folder it finds: leave them out, or move the months you do not want out of the folder.");
  }
  // Syntax and order are checked here, before any request; what the API serves is checked by the plan.
  if (values.months !== undefined) {
    parseMonthRange(values.months);
    if (values.since !== undefined || values.until !== undefined) throw new Error("Give either --months or --since/--until, not both: --months YYYY-MM..YYYY-MM sets both ends.");
  }
  return {
    help: values.help,
    dryRun: values["dry-run"],
    fromFolder: values["from-folder"],
    months: values.months,
    since: values.since,
    until: values.until,
    snapshotDir: resolve(values["snapshot-dir"] ?? env.SNA_SNAPSHOT_DIR ?? SNAPSHOT_DIR),
    baseUrl: values["base-url"] ?? env.SNA_POLICEUK_API,
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    retries: number("retries", values.retries, 0, true)
  };
}

function helpText(): string {
  const source = readFileSync(new URL(import.meta.url), "utf-8");
  const header = source.slice(source.indexOf("/**") + 3, source.indexOf("*/"));
  return header.replace(/^ ?\* ?/gm, "").trim();
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  try {
    const args = parseRefreshArgs(argv);
    if (args.help) {
      process.stdout.write(`${helpText()}\n`);
      return 0;
    }
    const config = await loadConfig();
    await refresh({...args, config});
    return 0;
  } catch (error) {
    process.stderr.write(`\nnpm run refresh failed: ${(error as Error).message}\nThe snapshot and its manifest were left as they were.\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
