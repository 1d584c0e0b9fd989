/**
 * The police.uk street ingest on real snapshot files (real DuckDB), and on broken copies of them made in a temporary
 * folder to provoke each error (a synthetic file only where the point is the error).
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {DuckDBConnection} from "@duckdb/node-api";
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {gunzipSync, gzipSync} from "node:zlib";
import {openDuckDB, queryRows} from "../../loaders/duckdb.ts";
import {createCentroids, createLsoa11To21} from "../../loaders/ons/lookups.ts";
import {ingestStreetFiles} from "../../loaders/policeuk/ingest-street.ts";
import {listStreetFiles, missingMonths, parseStreetFileName, StreetFileError} from "../../loaders/policeuk/street-files.ts";
import {STREET_HEADER, streetRowSchema} from "../../loaders/policeuk/street-schema.ts";

const STREET = resolve(import.meta.dirname, "../../data/snapshot/policeuk/street");
const real = (force: string, month: string) => join(STREET, force, `${month}-${force}-street.csv.gz`);
let tmp: string;

async function freshConn(): Promise<DuckDBConnection> {
  const conn = await openDuckDB();
  await createLsoa11To21(conn);
  await createCentroids(conn);
  return conn;
}

/** Copies real files into tmp/<force>/ (optionally transforming the CSV text) and lists them. */
function stage(name: string, files: {force: string; month: string; edit?: (csv: string) => string; raw?: (gz: Buffer) => Buffer}[]) {
  const dir = join(tmp, name);
  for (const f of files) {
    mkdirSync(join(dir, f.force), {recursive: true});
    const target = join(dir, f.force, `${f.month}-${f.force}-street.csv.gz`);
    if (f.edit) writeFileSync(target, gzipSync(f.edit(gunzipSync(readFileSync(real(f.force, f.month))).toString("utf-8"))));
    else if (f.raw) writeFileSync(target, f.raw(readFileSync(real(f.force, f.month))));
    else copyFileSync(real(f.force, f.month), target);
  }
  return dir;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "sna-street-"));
});
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe("street file names and months", () => {
  it("parses the month and force from the name", () => {
    expect(parseStreetFileName("/x/2025-01-devon-and-cornwall-street.csv.gz")).toMatchObject({month: "2025-01", force: "devon-and-cornwall"});
    expect(() => parseStreetFileName("/x/2025-01-devon-and-cornwall-outcomes.csv")).toThrow(/not a police.uk street file name/);
  });

  it("lists the snapshot and reports missing months as gaps", () => {
    const files = listStreetFiles(STREET, ["devon-and-cornwall", "surrey"]);
    expect(files).toHaveLength(42);
    const gaps = missingMonths(files, "surrey");
    expect(gaps[0]).toBe("2019-03");
    expect(gaps).toContain("2024-05");
    expect(gaps).not.toContain("2025-01");
    expect(gaps).toHaveLength(66);
  });

  it("names the force folder that does not exist", () => {
    expect(() => listStreetFiles(STREET, ["kent"])).toThrow(/no street files for force "kent"/);
  });
});

describe("ingest of real files", () => {
  it("reads LF and CRLF files, keeps ASB apart and counts no-location rows (D&C 2024-01, 2025-06)", async () => {
    const conn = await freshConn();
    const report = await ingestStreetFiles(conn, listStreetFiles(stage("real", [{force: "devon-and-cornwall", month: "2024-01"}, {force: "devon-and-cornwall", month: "2025-06"}]), ["devon-and-cornwall"]));
    // Row counts and ASB counts from shared/data/policeuk/MANIFEST.md.
    expect(report.files.map((f) => [f.month, f.rows, f.asb])).toEqual([["2024-01", 10871, 1590], ["2025-06", 13705, 2255]]);
    expect(report.totals.rejected).toBe(0);
    const [row] = await queryRows<{context_cr: number; nolsoa: number; asbWithId: number}>(
      conn,
      `SELECT count(*) FILTER (outcome LIKE '%\r%') AS context_cr, count(*) FILTER (lsoa21_code IS NULL) AS nolsoa,
              count(*) FILTER (is_asb AND crime_id IS NOT NULL) AS asbWithId FROM crimes`
    );
    expect(row).toEqual({context_cr: 0, nolsoa: 527 + 655, asbWithId: 0});
    expect(report.files.every((f) => f.lsoaVintage === "2021" && f.codesChanged === 0)).toBe(true);
  });

  it("detects 2011 LSOA codes per file and maps them to 2021 (Plymouth's split LSOAs)", async () => {
    const conn = await freshConn();
    const report = await ingestStreetFiles(conn, listStreetFiles(stage("vintage", [{force: "devon-and-cornwall", month: "2018-10"}, {force: "devon-and-cornwall", month: "2025-01"}]), ["devon-and-cornwall"]));
    const [old, recent] = report.files;
    expect(old?.lsoaVintage).toBe("2011");
    expect(old?.codesChanged).toBeGreaterThan(0);
    expect(old?.codesUnmatched).toBe(0);
    expect(recent?.lsoaVintage).toBe("2021");
    // E01015158 ("Plymouth 029E", 2011) was split into 2021 codes; every row of it now carries one of them.
    const mapped = await queryRows<{lsoa21_code: string}>(conn, `SELECT DISTINCT lsoa21_code FROM crimes WHERE lsoa_code_original = 'E01015158' ORDER BY 1`);
    expect(mapped.length).toBeGreaterThan(0);
    for (const m of mapped) expect(m.lsoa21_code).toMatch(/^E0103416[0-2]$/);
    const [{n}] = (await queryRows<{n: number}>(conn, `SELECT count(*) AS n FROM crimes WHERE lsoa_vintage = '2011' AND lsoa21_code >= 'E01033769'`)) as [{n: number}];
    expect(n).toBe(report.files[0]!.codesChanged - (await queryRows<{n: number}>(conn, `SELECT count(*) AS n FROM crimes WHERE lsoa_vintage='2011' AND lsoa21_code <> lsoa_code_original AND lsoa21_code < 'E01033769'`))[0]!.n);
  });
});

describe("bad input", () => {
  it("names the file and column of a wrong header", async () => {
    const dir = stage("header", [{force: "surrey", month: "2025-01", edit: (csv) => csv.replace("Crime type", "Offence")}]);
    await expect(ingestStreetFiles(await freshConn(), listStreetFiles(dir, ["surrey"]))).rejects.toThrow(/2025-01-surrey-street\.csv\.gz: header column 10 is "Offence" where police.uk street files have "Crime type"/);
  });

  it("names a truncated gzip file and says what to do", async () => {
    const dir = stage("truncated", [{force: "surrey", month: "2025-02"}, {force: "surrey", month: "2025-03", raw: (gz) => gz.subarray(0, Math.floor(gz.length / 2))}]);
    await expect(ingestStreetFiles(await freshConn(), listStreetFiles(dir, ["surrey"]))).rejects.toThrow(/2025-03-surrey-street\.csv\.gz: cannot be read .*Download the month again/);
  });

  it("names a file that is not gzip at all", async () => {
    const dir = stage("notgzip", [{force: "surrey", month: "2025-04", raw: () => Buffer.from("<html><body>Service unavailable</body></html>")}]);
    await expect(ingestStreetFiles(await freshConn(), listStreetFiles(dir, ["surrey"]))).rejects.toThrow(StreetFileError);
  });

  it("counts rejected rows by reason with their file and line, and keeps the rest", async () => {
    const dir = stage("rows", [
      {
        force: "surrey",
        month: "2025-05",
        edit: (csv) => {
          const lines = csv.split("\n");
          lines[2] = lines[2]!.replace(/,Violence and sexual offences,|,Burglary,|,Shoplifting,|,Vehicle crime,|,Public order,|,Other theft,|,Criminal damage and arson,|,Anti-social behaviour,|,Drugs,/, ",Knife crime,");
          lines[3] = lines[3]!.replace(/^[^,]*,2025-05,/, (m) => m.replace("2025-05", "2025-13"));
          lines[4] = `${lines[4]},extra`;
          return lines.join("\n");
        }
      }
    ]);
    const report = await ingestStreetFiles(await freshConn(), listStreetFiles(dir, ["surrey"]));
    expect(report.files[0]?.rows).toBe(8136);
    expect(report.totals.rejected).toBe(3);
    const reasons = Object.fromEntries(report.rejectedByReason.map((r) => [r.reason, r]));
    expect(reasons["Crime type is not one of the 14 police.uk crime types"]).toMatchObject({rows: 1});
    expect(reasons["Crime type is not one of the 14 police.uk crime types"]?.example).toMatch(/2025-05-surrey-street\.csv\.gz line 3$/);
    expect(reasons["Month is not YYYY-MM"]?.rows).toBe(1);
    expect(report.rejectedByReason.some((r) => r.reason.startsWith("CSV: TOO MANY COLUMNS") && r.example.endsWith("line 5"))).toBe(true);
  });

  it("rejects a row whose month differs from its file's month", async () => {
    const dir = stage("month", [{force: "surrey", month: "2025-06", edit: (csv) => csv.replace(/\n([0-9a-f]{64}),2025-06,/, "\n$1,2025-07,")}]);
    const report = await ingestStreetFiles(await freshConn(), listStreetFiles(dir, ["surrey"]));
    expect(report.rejectedByReason).toEqual([expect.objectContaining({reason: "Month differs from the month in the file name", rows: 1})]);
  });
});

describe("street row schema (zod) agrees with the SQL checks", () => {
  const row = Object.fromEntries(STREET_HEADER.map((c) => [c, ""])) as Record<(typeof STREET_HEADER)[number], string>;
  const good = {...row, "Crime ID": "a".repeat(64), Month: "2025-01", "Reported by": "Surrey Police", "Falls within": "Surrey Police", Longitude: "-0.5", Latitude: "51.3", Location: "On or near High Street", "LSOA code": "E01030000", "Crime type": "Robbery"};
  it("accepts a real-shaped row and an ASB row without Crime ID", () => {
    expect(streetRowSchema.safeParse(good).success).toBe(true);
    expect(streetRowSchema.safeParse({...good, "Crime ID": "", "Crime type": "Anti-social behaviour"}).success).toBe(true);
  });
  it("refuses a crime without Crime ID and half a coordinate pair, with the reason", () => {
    const r = streetRowSchema.safeParse({...good, "Crime ID": "", Latitude: ""});
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(["Crime ID missing on a crime row", "Longitude and Latitude not both present or both empty"]);
  });
});
