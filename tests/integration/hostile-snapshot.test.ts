/**
 * Hostile snapshots: real police.uk and ONS files from data/snapshot, copied into a temporary snapshot folder and
 * damaged the way a real mistake would (a month saved under another month's name, another force's file, a doubled
 * file, a byte changed after the manifest was written, unknown LSOA codes, a configuration whose forces do not police
 * its districts…). One table of cases, each with its expected outcome: refused (with the message that names the file
 * or field and the fix) or kept (with what the ingest report says). The kept cases share one ingest.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {DuckDBConnection} from "@duckdb/node-api";
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import {gunzipSync, gzipSync} from "node:zlib";
import {createHash} from "node:crypto";
import {csvFormatRows, csvParseRows} from "d3-dsv";
import {checkForceCoverage, ConfigError, loadConfig} from "../../loaders/config/load-config.ts";
import {LAD_TO_PFA_FILE} from "../../loaders/config/force-coverage.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {openDuckDB, queryRows} from "../../loaders/duckdb.ts";
import {createCentroids, createLsoa11To21, ONS_FILES} from "../../loaders/ons/lookups.ts";
import {SnapshotStage} from "../../loaders/policeuk/api/staging.ts";
import {ingestStreetFiles, type IngestReport} from "../../loaders/policeuk/ingest-street.ts";
import {listStreetFiles, StreetFileError} from "../../loaders/policeuk/street-files.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import {readManifest, writeManifest, type ManifestEntry} from "../../loaders/snapshot/manifest.ts";
import {SnapshotIntegrityError, verifySnapshot} from "../../loaders/snapshot/verify.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const REAL = join(ROOT, "data/snapshot");
const DC = "devon-and-cornwall";
const streetPath = (force: string, month: string) => `policeuk/street/${force}/${month}-${force}-street.csv.gz`;
const realManifest = new Map(readManifest(join(REAL, "manifest.json")).files.map((f) => [f.path, f]));
/** The ONS files the prepare step reads before the street files (lookups, population, deprivation). */
const ONS = [...new Set([...Object.values(ONS_FILES), LAD_TO_PFA_FILE])];

let tmp: string;
let plymouth: SnaConfig;
let surrey: SnaConfig;

// Column positions in a police.uk street row.
const ID = 0, MONTH = 1, REPORTED_BY = 2, FALLS_WITHIN = 3, LSOA = 7;

/** A street file of the temporary snapshot: made from a real one (by default the same force and month), maybe edited. */
interface Street {
  force: string;
  month: string;
  from?: {force: string; month: string};
  /** Edits the rows (header excluded) of the decompressed CSV. */
  rows?: (rows: string[][]) => string[][];
  /** Replaces the gzipped bytes. */
  raw?: (gz: Buffer) => Buffer;
}

function writeStreet(dir: string, s: Street): void {
  const src = readFileSync(join(REAL, streetPath(s.from?.force ?? s.force, s.from?.month ?? s.month)));
  const target = join(dir, streetPath(s.force, s.month));
  mkdirSync(dirname(target), {recursive: true});
  if (s.rows) {
    const [header, ...rows] = csvParseRows(gunzipSync(src).toString("utf-8").replace(/\r\n/g, "\n").replace(/\n$/, ""));
    writeFileSync(target, gzipSync(`${csvFormatRows([header!, ...s.rows(rows)])}\n`));
  } else writeFileSync(target, s.raw ? s.raw(src) : src);
}

/** Street files only, below <tmp>/<name>/policeuk/street/: for the ingest alone. */
function streetFolder(name: string, streets: Street[]): string {
  const dir = join(tmp, name);
  for (const s of streets) writeStreet(dir, s);
  return join(dir, "policeuk/street");
}

/**
 * A snapshot folder as a refresh leaves it: the ONS files the prepare step reads first, the given street files and a
 * manifest with every file's true checksum (the real entry for an unchanged file). `tamper` then damages it.
 */
function snapshot(name: string, streets: Street[], tamper: (dir: string) => void = () => undefined): string {
  const dir = join(tmp, name);
  for (const rel of ONS) {
    mkdirSync(dirname(join(dir, rel)), {recursive: true});
    copyFileSync(join(REAL, rel), join(dir, rel));
  }
  for (const s of streets) writeStreet(dir, s);
  const files: ManifestEntry[] = [...ONS, ...streets.map((s) => streetPath(s.force, s.month))].map((rel) => {
    const bytes = readFileSync(join(dir, rel));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const real = realManifest.get(rel);
    return real?.sha256 === sha256 ? real : {...realManifest.get(streetPath(DC, "2025-01"))!, path: rel, period: rel.slice(-36, -29), sha256, bytes: bytes.length};
  });
  writeManifest({description: "hostile test snapshot", files}, join(dir, "manifest.json"));
  tamper(dir);
  return dir;
}

/** Runs the prepare step (the build's first step) on a snapshot; checks that nothing was written when it fails. */
async function build(config: SnaConfig, snapshotDir: string): Promise<void> {
  const out = mkdtempSync(join(tmp, "out-"));
  try {
    await prepare(config, out, snapshotDir);
  } finally {
    expect(readdirSync(out)).toEqual([]);
  }
}

async function onsConn(): Promise<DuckDBConnection> {
  const conn = await openDuckDB();
  await createLsoa11To21(conn);
  await createCentroids(conn);
  return conn;
}

/** Ingest alone of the given street files (force devon-and-cornwall unless given). */
let scratch: DuckDBConnection;
async function ingest(name: string, streets: Street[]): Promise<IngestReport> {
  const forces = [...new Set(streets.map((s) => s.force))];
  return ingestStreetFiles(scratch, listStreetFiles(streetFolder(name, streets), forces));
}

/** A config file on disk, as an analyst writes it, edited from sna.config.ts. */
function configFile(name: string, edit: (text: string) => string): string {
  const text = readFileSync(join(ROOT, "sna.config.ts"), "utf-8").replace("./loaders/config/schema.ts", join(ROOT, "loaders/config/schema.ts"));
  const path = join(tmp, name);
  writeFileSync(path, edit(text));
  return path;
}

const setMonth = (month: string) => (rows: string[][]) => rows.map((r) => r.map((v, i) => (i === MONTH ? month : v)));
const everyNth = (n: number, edit: (r: string[]) => string[]) => (rows: string[][]) => rows.map((r, i) => (i % n === 0 ? edit([...r]) : r));
const PLYMOUTH_SPLITS: Record<string, string> = {E01034157: "E01015135", E01034158: "E01015135", E01034159: "E01015157", E01034160: "E01015158", E01034161: "E01015158", E01034162: "E01015157"};

// ---- The kept cases share one ingest: D&C 2025-01 as published and three copies each with a tolerable oddity. ----
let kept: {report: IngestReport; conn: DuckDBConnection};
const fileOf = (month: string) => kept.report.files.find((f) => f.month === month)!;
let fewUnknown = 0;
let splitRows = 0;
let otherReporter = 0;
let otherFallsWithin = 0;
let oldUnknown = 0;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "sna-hostile-"));
  plymouth = await loadConfig(join(ROOT, "sna.config.ts"));
  surrey = await loadConfig(join(ROOT, "configs/surrey.ts"));
  scratch = await onsConn();
  const conn = await onsConn();
  const dir = streetFolder("kept", [
    {force: DC, month: "2025-01"},
    // A 2018 file (2011 codes) with a few unknown codes among them.
    {force: DC, month: "2018-10", rows: everyNth(700, (r) => (r[LSOA] ? ((oldUnknown += 1), Object.assign(r, {[LSOA]: "E01999998"})) : r))},
    // A few LSOA codes that are in neither ONS lookup (one row in 500).
    {force: DC, month: "2025-02", rows: everyNth(500, (r) => (r[LSOA] ? ((fewUnknown += 1), Object.assign(r, {[LSOA]: "E01999999"})) : r))},
    // Plymouth's split LSOAs written with their 2011 codes, which are valid codes of the 2011 lookup.
    {force: DC, month: "2025-03", rows: (rows) => rows.map((r) => (PLYMOUTH_SPLITS[r[LSOA]!] ? ((splitRows += 1), Object.assign([...r], {[LSOA]: PLYMOUTH_SPLITS[r[LSOA]!]})) : r))},
    // 1 row in 400 reported by another force; 1 in 40 falls within another force's area; three rows doubled.
    {
      force: DC,
      month: "2025-04",
      rows: (rows) => [
        ...everyNth(40, (r) => ((otherFallsWithin += 1), Object.assign(r, {[FALLS_WITHIN]: "Dorset Police"})))(everyNth(400, (r) => ((otherReporter += 1), Object.assign(r, {[REPORTED_BY]: "Dorset Police"})))(rows)),
        ...rows.filter((r) => r[ID]).slice(0, 3)
      ]
    }
  ]);
  kept = {report: await ingestStreetFiles(conn, listStreetFiles(dir, [DC])), conn};
}, 120_000);
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

type Outcome = {refused: RegExp | (new (...args: never[]) => Error)} | {kept: true};
interface Case {
  name: string;
  outcome: Outcome;
  /** For a refused case, what must throw; for a kept case, the assertions. */
  run: () => unknown;
}

const refused = (pattern: RegExp): Outcome => ({refused: pattern});
const KEPT: Outcome = {kept: true};

const CASES: Case[] = [
  // ---- 1. A file must be what its name says. ----
  {
    name: "May's file saved as August's: the build is refused, naming the file and the fix",
    outcome: refused(/2025-08-devon-and-cornwall-street\.csv\.gz: 14,032 of its 14,032 rows are for 2025-05 \(column Month\), not 2025-08 as the file name says.*git checkout -- .*npm run refresh -- --from-folder/),
    run: () => build(plymouth, snapshot("month-name", [{force: DC, month: "2025-07"}, {force: DC, month: "2025-08", from: {force: DC, month: "2025-05"}}]))
  },
  {
    name: "Surrey's file saved under Devon and Cornwall's name is refused",
    outcome: refused(/2025-01-devon-and-cornwall-street\.csv\.gz: 6,255 of its 6,255 rows have Reported by "Surrey Police", not Devon & Cornwall Police as the file's name and folder \(devon-and-cornwall\) say/),
    run: () => ingest("other-force", [{force: DC, month: "2025-01", from: {force: "surrey", month: "2025-01"}}])
  },
  {
    name: "a copy whose Falls within names another force in every row is refused",
    outcome: refused(/2025-02-devon-and-cornwall-street\.csv\.gz: 11,092 of its 11,092 rows have Falls within "Avon and Somerset Constabulary"/),
    run: () => ingest("falls-within", [{force: DC, month: "2025-02", rows: (rows) => rows.map((r) => Object.assign([...r], {[FALLS_WITHIN]: "Avon and Somerset Constabulary"}))}])
  },
  {
    name: "a file concatenated to itself (cat f.gz f.gz) is refused",
    // 11,450 crimes twice, and the second copy's header line read as a row.
    outcome: refused(/2025-06-devon-and-cornwall-street\.csv\.gz: 11,450 of its 22,901 rows with a Crime ID repeat an earlier row's Crime ID: the file holds its records twice/),
    run: () => ingest("doubled", [{force: DC, month: "2025-06", raw: (gz) => Buffer.concat([gz, gz])}])
  },
  {
    name: "the same records in two months' files (May's copied as June with its Month column changed) are refused",
    outcome: refused(/2025-06-devon-and-cornwall-street\.csv\.gz: 11,486 of its Crime IDs are also in .*2025-05-devon-and-cornwall-street\.csv\.gz: the same records are in two files/),
    run: () => ingest("two-months", [{force: DC, month: "2025-05"}, {force: DC, month: "2025-06", from: {force: DC, month: "2025-05"}, rows: setMonth("2025-06")}])
  },
  {
    name: "a file with a header and no record is refused (it would show as a zero month)",
    outcome: refused(/2025-09-devon-and-cornwall-street\.csv\.gz: holds no record DuckDB could read/),
    run: () => ingest("empty", [{force: DC, month: "2025-08"}, {force: DC, month: "2025-09", rows: () => []}])
  },
  {
    name: "Crime IDs police.uk itself repeats between months (D&C 2025-01 to 2025-04) are kept and reported",
    outcome: KEPT,
    run: () => {
      // 2025-01 shares one Crime ID with each of 2025-02, 03 and 04 in the published files (counted before any edit).
      expect(fileOf("2025-01")).toMatchObject({rejected: 0, crimeIdsInOtherFiles: 3});
      expect(kept.report.totals.crimeIdsInOtherFiles).toBeGreaterThanOrEqual(3);
    }
  },
  {
    name: "a few rows reported by another force are rejected by reason; a minority falling within another force is kept",
    outcome: KEPT,
    run: () => {
      const reasons = Object.fromEntries(kept.report.rejectedByReason.map((r) => [r.reason, r.rows]));
      expect(reasons["Reported by names another force than the file's"]).toBe(otherReporter);
      expect(otherFallsWithin).toBeGreaterThan(200);
      expect(fileOf("2025-04").rows).toBe(12436 + 3);
    }
  },
  {
    name: "three rows repeated within a file are rejected by reason; the file is kept",
    outcome: KEPT,
    run: () => {
      const reasons = Object.fromEntries(kept.report.rejectedByReason.map((r) => [r.reason, r.rows]));
      expect(reasons["Crime ID repeats an earlier row of the same file"]).toBe(3);
      expect(fileOf("2025-04").rejected).toBe(otherReporter + 3);
    }
  },

  // ---- 2. Every snapshot file is checked against manifest.json before anything is read. ----
  {
    name: "a byte changed in a street file after the manifest was written: refused, naming it and how to restore or re-import it",
    outcome: refused(/policeuk\/street\/devon-and-cornwall\/2025-07-devon-and-cornwall-street\.csv\.gz: differs from manifest\.json \(SHA-256\).*git checkout -- .*npm run refresh -- --from-folder/),
    run: () =>
      build(
        plymouth,
        snapshot("changed-byte", [{force: DC, month: "2025-07"}], (dir) => {
          const path = join(dir, streetPath(DC, "2025-07"));
          const bytes = readFileSync(path);
          const at = bytes.length >> 1;
          bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
          writeFileSync(path, bytes);
        })
      )
  },
  {
    name: "an ONS lookup edited after the manifest was written is refused with its import script",
    outcome: refused(/ons\/lookups\/geographr_lookup_ltla24_csp24_pfa24\.csv: differs from manifest\.json.*scripts\/import-shared-snapshot\.ts/),
    run: () =>
      build(
        plymouth,
        snapshot("changed-ons", [{force: DC, month: "2025-07"}], (dir) => {
          const path = join(dir, LAD_TO_PFA_FILE);
          writeFileSync(path, readFileSync(path, "utf-8").replace('"E06000026","Plymouth","E22000056","Plymouth","E23000035"', '"E06000026","Plymouth","E22000056","Plymouth","E23000031"'));
        })
      )
  },
  {
    name: "a street file that is not in the manifest is named",
    outcome: refused(/2025-09-devon-and-cornwall-street\.csv\.gz: not listed in manifest\.json.*npm run refresh -- --from-folder/),
    run: () => build(plymouth, snapshot("unlisted", [{force: DC, month: "2025-07"}], (dir) => copyFileSync(join(REAL, streetPath(DC, "2025-09")), join(dir, streetPath(DC, "2025-09")))))
  },
  {
    name: "a manifest entry whose file is missing is named",
    outcome: refused(/2025-07-devon-and-cornwall-street\.csv\.gz: listed in manifest\.json but missing\. Restore it with git checkout -- /),
    run: () => build(plymouth, snapshot("missing", [{force: DC, month: "2025-07"}, {force: DC, month: "2025-08"}], (dir) => unlinkSync(join(dir, streetPath(DC, "2025-07")))))
  },
  {
    name: "a snapshot refreshed the way npm run refresh writes it (staged, renamed in, manifest updated) passes",
    outcome: KEPT,
    run: () => {
      const dir = snapshot("refreshed", [{force: DC, month: "2025-07"}]);
      const stage = new SnapshotStage(dir);
      stage.add(streetPath(DC, "2025-08"), readFileSync(join(REAL, streetPath(DC, "2025-08"))), {...realManifest.get(streetPath(DC, "2025-08"))!});
      // Mid-refresh, the staging folder holds files not yet in the manifest: it is not part of the snapshot.
      expect(() => verifySnapshot(dir)).not.toThrow();
      stage.commit();
      expect(() => verifySnapshot(dir)).not.toThrow();
    }
  },
  {
    name: "the real snapshot matches its manifest, every file",
    outcome: KEPT,
    run: () => expect(() => verifySnapshot(REAL)).not.toThrow()
  },

  // ---- 3. LSOA codes are checked against the ONS lookup of their vintage. ----
  {
    name: "a file whose LSOA codes are all unknown (E019xxxxx) is refused by name",
    outcome: refused(/2025-03-devon-and-cornwall-street\.csv\.gz: 11,813 of its 11,813 LSOA codes are in neither the ONS LSOA 2011 nor the 2021 lookup \(e\.g\. E019\d{5}\)/),
    run: () => ingest("all-unknown", [{force: DC, month: "2025-03", rows: (rows) => rows.map((r, i) => (r[LSOA] ? Object.assign([...r], {[LSOA]: `E019${String(i % 100000).padStart(5, "0")}`}) : r))}])
  },
  {
    name: "a few unknown LSOA codes are counted in the file's report and kept out of every area",
    outcome: KEPT,
    run: async () => {
      expect(fewUnknown).toBeGreaterThan(10);
      expect(fileOf("2025-02")).toMatchObject({rejected: 0, codesUnmatched: fewUnknown, codesChanged: 0, lsoaVintage: "2021"});
      const [row] = await queryRows<{n: number; inArea: number}>(kept.conn, `SELECT count(*) AS n, count(lsoa21_code) AS inArea FROM crimes WHERE lsoa_code_original = 'E01999999'`);
      expect(row).toEqual({n: fewUnknown, inArea: 0});
    }
  },
  {
    name: "a few unknown codes in a 2018 file do not make it look like a 2021 file: its 2011 codes are still mapped",
    outcome: KEPT,
    run: () => {
      expect(oldUnknown).toBeGreaterThan(10);
      // 821 rows of D&C 2018-10 carry a 2011 code that changed in 2021; a few of them were overwritten above.
      expect(fileOf("2018-10")).toMatchObject({lsoaVintage: "2011", codesUnmatched: oldUnknown, rejected: 0});
      expect(fileOf("2018-10").codesChanged).toBeGreaterThan(821 - oldUnknown - 1);
    }
  },
  {
    name: "valid 2011 codes in a 2025 (2021-vintage) file are mapped to their 2021 successors, not lost",
    outcome: KEPT,
    run: async () => {
      expect(splitRows).toBe(130);
      expect(fileOf("2025-03")).toMatchObject({lsoaVintage: "2021", codesChanged: 130, codesUnmatched: 0});
      const rows = await queryRows<{code: string; lsoa21: string}>(kept.conn, `SELECT lsoa_code_original AS code, lsoa21_code AS lsoa21 FROM crimes WHERE month = '2025-03' AND lsoa_code_original IN ('E01015135', 'E01015157', 'E01015158')`);
      expect(rows).toHaveLength(130);
      for (const r of rows) expect(PLYMOUTH_SPLITS[r.lsoa21]).toBe(r.code);
    }
  },

  // ---- 4. The configuration's forces must police its districts. ----
  {
    name: "Plymouth configured with Surrey Police is refused, naming the force that polices it",
    outcome: refused(/Invalid SNA configuration.*\n.*plymouth-surrey\.config\.ts: forces: Plymouth \(E06000026\) is policed by Devon & Cornwall Police \(E23000035\); add it to `forces`: \{id: "devon-and-cornwall", name: "Devon & Cornwall Police", pfaCode: "E23000035"\}/),
    run: () => loadConfig(configFile("plymouth-surrey.config.ts", (t) => t.replace('forces: [{id: "devon-and-cornwall", name: "Devon & Cornwall Police", pfaCode: "E23000035"}]', 'forces: [{id: "surrey", name: "Surrey Police", pfaCode: "E23000031"}]')))
  },
  {
    name: "Surrey with Crawley (Sussex Police) among its districts is refused by the build before anything is read",
    outcome: refused(/the configuration: forces: Crawley \(E07000226\) is policed by Sussex Police \(E23000033\); add it to `forces`/),
    run: () => build({...surrey, districts: [...surrey.districts, {code: "E07000226", name: "Crawley"}]}, REAL)
  },
  {
    name: "a force whose id is not the police.uk id of its PFA code is refused",
    outcome: refused(/forces\.0\.id: "surrey" is not the police\.uk id of Devon & Cornwall Police \(E23000035\), which is "devon-and-cornwall"/),
    run: () => checkForceCoverage({...plymouth, forces: [{id: "surrey", name: "Surrey Police", pfaCode: "E23000035"}]}, "test.config.ts")
  },
  {
    name: "a district code that is not in the ONS lookup (a retired 2019 code) is refused",
    outcome: refused(/districts\.1\.code: Aylesbury Vale \(E07000004\) is not a local authority district of the ONS LAD to PFA \(December 2024\) lookup/),
    run: () => checkForceCoverage({...plymouth, districts: [...plymouth.districts, {code: "E07000004", name: "Aylesbury Vale"}]}, "test.config.ts")
  },
  {
    name: "both real configurations pass",
    outcome: KEPT,
    run: () => {
      expect(() => checkForceCoverage(plymouth)).not.toThrow();
      expect(() => checkForceCoverage(surrey)).not.toThrow();
    }
  }
];

describe("hostile snapshot corpus", () => {
  for (const c of CASES) {
    it(`${"refused" in c.outcome ? "refused" : "kept"}: ${c.name}`, async () => {
      if ("refused" in c.outcome) await expect(Promise.resolve().then(c.run)).rejects.toThrow(c.outcome.refused);
      else await c.run();
    }, 60_000);
  }

  it("refusals are the project's error types", async () => {
    await expect(ingest("type-check", [{force: DC, month: "2025-10", from: {force: "surrey", month: "2025-10"}}])).rejects.toBeInstanceOf(StreetFileError);
    await expect(Promise.resolve().then(() => verifySnapshot(snapshot("type-check-snap", [], (dir) => unlinkSync(join(dir, LAD_TO_PFA_FILE)))))).rejects.toBeInstanceOf(SnapshotIntegrityError);
    await expect(Promise.resolve().then(() => checkForceCoverage({...plymouth, forces: surrey.forces}))).rejects.toBeInstanceOf(ConfigError);
  });
});
