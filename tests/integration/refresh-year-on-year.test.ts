/**
 * After `npm run refresh -- --months 2024-05..2024-12` fills the snapshot's 2024 gap, the prepare step compares all
 * twelve months of 2025 with 2024 (today: only Jan-Apr). A copy of data/snapshot is refreshed from the replay server
 * on 127.0.0.1, then prepared.
 *
 * Derived data, said plainly: no police.uk response for 2024-05..2024-12 is recorded, and no real file of those months
 * exists (see /work/shared/data/policeuk/MANIFEST.md). The server answers them with the real Devon & Cornwall crimes of
 * the same calendar month of 2025 (data/snapshot, in the API's JSON as REPLAY.md describes), with Month and outcome
 * month set to 2024 and each Crime ID hashed again (else the ingest rightly refuses the same records in two files).
 * crimes-street-dates has the recorded response's shape and force list, for 2023-01..2025-12.
 */
import {createHash} from "node:crypto";
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {PassThrough} from "node:stream";
import {gunzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {monthRange} from "../../components/format/month.ts";
import {loadConfig, PROJECT_ROOT} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {createProgress} from "../../loaders/policeuk/api/progress.ts";
import type {ApiCrime} from "../../loaders/policeuk/api/schemas.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import {refresh} from "../../loaders/refresh.ts";
import {apiCrimesFromStreetCsv, FIXTURES, startReplayServer, type ReplayServer} from "../helpers/replay-server.ts";

const SNAPSHOT = join(PROJECT_ROOT, "data/snapshot");
const FORCE = "devon-and-cornwall";
const streetFile = (month: string) => `policeuk/street/${FORCE}/${month}-${FORCE}-street.csv.gz`;
const csvOf = (dir: string, month: string) => csvParse(gunzipSync(readFileSync(join(dir, streetFile(month)))).toString("utf-8"));
const FILLED = monthRange("2024-05", "2024-12");

let config: SnaConfig;
let server: ReplayServer;
let tmp: string;

/** The real crimes of the same month of 2025, as the API would give them for `month` of 2024 (see the header). */
function derived(month: string, idBase: number): {located: ApiCrime[]; noLocation: ApiCrime[]} {
  const source = `2025-${month.slice(5)}`;
  const text = gunzipSync(readFileSync(join(SNAPSHOT, streetFile(source)))).toString("utf-8");
  const {located, noLocation} = apiCrimesFromStreetCsv(text, idBase);
  const shift = (c: ApiCrime): ApiCrime => ({
    ...c,
    month,
    outcome_status: c.outcome_status && {...c.outcome_status, date: month},
    persistent_id: c.persistent_id && createHash("sha256").update(`${c.persistent_id}:${month}`).digest("hex")
  });
  return {located: located.map(shift), noLocation: noLocation.map(shift)};
}

beforeAll(async () => {
  config = await loadConfig(join(PROJECT_ROOT, "sna.config.ts"));
  expect(config.forces.map((f) => f.id)).toEqual([FORCE]);
  tmp = mkdtempSync(join(tmpdir(), "sna-refresh-yoy-"));
  const recorded = JSON.parse(readFileSync(join(FIXTURES, "crimes-street-dates__recorded-2020-10.json"), "utf-8")) as {"stop-and-search": string[]}[];
  const forces = recorded[0]!["stop-and-search"];
  const crimes = new Map<string, ApiCrime[]>();
  const noLocation = new Map<string, ApiCrime[]>();
  for (const [i, month] of FILLED.entries()) {
    const d = derived(month, (i + 1) * 1_000_000);
    crimes.set(month, d.located);
    noLocation.set(`${FORCE}|${month}`, d.noLocation);
  }
  server = await startReplayServer({
    crimes,
    noLocation,
    streetDates: monthRange("2023-01", "2025-12")
      .reverse()
      .map((date) => ({date, "stop-and-search": forces}))
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(tmp, {recursive: true, force: true});
});

describe("year-on-year after filling the 2024 gap", () => {
  it("the prepare step compares all twelve months of 2025 with 2024, counting the filled months", async () => {
    const snapshot = join(tmp, "snapshot");
    cpSync(SNAPSHOT, snapshot, {recursive: true, filter: (src) => !/[\\/]\.refresh-staging-/.test(src)});
    const stream = new PassThrough();
    stream.resume();
    const result = await refresh({config, snapshotDir: snapshot, baseUrl: server.baseUrl, months: "2024-05..2024-12", minRetryDelayMs: 5, progress: createProgress(stream), today: "2026-02-03"});
    expect(result.kind === "api" && result.report.written.map((e) => e.period)).toEqual(FILLED);

    const out = join(tmp, "out");
    mkdirSync(out);
    await prepare(config, out, snapshot);
    const p = JSON.parse(readFileSync(join(out, "partnership.json"), "utf-8")) as {
      window: {start: string; end: string; missing: string[]};
      headline: {change: {current: number; previous: number}; monthsCompared: {current: string[]; previous: string[]; notCompared: string[]}};
    };
    expect(p.window).toMatchObject({start: "2025-01", end: "2025-12", missing: []});
    expect(p.headline.monthsCompared).toEqual({current: monthRange("2025-01", "2025-12"), previous: monthRange("2024-01", "2024-12"), notCompared: []});

    // Counted by hand from the files: serious violence in Plymouth's LSOAs (police.uk's own files by LSOA name, the
    // refreshed ones hold only Plymouth's LSOAs, with an LSOA code on every located row).
    const sv = new Set<string>(config.seriousViolence.crimeTypes);
    const bulk = (month: string) => csvOf(SNAPSHOT, month).filter((r) => sv.has(r["Crime type"]!) && r["LSOA name"]!.startsWith("Plymouth ")).length;
    const refreshed = (month: string) => csvOf(snapshot, month).filter((r) => sv.has(r["Crime type"]!) && r["LSOA code"]).length;
    const sum = (months: string[], count: (m: string) => number) => months.reduce((n, m) => n + count(m), 0);
    const previous = sum(monthRange("2024-01", "2024-04"), bulk) + sum(FILLED, refreshed);
    expect(sum(FILLED, refreshed)).toBeGreaterThan(0);
    expect(p.headline.change).toMatchObject({current: sum(monthRange("2025-01", "2025-12"), bulk), previous});
  }, 300_000);
});
