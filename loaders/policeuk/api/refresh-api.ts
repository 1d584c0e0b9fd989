/**
 * The API path of `npm run refresh`: for each force of the partnership, the months police.uk's API serves that the
 * snapshot lacks (gaps as well as new months; gaps.ts decides); for each such month the crimes inside each district's
 * outline (by polygon) plus the force's crimes without a location, placed in their LSOA by point-in-polygon and written
 * as a police.uk street CSV.
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import {SOURCE_NAMES} from "../../../components/constants.js";
import type {SnaConfig} from "../../config/schema.ts";
import type {ManifestEntry} from "../../snapshot/manifest.ts";
import {ALL_CRIME} from "./categories.ts";
import type {PoliceUkClient} from "./client.ts";
import {districtOutline, loadDistrictLsoas, LsoaLocator, type LsoaBoundary} from "./lsoa-boundaries.ts";
import type {Ring} from "./polygon.ts";
import type {Progress} from "./progress.ts";
import type {ApiCrime} from "./schemas.ts";
import {ARCHIVE_ADVICE, assertRangeServed, describeMonths, estimateRequests, findGaps, parseMonthRange, servedMonths, type MonthSpan} from "./gaps.ts";
import {assertMonth, snapshotMonths, streetRelPath} from "./snapshot-months.ts";
import {SnapshotStage} from "./staging.ts";
import {formatStreetCsv, streetRow} from "./street-csv.ts";

type Force = SnaConfig["forces"][number];

export const API_REFRESH_NOTES = "API refresh: partnership districts only";
export const PFA_LOOKUP = "ons/lookups/geographr_lookup_ltla24_csp24_pfa24.csv";

export interface ApiRefreshOptions {
  config: SnaConfig;
  snapshotDir: string;
  client: PoliceUkClient;
  progress: Progress;
  /** Months to consider, "YYYY-MM..YYYY-MM" (default: every month the API serves). */
  months?: string;
  /** First month to consider (default: the API's first); --months sets both ends at once. */
  since?: string;
  /** Last month to consider (default: the API's last, up to crime-last-updated). */
  until?: string;
  /** Plan only: list what would be fetched, write nothing. */
  dryRun?: boolean;
  /** Retrieval date for the manifest (default today, UTC). */
  today?: string;
}

export interface ApiRefreshPlan {
  /** police.uk's latest month (crime-last-updated). */
  lastUpdated: string;
  /** Months the API serves (crimes-street-dates up to crime-last-updated), ascending. */
  served: string[];
  /** The range asked for (--months, --since, --until), if any. */
  range: MonthSpan | undefined;
  /**
   * Per force: the months the snapshot holds, its latest, the months to fetch (ascending), and the missing months the
   * API does not serve (the archive has them).
   */
  forces: {force: Force; held: string[]; latest: string | undefined; months: string[]; notServed: string[]}[];
  districts: {code: string; name: string; force: string}[];
  /** Requests the fetch needs at least (more when a busy polygon is split). */
  requests: number;
}

export interface ForceMonthReport {
  force: string;
  month: string;
  status: "written" | "not-published" | "empty";
  rows: number;
  noLocation: number;
  /** Crimes inside a district outline that fell in no LSOA of the area. */
  outsideArea: number;
  /** Crimes recorded by British Transport Police (they belong in btp files, not the force's). */
  btp: number;
  requests: number;
  splits: number;
  entry?: ManifestEntry;
}

export interface ApiRefreshReport {
  plan: ApiRefreshPlan;
  months: ForceMonthReport[];
  written: ManifestEntry[];
}

/** Works out which months to fetch for each force (every served month it lacks, or those of the range asked for). */
export async function planApiRefresh(opts: ApiRefreshOptions): Promise<ApiRefreshPlan> {
  const {config, snapshotDir, client} = opts;
  const asked = requestedRange(opts); // checked before any request
  const lastUpdated = (await client.crimeLastUpdated()).date.slice(0, 7);
  const served = servedMonths((await client.crimesStreetDates()).map((d) => d.date), lastUpdated);
  if (!served.length) throw new Error(`${client.urlFor("crimes-street-dates")} lists no month up to ${lastUpdated} (crime-last-updated): police.uk serves nothing to fetch; try again later.`);
  const range = asked && closeRange(asked, served);
  const holdings = config.forces.map((force) => ({force: force.id, held: snapshotMonths(snapshotDir, force.id)}));
  const empty = holdings.find((h) => !h.held.length);
  if (empty && !range) {
    throw new Error(
      `The snapshot has no street files for ${empty.force} (${join(snapshotDir, "policeuk", "street", empty.force)}), so there are no gaps to fill. ` +
        `Say which months to fetch with --months YYYY-MM..YYYY-MM (the API serves ${describeMonths(served)}), or import a police.uk download with --from-folder.`
    );
  }
  // Never overwrite a month already in the snapshot: findGaps only returns months a force lacks.
  const gaps = findGaps(served, holdings, range);
  if (range) assertRangeServed(range, gaps, served, asked.what);
  const byDistrict = districtForces(config, snapshotDir);
  const districts = config.districts.map((d) => ({code: d.code, name: d.name, force: byDistrict.get(d.code)!.id}));
  const perForce = new Map(config.forces.map((f) => [f.id, districts.filter((d) => d.force === f.id).length]));
  const forces = config.forces.map((force, i) => {
    const g = gaps[i]!;
    return {force, held: g.held, latest: g.held.at(-1), months: g.fetch, notServed: g.notServed};
  });
  return {lastUpdated, served, range, forces, districts, requests: estimateRequests(gaps, perForce)};
}

/** The range of --months, or of --since/--until (either end open), checked; undefined when none was given. */
function requestedRange(opts: ApiRefreshOptions): {start?: string; end?: string; what: string} | undefined {
  if (opts.months !== undefined) {
    if (opts.since !== undefined || opts.until !== undefined) throw new Error("Give either --months or --since/--until, not both: --months YYYY-MM..YYYY-MM sets both ends.");
    return {...parseMonthRange(opts.months), what: "--months"};
  }
  if (opts.since === undefined && opts.until === undefined) return undefined;
  const start = opts.since === undefined ? undefined : assertMonth(opts.since, "--since");
  const end = opts.until === undefined ? undefined : assertMonth(opts.until, "--until");
  if (start && end && start > end) throw new Error(`--since ${start} is after --until ${end}: write the earlier month in --since.`);
  return {start, end, what: "--since/--until"};
}

/**
 * An open end of --since/--until is the API's first or last month; when the given end lies beyond it, the range is
 * that one month, so the check that follows names it as not served.
 */
function closeRange(asked: {start?: string; end?: string}, served: readonly string[]): MonthSpan {
  const [first, last] = [served[0]!, served.at(-1)!];
  if (asked.start && asked.end) return {start: asked.start, end: asked.end};
  if (asked.start) return {start: asked.start, end: asked.start > last ? asked.start : last};
  return {start: asked.end! < first ? asked.end! : first, end: asked.end!};
}

/** Plans, then (unless dry run) fetches, stages and commits every new force-month, all or nothing. */
export async function runApiRefresh(opts: ApiRefreshOptions): Promise<ApiRefreshReport> {
  const {progress} = opts;
  const plan = await planApiRefresh(opts);
  describePlan(plan, opts, progress);
  const months = [...new Set(plan.forces.flatMap((f) => f.months))].sort();
  if (opts.dryRun || months.length === 0) return {plan, months: [], written: []};

  const lsoas = opts.config.districts.flatMap((d) => loadDistrictLsoas(opts.snapshotDir, d.code));
  const locator = new LsoaLocator(lsoas);
  const outlines = new Map(opts.config.districts.map((d) => [d.code, districtOutline(lsoas.filter((l) => l.district === d.code))]));
  const stage = new SnapshotStage(opts.snapshotDir);
  try {
    const reports: ForceMonthReport[] = [];
    const steps = months.reduce((n, m) => n + stepsFor(plan, m), 0);
    progress.start(steps, "Fetching from police.uk");
    for (const month of months) reports.push(...(await refreshMonth(month, plan, outlines, locator, stage, opts)));
    progress.stop();
    const written = stage.entries.length ? stage.commit() : [];
    for (const r of reports) progress.log(summaryLine(r));
    return {plan, months: reports, written};
  } finally {
    stage.discard();
    progress.stop();
  }
}

function stepsFor(plan: ApiRefreshPlan, month: string): number {
  const forces = plan.forces.filter((f) => f.months.includes(month)).map((f) => f.force.id);
  return plan.districts.filter((d) => forces.includes(d.force)).length + forces.length;
}

async function refreshMonth(
  month: string,
  plan: ApiRefreshPlan,
  outlines: Map<string, Ring>,
  locator: LsoaLocator,
  stage: SnapshotStage,
  opts: ApiRefreshOptions
): Promise<ForceMonthReport[]> {
  const {client, progress} = opts;
  const forces = plan.forces.filter((f) => f.months.includes(month)).map((f) => f.force);
  const districtForce = new Map(plan.districts.map((d) => [d.code, d.force]));
  const crimes = new Map<number, ApiCrime>();
  const notPublished = new Set<string>();
  const tally = new Map(forces.map((f) => [f.id, {requests: 0, splits: 0}]));

  for (const district of plan.districts.filter((d) => forces.some((f) => f.id === d.force))) {
    const result = await client.crimesStreetByPolygon({polygon: outlines.get(district.code)!, month, category: ALL_CRIME});
    progress.tick(`${month} ${district.name}: ${result.status === "published" ? `${result.data.crimes.length} crimes` : "not published yet"}`);
    if (result.status === "not-published") {
      notPublished.add(district.force);
      continue;
    }
    for (const c of result.data.crimes) crimes.set(c.id, c);
    const t = tally.get(district.force)!;
    t.requests += result.data.pieces + result.data.splits;
    t.splits += result.data.splits;
  }

  const placed = placeCrimes([...crimes.values()], locator, districtForce);
  const reports: ForceMonthReport[] = [];
  for (const force of forces) {
    const base = {force: force.id, month, outsideArea: placed.outsideArea, btp: placed.btp, ...tally.get(force.id)!};
    if (notPublished.has(force.id)) {
      progress.tick(`${month} ${force.id}: skipped (not published)`);
      reports.push({...base, status: "not-published", rows: 0, noLocation: 0});
      continue;
    }
    const noLoc = await client.crimesNoLocation({force: force.id, month, category: ALL_CRIME});
    progress.tick(`${month} ${force.id} without location: ${noLoc.status === "published" ? noLoc.data.length : "not published yet"}`);
    if (noLoc.status === "not-published") {
      reports.push({...base, status: "not-published", rows: 0, noLocation: 0});
      continue;
    }
    const located = placed.byForce.get(force.id) ?? [];
    const rows = [
      ...located.map(({crime, lsoa}) => streetRow(crime, force.name, {lsoaCode: lsoa.code, lsoaName: lsoa.name})),
      ...noLoc.data.sort((a, b) => a.id - b.id).map((c) => streetRow(c, force.name, undefined))
    ];
    if (rows.length === 0) {
      // An empty month is a gap, never a zero: write nothing and say so.
      reports.push({...base, status: "empty", rows: 0, noLocation: 0});
      continue;
    }
    const entry = stage.add(streetRelPath(force.id, month), gzipSync(formatStreetCsv(rows), {level: 9}), {
      source: "policeuk",
      title: `${SOURCE_NAMES.policeUkStreet}, ${force.name}, ${month} (API, partnership districts)`,
      publisher: SOURCE_NAMES.policeUkPublisher,
      licence: "Open Government Licence v3.0",
      origin: `${client.urlFor(`crimes-street/${ALL_CRIME}`)} (poly=outline of each district, date=${month}); ${client.urlFor("crimes-no-location", {category: ALL_CRIME, force: force.id, date: month})}`,
      period: month,
      retrieved: opts.today ?? new Date().toISOString().slice(0, 10),
      notes: API_REFRESH_NOTES
    });
    reports.push({...base, status: "written", rows: rows.length, noLocation: noLoc.data.length, entry});
  }
  return reports;
}

/** Places each located "Force" crime in its LSOA; counts those outside the area and those recorded by BTP. */
export function placeCrimes(
  crimes: ApiCrime[],
  locator: LsoaLocator,
  districtForce: Map<string, string>
): {byForce: Map<string, {crime: ApiCrime; lsoa: LsoaBoundary}[]>; outsideArea: number; btp: number} {
  const byForce = new Map<string, {crime: ApiCrime; lsoa: LsoaBoundary}[]>();
  let outsideArea = 0;
  let btp = 0;
  for (const crime of [...crimes].sort((a, b) => a.id - b.id)) {
    if (crime.location_type === "BTP") {
      btp++;
      continue;
    }
    const loc = crime.location;
    const lsoa = loc ? locator.locate(Number(loc.longitude), Number(loc.latitude)) : undefined;
    if (!lsoa) {
      outsideArea++;
      continue;
    }
    const force = districtForce.get(lsoa.district)!;
    if (!byForce.has(force)) byForce.set(force, []);
    byForce.get(force)!.push({crime, lsoa});
  }
  return {byForce, outsideArea, btp};
}

/**
 * Which configured force covers each district. With one force, all of them; with several, the ONS LTLA → police force
 * area lookup in the snapshot decides (the API does not say which force recorded a crime).
 */
export function districtForces(config: SnaConfig, snapshotDir: string): Map<string, Force> {
  if (config.forces.length === 1) return new Map(config.districts.map((d) => [d.code, config.forces[0]!]));
  const path = join(snapshotDir, ...PFA_LOOKUP.split("/"));
  if (!existsSync(path)) throw new Error(`${path} not found: with several forces configured, the refresh needs the LTLA → police force area lookup to know which force covers each district.`);
  const pfaOf = new Map(csvParse(readFileSync(path, "utf-8")).map((r) => [r.ltla24_code ?? "", r.pfa24_code ?? ""]));
  return new Map(
    config.districts.map((d) => {
      const force = config.forces.find((f) => f.pfaCode === pfaOf.get(d.code));
      if (!force) {
        throw new Error(
          `District ${d.code} (${d.name}) is in police force area ${pfaOf.get(d.code) ?? "(not in the lookup)"} per ${path}, which matches no configured force's pfaCode (${config.forces.map((f) => `${f.id} ${f.pfaCode}`).join(", ")}). Fix forces in the configuration.`
        );
      }
      return [d.code, force];
    })
  );
}

/** The plan, printed before any crime is fetched. */
function describePlan(plan: ApiRefreshPlan, opts: ApiRefreshOptions, progress: Progress): void {
  progress.log(`police.uk (${opts.client.baseUrl}) serves street-level crime for ${describeMonths(plan.served)}, up to ${plan.lastUpdated}.`);
  if (plan.range) progress.log(`Months asked for: ${plan.range.start}..${plan.range.end}.`);
  for (const f of plan.forces) {
    progress.log(`${f.force.id}: snapshot has ${describeMonths(f.held)}; to fetch: ${f.months.length ? describeMonths(f.months) : "nothing new"}`);
    if (f.notServed.length) progress.log(`  not served by the API (missing from the snapshot): ${describeMonths(f.notServed)}; to fill them, ${ARCHIVE_ADVICE}.`);
  }
  const fetching = plan.forces.some((f) => f.months.length);
  if (!fetching) return;
  for (const d of plan.districts) progress.log(`  district ${d.code} ${d.name} (${d.force}): crimes by outline polygon, all categories`);
  const rate = opts.client.requestsPerSecond;
  progress.log(
    `Plan: ${plan.forces.reduce((n, f) => n + f.months.length, 0)} force-months, at least ${plan.requests} requests ` +
      `(one per district and one for the crimes without location, per force and month; a polygon with over 10,000 crimes is split in four, adding requests), ` +
      `at most ${rate} a second: ${formatDuration(plan.requests / rate)} or more.`
  );
  if (opts.dryRun) progress.log("Dry run: nothing fetched or written.");
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

function summaryLine(r: ForceMonthReport): string {
  if (r.status === "not-published") return `${r.month} ${r.force}: not published yet by police.uk (a gap; run the refresh again later)`;
  if (r.status === "empty") return `${r.month} ${r.force}: police.uk returned no crimes at all (treated as a gap, nothing written)`;
  return (
    `${r.month} ${r.force}: wrote ${r.rows} rows (${r.noLocation} without location) to ${r.entry?.path}; ` +
    `dropped ${r.outsideArea} crimes outside the area's LSOAs and ${r.btp} recorded by British Transport Police; ${r.requests} polygon requests, ${r.splits} splits`
  );
}
