/**
 * `npm run refresh` filling gaps, against the replay server on 127.0.0.1 answering the recorded real crimes-street-dates
 * response byte for byte (2017-09..2020-08 served; crime-last-updated 2020-08-01) and real police.uk crimes: the
 * Devon & Cornwall street files of 2018-11 and 2019-01 from data/snapshot turned into the API's JSON (REPLAY.md).
 * No recorded polygon or no-location response exists, so the crimes are derived from those real files, as in
 * refresh.test.ts. Each test works in a temporary snapshot holding the real 2018-10, 2018-12 and 2019-02 files.
 */
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {PassThrough} from "node:stream";
import {gunzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import {afterAll, afterEach, beforeAll, describe, expect, it} from "vitest";
import {monthRange} from "../../components/format/month.ts";
import {loadConfig, PROJECT_ROOT} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {openDuckDB} from "../../loaders/duckdb.ts";
import {createCentroids, createLsoa11To21} from "../../loaders/ons/lookups.ts";
import {createProgress} from "../../loaders/policeuk/api/progress.ts";
import {API_REFRESH_NOTES} from "../../loaders/policeuk/api/refresh-api.ts";
import {ingestStreetFiles} from "../../loaders/policeuk/ingest-street.ts";
import {listStreetFiles} from "../../loaders/policeuk/street-files.ts";
import {parseRefreshArgs, refresh, type RefreshOptions} from "../../loaders/refresh.ts";
import {readManifest, writeManifest} from "../../loaders/snapshot/manifest.ts";
import {apiCrimesFromStreetCsv, startReplayServer, type ReplayServer} from "../helpers/replay-server.ts";

const SNAPSHOT = join(PROJECT_ROOT, "data/snapshot");
const FORCE = "devon-and-cornwall";
const streetFile = (month: string) => `policeuk/street/${FORCE}/${month}-${FORCE}-street.csv.gz`;
const realCsv = (month: string) => gunzipSync(readFileSync(join(SNAPSHOT, streetFile(month)))).toString("utf-8");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const HELD = ["2018-10", "2018-12", "2019-02"];
const GAPS = ["2018-11", "2019-01"];
const realManifest = readManifest(join(SNAPSHOT, "manifest.json"));

let config: SnaConfig;
const temps: string[] = [];
let server: ReplayServer | undefined;

beforeAll(async () => {
  config = await loadConfig(join(PROJECT_ROOT, "sna.config.ts"));
  expect(config.forces.map((f) => f.id)).toEqual([FORCE]);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => {
  for (const t of temps) rmSync(t, {recursive: true, force: true});
});

/** A snapshot with Plymouth's LSOA boundaries and the given real street files, with their real manifest entries. */
function tempSnapshot(months: readonly string[] = HELD): string {
  const dir = mkdtempSync(join(tmpdir(), "sna-refresh-gaps-"));
  temps.push(dir);
  const rels = ["ons/boundaries/lsoa21/E06000026.geojson.gz", ...months.map(streetFile)];
  for (const rel of rels) {
    mkdirSync(join(dir, rel, ".."), {recursive: true});
    cpSync(join(SNAPSHOT, rel), join(dir, rel));
  }
  writeManifest({description: "SNA Workbench data snapshot (test copy)", files: realManifest.files.filter((f) => rels.includes(f.path))}, join(dir, "manifest.json"));
  return dir;
}

/** Every file under `dir` with its sha256; `skipStage` leaves out a killed refresh's staging folder. */
function tree(dir: string, skipStage = false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (skipStage && name.startsWith(".refresh-staging-")) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha256(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** The replay server: the recorded crimes-street-dates (default), real crimes for the two gap months. */
async function gapServer(): Promise<ReplayServer> {
  const crimes = new Map<string, ReturnType<typeof apiCrimesFromStreetCsv>["located"]>();
  const noLocation = new Map<string, ReturnType<typeof apiCrimesFromStreetCsv>["noLocation"]>();
  for (const [i, month] of GAPS.entries()) {
    const {located, noLocation: none} = apiCrimesFromStreetCsv(realCsv(month), (i + 1) * 1_000_000);
    crimes.set(month, located);
    noLocation.set(`${FORCE}|${month}`, none);
  }
  server = await startReplayServer({crimes, noLocation});
  return server;
}

function captureProgress() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf-8")));
  return {progress: createProgress(stream), text: () => text};
}

const options = (s: ReplayServer, snapshotDir: string): RefreshOptions => ({config, snapshotDir, baseUrl: s.baseUrl, minRetryDelayMs: 5, retries: 2, timeoutMs: 10_000, today: "2026-02-03"});
const crimeRequests = (s: ReplayServer) => s.log.filter((r) => r.path.startsWith("/crimes-street/") || r.path === "/crimes-no-location");

describe("gap filling", () => {
  it("--months fills the gaps inside the range, prints the plan first, and records the months in the manifest", async () => {
    const s = await gapServer();
    const dir = tempSnapshot();
    const before = tree(dir);
    const out = captureProgress();
    const result = await refresh({...options(s, dir), months: "2018-10..2019-02", progress: out.progress});
    if (result.kind !== "api") throw new Error("expected the API path");
    const {plan, written} = result.report;

    expect(plan.served).toEqual(monthRange("2017-09", "2020-08"));
    expect(plan.forces[0]).toMatchObject({held: HELD, months: GAPS, notServed: []});
    // The estimate (one polygon and one no-location request per month) is what was asked: no polygon was split.
    expect(plan.requests).toBe(4);
    expect(crimeRequests(s).map((r) => `${r.path} ${r.params.get("date")} ${r.status}`)).toEqual([
      "/crimes-street/all-crime 2018-11 200",
      "/crimes-no-location 2018-11 200",
      "/crimes-street/all-crime 2019-01 200",
      "/crimes-no-location 2019-01 200"
    ]);
    const text = out.text();
    expect(text).toContain("serves street-level crime for 2017-09..2020-08 (36 months), up to 2020-08.");
    expect(text).toContain(`${FORCE}: snapshot has 2018-10, 2018-12, 2019-02 (3 months); to fetch: 2018-11, 2019-01 (2 months)`);
    expect(text).toContain("Plan: 2 force-months, at least 4 requests");
    expect(text.indexOf("Plan: 2 force-months")).toBeLessThan(text.indexOf("Fetching from police.uk (4 steps)"));

    expect(written.map((e) => e.path)).toEqual(GAPS.map(streetFile));
    const manifest = readManifest(join(dir, "manifest.json"));
    expect(manifest.files.map((f) => f.path).filter((p) => p.startsWith("policeuk/"))).toEqual(monthRange("2018-10", "2019-02").map(streetFile));
    for (const entry of realManifest.files.filter((f) => HELD.map(streetFile).includes(f.path))) expect(manifest.files).toContainEqual(entry);
    for (const month of GAPS) {
      const bytes = readFileSync(join(dir, streetFile(month)));
      expect(manifest.files.find((f) => f.period === month)).toMatchObject({source: "policeuk", retrieved: "2026-02-03", notes: API_REFRESH_NOTES, sha256: sha256(bytes), bytes: bytes.length});
      const rows = csvParse(gunzipSync(bytes).toString("utf-8"));
      expect(rows.every((r) => r.Month === month)).toBe(true);
      // police.uk's own 2018 file names Plymouth's LSOAs (2011 codes); the refresh places crimes in 2021 LSOAs: the
      // same crimes to within the few coastal snap points outside the generalised boundaries.
      const real = csvParse(realCsv(month));
      const realPlymouth = real.filter((r) => r["LSOA name"]!.startsWith("Plymouth ") && r.Longitude).length;
      const located = rows.filter((r) => r.Longitude).length;
      expect(located / realPlymouth).toBeGreaterThan(0.99);
      expect(located).toBeLessThanOrEqual(realPlymouth);
      expect(rows.length - located).toBe(real.filter((r) => !r.Longitude).length);
    }
    // The months held are untouched; nothing is left of the stage.
    const after = tree(dir);
    for (const month of HELD) expect(after[streetFile(month)]).toBe(before[streetFile(month)]);
    expect(readdirSync(dir).filter((n) => n.startsWith(".refresh-staging-"))).toEqual([]);

    // The prepare step's ingest reads the filled snapshot: five consecutive months, no gap.
    // (The ONS lookups it joins to come from data/snapshot, as in hostile-snapshot.test.ts.)
    const conn = await openDuckDB();
    await createLsoa11To21(conn);
    await createCentroids(conn);
    const report = await ingestStreetFiles(conn, listStreetFiles(join(dir, "policeuk/street"), [FORCE]), {forceNames: {[FORCE]: [config.forces[0]!.name]}});
    expect(report.missingMonths[FORCE]).toEqual([]);
    expect(report.files.map((f) => f.month)).toEqual(monthRange("2018-10", "2019-02"));

    // A second run has no gap left in the range.
    const again = await refresh({...options(s, dir), months: "2018-10..2019-02", progress: captureProgress().progress});
    expect(again.kind === "api" && again.report.written).toEqual([]);
    expect(tree(dir)).toEqual(after);
  });

  it("by default plans every served month the snapshot lacks and names the gaps the API does not serve", async () => {
    const s = await gapServer();
    // The real snapshot's months: 2018-10..2019-02, 2024-01..2024-04 and 2025.
    const held = [...monthRange("2018-10", "2019-02"), ...monthRange("2024-01", "2024-04"), ...monthRange("2025-01", "2025-12")];
    const dir = tempSnapshot(held);
    const before = tree(dir);
    const out = captureProgress();
    const result = await refresh({...options(s, dir), dryRun: true, progress: out.progress});
    if (result.kind !== "api") throw new Error("expected the API path");
    const f = result.report.plan.forces[0]!;
    expect(f.months).toEqual([...monthRange("2017-09", "2018-09"), ...monthRange("2019-03", "2020-08")]);
    expect(f.notServed).toEqual([...monthRange("2020-09", "2023-12"), ...monthRange("2024-05", "2024-12")]);
    expect(out.text()).toContain(`${FORCE}: snapshot has 2018-10..2019-02, 2024-01..2024-04, 2025-01..2025-12 (21 months); to fetch: 2017-09..2018-09, 2019-03..2020-08 (31 months)`);
    expect(out.text()).toContain(
      "  not served by the API (missing from the snapshot): 2020-09..2023-12, 2024-05..2024-12 (48 months); to fill them, download the archive from data.police.uk (https://data.police.uk/data/archive/), unzip it and import it with --from-folder."
    );
    expect(out.text()).toContain("Plan: 31 force-months, at least 62 requests");
    expect(out.text()).toContain("Dry run: nothing fetched or written.");
    expect(s.log.map((r) => r.path).sort()).toEqual(["/crime-last-updated", "/crimes-street-dates"]);
    expect(tree(dir)).toEqual(before);
  });

  it("refuses --months beyond the served range before fetching any crime, listing the served range", async () => {
    const s = await gapServer();
    const dir = tempSnapshot();
    const before = tree(dir);
    await expect(refresh({...options(s, dir), months: "2020-01..2021-06", progress: captureProgress().progress})).rejects.toThrow(
      "--months 2020-01..2021-06 asks for months police.uk's API does not serve: 2020-09..2021-06 (10 months). The API serves 2017-09..2020-08 (36 months) (its crimes-street-dates list)."
    );
    // --until alone: from the API's first month.
    await expect(refresh({...options(s, dir), until: "2021-03", progress: captureProgress().progress})).rejects.toThrow(
      /^--since\/--until 2017-09\.\.2021-03 asks for months police\.uk's API does not serve: 2020-09\.\.2021-03 \(7 months\)/
    );
    expect(crimeRequests(s)).toEqual([]);
    expect(tree(dir)).toEqual(before);
  });

  it("checks the syntax and order of --months on the command line, before any request", () => {
    expect(parseRefreshArgs(["--months", "2023-01..2024-12"], {}).months).toBe("2023-01..2024-12");
    expect(() => parseRefreshArgs(["--months", "2024-12..2023-01"], {})).toThrow("ends before it starts: write the earlier month first (2023-01..2024-12)");
    expect(() => parseRefreshArgs(["--months", "2023-1..2024-12"], {})).toThrow(/"2023-1" is not a month; write it YYYY-MM\.\.YYYY-MM/);
    expect(() => parseRefreshArgs(["--months", "2023-01..2024-12", "--since", "2023-01"], {})).toThrow(/either --months or --since\/--until, not both/);
    expect(() => parseRefreshArgs(["--from-folder", "/tmp/x", "--months", "2023-01..2024-12"], {})).toThrow(/--from-folder imports every month folder it finds/);
  });
});

describe("interrupted", () => {
  it("a refresh killed mid-way leaves the snapshot and manifest untouched; the next run clears its stage and fills the gaps", async () => {
    const s = await gapServer();
    // 2018-11 is fetched and staged; 2019-01's no-location request never gets an answer, and the process is killed there.
    s.inject("/crimes-no-location", [{kind: "hang"}], {date: "2019-01"});
    const dir = tempSnapshot();
    const before = tree(dir);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "SNA_CONFIG"));
    const child = spawn(process.execPath, ["--import", "tsx", "loaders/refresh.ts", "--months", "2018-10..2019-02", "--base-url", s.baseUrl], {
      cwd: PROJECT_ROOT,
      env: {...env, SNA_SNAPSHOT_DIR: dir},
      stdio: "ignore"
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_code, signal) => done(signal)));
    const deadline = Date.now() + 60_000;
    while (!s.log.some((r) => r.path === "/crimes-no-location" && r.status === "hang")) {
      if (Date.now() > deadline) throw new Error("the refresh never reached 2019-01");
      await new Promise((r) => setTimeout(r, 50));
    }
    // Mid-way for real: 2018-11 sits in the stage, not in the snapshot.
    const stage = readdirSync(dir).filter((n) => n.startsWith(`.refresh-staging-${child.pid}-`));
    expect(stage).toHaveLength(1);
    expect(readdirSync(join(dir, stage[0]!))).toHaveLength(1);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(tree(dir, true)).toEqual(before);
    expect(existsSync(join(dir, streetFile("2018-11")))).toBe(false);

    const result = await refresh({...options(s, dir), months: "2018-10..2019-02", progress: captureProgress().progress});
    expect(result.kind === "api" && result.report.written.map((e) => e.period)).toEqual(GAPS);
    expect(readdirSync(dir).filter((n) => n.startsWith(".refresh-staging-"))).toEqual([]);
  }, 90_000);
});
