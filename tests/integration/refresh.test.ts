/**
 * `npm run refresh` end to end against the replay server, into a temporary copy of the parts of data/snapshot it needs
 * (never data/snapshot itself): the API path for the Plymouth configuration on real December/November 2025 crimes, a
 * failure half-way that must leave the snapshot byte-identical, the --from-folder import, and the command line.
 */
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {PassThrough} from "node:stream";
import {promisify} from "node:util";
import {gunzipSync} from "node:zlib";
import {csvParse} from "d3-dsv";
import {afterAll, afterEach, beforeAll, describe, expect, it} from "vitest";
import {loadConfig, PROJECT_ROOT} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {loadDistrictLsoas} from "../../loaders/policeuk/api/lsoa-boundaries.ts";
import {createProgress} from "../../loaders/policeuk/api/progress.ts";
import {API_REFRESH_NOTES, districtForces, PFA_LOOKUP} from "../../loaders/policeuk/api/refresh-api.ts";
import {STREET_CSV_HEADER_LINE} from "../../loaders/policeuk/api/street-csv.ts";
import {parseRefreshArgs, refresh, type RefreshOptions} from "../../loaders/refresh.ts";
import {manifestEntrySchema, readManifest, writeManifest} from "../../loaders/snapshot/manifest.ts";
import {apiCrimesFromStreetCsv, FIXTURES, startReplayServer, type ReplayServer} from "../helpers/replay-server.ts";

const SNAPSHOT = join(PROJECT_ROOT, "data/snapshot");
const FORCE = "devon-and-cornwall";
const streetFile = (month: string) => `policeuk/street/${FORCE}/${month}-${FORCE}-street.csv.gz`;
const realCsv = (month: string) => gunzipSync(readFileSync(join(SNAPSHOT, streetFile(month)))).toString("utf-8");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

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

/** A snapshot holding Plymouth's LSOA boundaries and the real 2025-10 street file, with its manifest entry. */
function tempSnapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), "sna-refresh-"));
  temps.push(dir);
  for (const rel of ["ons/boundaries/lsoa21/E06000026.geojson.gz", streetFile("2025-10")]) {
    mkdirSync(join(dir, rel, ".."), {recursive: true});
    cpSync(join(SNAPSHOT, rel), join(dir, rel));
  }
  const bytes = readFileSync(join(dir, streetFile("2025-10")));
  writeManifest(
    {
      description: "SNA Workbench data snapshot (test copy)",
      files: [
        manifestEntrySchema.parse({
          path: streetFile("2025-10"),
          source: "policeuk",
          title: "police.uk street-level crime, Devon & Cornwall Police, 2025-10",
          publisher: "data.police.uk",
          licence: "Open Government Licence v3.0",
          origin: "PriteshParekh/ML-Foundations-Portfolio-Project data/2025-10/2025-10-devon-and-cornwall-street.csv @ d20214fc9263",
          period: "2025-10",
          retrieved: "2026-01-01",
          sha256: sha256(bytes),
          bytes: bytes.length
        })
      ]
    },
    join(dir, "manifest.json")
  );
  return dir;
}

/** Every file under `dir` with its sha256 (to prove a failed run changed nothing). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha256(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * The replay server with real crimes for 2025-11 and 2025-12 (API shape, from the pinned police.uk files),
 * months listed up to 2026-01 (which answers 404: not yet published), and 503 above 1,000 crimes per polygon.
 */
async function plymouthServer(): Promise<ReplayServer> {
  const crimes = new Map<string, ReturnType<typeof apiCrimesFromStreetCsv>["located"]>();
  const noLocation = new Map<string, ReturnType<typeof apiCrimesFromStreetCsv>["noLocation"]>();
  for (const [i, month] of ["2025-11", "2025-12"].entries()) {
    const {located, noLocation: none} = apiCrimesFromStreetCsv(realCsv(month), (i + 1) * 1_000_000);
    crimes.set(month, located);
    noLocation.set(`${FORCE}|${month}`, none);
  }
  // Same shape as the recorded crimes-street-dates response, with its newest entry's force list.
  const recorded = JSON.parse(readFileSync(join(FIXTURES, "crimes-street-dates__recorded-2020-10.json"), "utf-8")) as {"stop-and-search": string[]}[];
  const forces = recorded[0]!["stop-and-search"];
  const streetDates = ["2026-01", "2025-12", "2025-11", "2025-10"].map((date) => ({date, "stop-and-search": forces}));
  server = await startReplayServer({crimes, noLocation, streetDates, lastUpdated: "2026-01-01", tooManyCrimes: 1000});
  return server;
}

function captureProgress() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf-8")));
  return {progress: createProgress(stream), text: () => text};
}

const fast = (s: ReplayServer, snapshotDir: string): RefreshOptions => ({
  config,
  snapshotDir,
  baseUrl: s.baseUrl,
  minRetryDelayMs: 5,
  retries: 2,
  timeoutMs: 10_000,
  today: "2026-02-03"
});

describe("API refresh", () => {
  it("writes the new months as police.uk street CSVs with manifest entries, skipping the unpublished one", async () => {
    const s = await plymouthServer();
    const dir = tempSnapshot();
    const before = tree(dir);
    const out = captureProgress();
    const result = await refresh({...fast(s, dir), progress: out.progress});
    if (result.kind !== "api") throw new Error("expected the API path");
    const {report} = result;

    expect(report.plan.forces[0]!.months).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(report.months.map((m) => `${m.month}:${m.status}`)).toEqual(["2025-11:written", "2025-12:written", "2026-01:not-published"]);
    expect(report.written.map((e) => e.path)).toEqual([streetFile("2025-11"), streetFile("2025-12")]);
    expect(existsSync(join(dir, streetFile("2026-01")))).toBe(false);
    // Plymouth's outline holds over 1,000 crimes a month: police.uk (here, the replay server) said 503 and it was split.
    expect(s.log.some((r) => r.path.startsWith("/crimes-street/") && r.status === 503)).toBe(true);
    expect(report.months[0]!.splits).toBeGreaterThan(0);
    // Nothing left over from staging; the old file is untouched.
    expect(readdirSync(dir).filter((n) => n.startsWith(".refresh-staging-"))).toEqual([]);
    expect(tree(dir)[streetFile("2025-10")]).toBe(before[streetFile("2025-10")]);

    const plymouthCodes = new Set(loadDistrictLsoas(SNAPSHOT, "E06000026").map((l) => l.code));
    expect(plymouthCodes.size).toBe(164);
    for (const month of ["2025-11", "2025-12"]) {
      const bytes = readFileSync(join(dir, streetFile(month)));
      const text = gunzipSync(bytes).toString("utf-8");
      expect(text.split("\n")[0]).toBe(STREET_CSV_HEADER_LINE);
      const rows = csvParse(text);
      expect(rows.every((r) => r.Month === month && r["Reported by"] === "Devon & Cornwall Police" && r["Falls within"] === "Devon & Cornwall Police")).toBe(true);

      const real = csvParse(realCsv(month));
      const realPlymouth = real.filter((r) => r["LSOA name"]!.startsWith("Plymouth ") && r.Longitude);
      const located = rows.filter((r) => r.Longitude);
      // Every located row is in a Plymouth LSOA; the count matches police.uk's own Plymouth rows to within the few
      // coastal snap points outside the generalised boundaries.
      expect(located.filter((r) => !plymouthCodes.has(r["LSOA code"]!) || !r["LSOA name"]!.startsWith("Plymouth "))).toEqual([]);
      expect(located.length / realPlymouth.length).toBeGreaterThan(0.995);
      expect(located.length).toBeLessThanOrEqual(realPlymouth.length);
      // Most rows are identical, byte for byte, to police.uk's own rows (the rest differ only in a neighbouring LSOA).
      const realLines = new Set(realCsv(month).split(/\r?\n/));
      const outLines = text.split("\n").slice(1, 1 + located.length);
      expect(outLines.filter((l) => realLines.has(l)).length / located.length).toBeGreaterThan(0.93);
      // The force's crimes without a location are all there, as in the bulk file.
      expect(rows.filter((r) => r.Location === "No Location" && !r.Longitude && !r["LSOA code"]).length).toBe(real.filter((r) => !r.Longitude).length);
      // ASB has no Crime ID and no outcome; every other row has both.
      expect(rows.filter((r) => r["Crime type"] === "Anti-social behaviour").every((r) => r["Crime ID"] === "" && r["Last outcome category"] === "")).toBe(true);
      expect(rows.filter((r) => r["Crime type"] !== "Anti-social behaviour").every((r) => /^[0-9a-f]{64}$/.test(r["Crime ID"]!))).toBe(true);

      const entry = report.written.find((e) => e.period === month)!;
      expect(entry).toMatchObject({source: "policeuk", retrieved: "2026-02-03", notes: API_REFRESH_NOTES, sha256: sha256(bytes), bytes: bytes.length});
      expect(entry.origin).toContain(`${s.baseUrl}crimes-street/all-crime`);
      expect(entry.origin).toContain(`${s.baseUrl}crimes-no-location?category=all-crime&force=${FORCE}&date=${month}`);
    }

    const manifest = readManifest(join(dir, "manifest.json"));
    expect(manifest.files.map((f) => f.path)).toEqual([streetFile("2025-10"), streetFile("2025-11"), streetFile("2025-12")]);
    expect(manifest.files[0]!.origin).toContain("PriteshParekh");
    expect(manifest.files.slice(1)).toEqual(report.written);

    // The outline reaches beyond Plymouth (across the Tamar, into South Hams): those crimes are dropped and reported.
    expect(report.months[0]!.outsideArea).toBeGreaterThan(0);
    expect(out.text()).toContain(`2025-11 ${FORCE}: wrote ${report.months[0]!.rows} rows`);
    expect(out.text()).toContain(`dropped ${report.months[0]!.outsideArea} crimes outside the area's LSOAs`);
    expect(out.text()).toContain(`2026-01 ${FORCE}: not published yet by police.uk`);

    // A second run has nothing new to fetch (2026-01 still unpublished) and changes nothing.
    const after = tree(dir);
    const again = await refresh({...fast(s, dir), progress: captureProgress().progress});
    expect(again.kind === "api" && again.report.written).toEqual([]);
    expect(tree(dir)).toEqual(after);
  });

  it("leaves the snapshot and manifest byte-identical when a month fails half-way", async () => {
    const s = await plymouthServer();
    // 2025-11 goes through; 2025-12's no-location request answers malformed JSON after its polygons were fetched.
    s.inject("/crimes-no-location", [{kind: "malformed-json"}], {date: "2025-12"});
    const dir = tempSnapshot();
    const before = tree(dir);
    const error = await refresh({...fast(s, dir), progress: captureProgress().progress}).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/crimes-no-location\?category=all-crime&force=devon-and-cornwall&date=2025-12 answered malformed JSON/);
    expect(s.log.some((r) => r.path === "/crimes-no-location" && r.params.get("date") === "2025-11" && r.status === 200)).toBe(true);
    expect(tree(dir)).toEqual(before);
  });

  it("fails with a clear message, writing nothing, when the rate limit never clears", async () => {
    const s = await plymouthServer();
    s.inject("/crimes-street/", Array.from({length: 10}, () => ({kind: "status" as const, status: 429})));
    const dir = tempSnapshot();
    const before = tree(dir);
    const error = await refresh({...fast(s, dir), progress: captureProgress().progress}).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/answered HTTP 429 \(rate limited\).*gave up after 3 attempts/);
    expect(tree(dir)).toEqual(before);
  });

  it("asks for --months when the snapshot has no file for the force", async () => {
    const s = await plymouthServer();
    const dir = tempSnapshot();
    rmSync(join(dir, "policeuk"), {recursive: true});
    await expect(refresh({...fast(s, dir), progress: captureProgress().progress})).rejects.toThrow(
      /no street files for devon-and-cornwall.*--months YYYY-MM\.\.YYYY-MM \(the API serves 2025-10\.\.2026-01 \(4 months\)\)/
    );
    const result = await refresh({...fast(s, dir), since: "2025-12", until: "2025-12", progress: captureProgress().progress});
    expect(result.kind === "api" && result.report.written.map((e) => e.period)).toEqual(["2025-12"]);
  });
});

describe("Surrey: a county of 11 districts", () => {
  it("fetches each district's outline, writes each crime once, and places Surrey's crimes in Surrey LSOAs", async () => {
    const surrey = await loadConfig(join(PROJECT_ROOT, "configs/surrey.ts"));
    const file = (m: string) => `policeuk/street/surrey/${m}-surrey-street.csv.gz`;
    const dir = mkdtempSync(join(tmpdir(), "sna-refresh-surrey-"));
    temps.push(dir);
    for (const rel of [...surrey.districts.map((d) => `ons/boundaries/lsoa21/${d.code}.geojson.gz`), file("2025-11")]) {
      mkdirSync(join(dir, rel, ".."), {recursive: true});
      cpSync(join(SNAPSHOT, rel), join(dir, rel));
    }
    const csv = gunzipSync(readFileSync(join(SNAPSHOT, file("2025-12")))).toString("utf-8");
    const {located, noLocation} = apiCrimesFromStreetCsv(csv);
    server = await startReplayServer({
      crimes: new Map([["2025-12", located]]),
      noLocation: new Map([["surrey|2025-12", noLocation]]),
      streetDates: [{date: "2025-12", "stop-and-search": ["surrey"]}],
      tooManyCrimes: 10_000
    });
    const out0 = captureProgress();
    const result = await refresh({config: surrey, snapshotDir: dir, baseUrl: server.baseUrl, minRetryDelayMs: 5, progress: out0.progress, today: "2026-02-03"});
    if (result.kind !== "api") throw new Error("expected the API path");
    expect(server.log.filter((r) => r.path === "/crimes-street/all-crime")).toHaveLength(11);
    // The districts' outlines overlap: more crimes come back than there are distinct ones.
    const fetched = [...out0.text().matchAll(/2025-12 [^:]+: (\d+) crimes/g)].reduce((n, m) => n + Number(m[1]), 0);
    const report = result.report.months[0]!;
    expect(fetched).toBeGreaterThan(report.rows - report.noLocation + report.outsideArea);

    const rows = csvParse(gunzipSync(readFileSync(join(dir, file("2025-12")))).toString("utf-8"));
    const ids = rows.map((r) => r["Crime ID"]).filter((id) => id);
    expect(new Set(ids).size).toBe(ids.length); // outlines overlap; each crime is still written once
    const surreyCodes = new Set(surrey.districts.flatMap((d) => loadDistrictLsoas(SNAPSHOT, d.code).map((l) => l.code)));
    const realInSurrey = csvParse(csv).filter((r) => surreyCodes.has(r["LSOA code"]!) && r.Longitude);
    const out = rows.filter((r) => r.Longitude);
    expect(out.every((r) => surreyCodes.has(r["LSOA code"]!) && r["Reported by"] === "Surrey Police")).toBe(true);
    expect(out.length / realInSurrey.length).toBeGreaterThan(0.995);
    expect(out.length).toBeLessThanOrEqual(realInSurrey.length);
    expect(rows.length - out.length).toBe(noLocation.length);
  });

  it("maps districts to forces through the LTLA → police force area lookup when several forces are configured", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sna-refresh-pfa-"));
    temps.push(dir);
    mkdirSync(join(dir, PFA_LOOKUP, ".."), {recursive: true});
    cpSync(join(SNAPSHOT, PFA_LOOKUP), join(dir, PFA_LOOKUP));
    const surrey = await loadConfig(join(PROJECT_ROOT, "configs/surrey.ts"));
    const two: SnaConfig = {...config, districts: [...config.districts, surrey.districts[0]!], forces: [...config.forces, surrey.forces[0]!]};
    const map = districtForces(two, dir);
    expect(map.get("E06000026")!.id).toBe(FORCE);
    expect(map.get("E07000207")!.id).toBe("surrey");
    const wrong: SnaConfig = {...two, forces: [two.forces[0]!, {...two.forces[1]!, pfaCode: "E23000099"}]};
    expect(() => districtForces(wrong, dir)).toThrow(/District E07000207 \(Elmbridge\) is in police force area E23000031.*matches no configured force/);
  });
});

describe("--from-folder", () => {
  /** A police.uk download: YYYY-MM/ folders with per-force street files (real files, one CRLF, one LF). */
  function downloadFolder(): string {
    const dir = mkdtempSync(join(tmpdir(), "sna-download-"));
    temps.push(dir);
    for (const month of ["2024-01", "2025-11"]) {
      mkdirSync(join(dir, month));
      writeFileSync(join(dir, month, `${month}-${FORCE}-street.csv`), realCsv(month));
      writeFileSync(join(dir, month, `${month}-${FORCE}-outcomes.csv`), "not imported");
    }
    writeFileSync(join(dir, "2025-11", "2025-11-surrey-street.csv"), gunzipSync(readFileSync(join(SNAPSHOT, "policeuk/street/surrey/2025-11-surrey-street.csv.gz"))));
    return dir;
  }

  it("imports the configured force's street files unchanged (gzipped) with manifest entries", async () => {
    const dir = tempSnapshot();
    const folder = downloadFolder();
    const result = await refresh({config, snapshotDir: dir, fromFolder: folder, progress: captureProgress().progress, today: "2026-02-03"});
    if (result.kind !== "folder") throw new Error("expected the folder path");
    expect(result.report.files.map((f) => `${f.month}:${f.rows}`)).toEqual(["2024-01:10871", "2025-11:11628"]);
    for (const month of ["2024-01", "2025-11"]) {
      const bytes = readFileSync(join(dir, streetFile(month)));
      expect(gunzipSync(bytes).equals(readFileSync(join(folder, month, `${month}-${FORCE}-street.csv`)))).toBe(true);
      const entry = readManifest(join(dir, "manifest.json")).files.find((f) => f.period === month)!;
      expect(entry).toMatchObject({source: "policeuk", sha256: sha256(bytes), bytes: bytes.length, retrieved: "2026-02-03"});
      expect(entry.origin).toContain(`${month}/${month}-${FORCE}-street.csv`);
    }
    expect(existsSync(join(dir, "policeuk/street/surrey"))).toBe(false);
  });

  it("refuses a file with the wrong header, naming it, and changes nothing", async () => {
    const dir = tempSnapshot();
    const folder = downloadFolder();
    const bad = join(folder, "2025-11", `2025-11-${FORCE}-street.csv`);
    writeFileSync(bad, realCsv("2025-11").replace("Crime ID,Month", "Crime ID;Month"));
    const before = tree(dir);
    await expect(refresh({config, snapshotDir: dir, fromFolder: folder, progress: captureProgress().progress})).rejects.toThrow(
      new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: line 1 is not a police.uk street header`)
    );
    expect(tree(dir)).toEqual(before);
  });

  it("refuses a row in the wrong month folder, naming the row", async () => {
    const dir = tempSnapshot();
    const folder = downloadFolder();
    writeFileSync(join(folder, "2025-11", `2025-11-${FORCE}-street.csv`), realCsv("2025-12"));
    await expect(refresh({config, snapshotDir: dir, fromFolder: folder, progress: captureProgress().progress})).rejects.toThrow(/row 2, column Month is "2025-12" but the file is in folder 2025-11/);
  });

  it("refuses a month folder that holds other forces' files but not the configured force's, and changes nothing", async () => {
    const dir = tempSnapshot();
    const folder = downloadFolder();
    mkdirSync(join(folder, "2025-10"));
    writeFileSync(join(folder, "2025-10", "2025-10-surrey-street.csv"), gunzipSync(readFileSync(join(SNAPSHOT, "policeuk/street/surrey/2025-10-surrey-street.csv.gz"))));
    const before = tree(dir);
    await expect(refresh({config, snapshotDir: dir, fromFolder: folder, progress: captureProgress().progress})).rejects.toThrow(
      new RegExp(`2025-10: no 2025-10-${FORCE}-street\\.csv although the folder holds other forces' street files.*download 2025-10 again`)
    );
    expect(tree(dir)).toEqual(before);
  });
});

describe("command line", () => {
  const run = promisify(execFile);
  /** The default configuration (sna.config.ts), whatever SNA_CONFIG the test run has. */
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "SNA_CONFIG" && k !== "SNA_SNAPSHOT_DIR"));
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ["--import", "tsx", "loaders/refresh.ts", ...args], {cwd: PROJECT_ROOT, env: {...baseEnv, ...env}}).then(
      (r) => ({code: 0, ...r}),
      (e: {code: number; stdout: string; stderr: string}) => ({code: e.code, stdout: e.stdout, stderr: e.stderr})
    );

  it("--dry-run lists the months and districts it would fetch and writes nothing", async () => {
    const s = await plymouthServer();
    const dir = tempSnapshot();
    const before = tree(dir);
    const r = await cli(["--dry-run", "--base-url", s.baseUrl], {SNA_SNAPSHOT_DIR: dir});
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${FORCE}: snapshot has 2025-10 (1 month); to fetch: 2025-11..2026-01 (3 months)`);
    expect(r.stderr).toContain("district E06000026 Plymouth (devon-and-cornwall)");
    expect(r.stderr).toContain("Dry run: nothing fetched or written.");
    expect(s.log.map((l) => l.path).sort()).toEqual(["/crime-last-updated", "/crimes-street-dates"]);
    expect(tree(dir)).toEqual(before);
  });

  it("parses options, with SNA_SNAPSHOT_DIR and SNA_POLICEUK_API as defaults and bad numbers refused", () => {
    const env = {SNA_SNAPSHOT_DIR: "/tmp/snap", SNA_POLICEUK_API: "http://127.0.0.1:1/api/"};
    expect(parseRefreshArgs([], env)).toMatchObject({snapshotDir: "/tmp/snap", baseUrl: "http://127.0.0.1:1/api/", dryRun: false});
    expect(parseRefreshArgs(["--snapshot-dir", "/tmp/other", "--timeout", "2.5", "--retries", "0", "--since", "2025-01"], env)).toMatchObject({
      snapshotDir: "/tmp/other",
      timeoutMs: 2500,
      retries: 0,
      since: "2025-01"
    });
    expect(parseRefreshArgs([], {}).snapshotDir).toBe(join(PROJECT_ROOT, "data/snapshot"));
    expect(() => parseRefreshArgs(["--timeout", "0"], env)).toThrow(/--timeout "0" must be a number of at least 1/);
    expect(() => parseRefreshArgs(["--retries", "1.5"], env)).toThrow(/--retries "1.5" must be a whole number/);
    expect(() => parseRefreshArgs(["--sinc", "2025-01"], env)).toThrow(/--sinc/);
  });

  it("exits 1 with the reason on bad input, and prints the documented options with --help", async () => {
    const bad = await cli(["--from-folder", join(tmpdir(), "no-such-download-folder"), "--snapshot-dir", tempSnapshot()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("no such folder");
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--from-folder <path>");
    expect(help.stdout).toContain("--snapshot-dir <path>");
  });
});
