/**
 * The prepare step on the real snapshot, checked against figures computed by hand with a plain DuckDB query of the raw
 * police.uk CSVs (filter on "LSOA name" prefix and the three crime types), see README "Hand checks".
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import {tableFromIPC} from "apache-arrow";
import {loadConfig} from "../../loaders/config/load-config.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import {listFiles} from "../../loaders/lib/files.ts";

const ROOT = resolve(import.meta.dirname, "../..");
let out: string;
let surreyOut: string;
const json = (dir: string) => JSON.parse(readFileSync(join(dir, "partnership.json"), "utf-8"));
const csv = (dir: string, name: string) => csvParse(readFileSync(join(dir, name), "utf-8"));

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), "sna-prepare-"));
  out = join(base, "plymouth");
  surreyOut = join(base, "surrey");
  mkdirSync(out);
  mkdirSync(surreyOut);
  await prepare(await loadConfig(join(ROOT, "sna.config.ts")), out);
  await prepare(await loadConfig(join(ROOT, "configs/surrey.ts")), surreyOut);
}, 120_000);
afterAll(() => rmSync(join(out, ".."), {recursive: true, force: true}));

describe("Plymouth, 2025", () => {
  it("counts 13,072 serious violence offences among 264,723 residents: 49.4 per 1,000", () => {
    const p = json(out);
    expect(p.window).toMatchObject({start: "2025-01", end: "2025-12", missing: []});
    expect(p.headline).toMatchObject({count: 13072, population: 264723, lsoas: 164, ci_method: "Byar"});
    expect(p.headline.rate).toBeCloseTo(49.38, 2);
    expect(p.headline.lower).toBeLessThan(p.headline.rate);
    expect(p.headline.upper).toBeGreaterThan(p.headline.rate);
  });

  it("compares Jan-Apr 2025 (4,016) with Jan-Apr 2024 (4,039): not significant", () => {
    const c = json(out).headline.change;
    expect(c).toMatchObject({current: 4016, previous: 4039, significant: false});
    expect(c.ratio).toBeCloseTo(4016 / 4039, 10);
    expect(c.lower).toBeLessThan(1);
    expect(c.upper).toBeGreaterThan(1);
  });

  it("keeps gaps as gaps: no row for a month the snapshot lacks", () => {
    const months = new Set(csv(out, "area-monthly.csv").map((r) => r.month));
    expect(months.has("2024-06")).toBe(false);
    expect(months.has("2024-04")).toBe(true);
    expect(json(out).ingest.missingMonths["devon-and-cornwall"]).toContain("2024-06");
  });

  it("ranks 164 LSOAs whose counts add up to the headline", () => {
    const lsoas = csv(out, "lsoa-violence.csv");
    expect(lsoas).toHaveLength(164);
    expect(lsoas.reduce((s, r) => s + Number(r.count), 0)).toBe(13072);
    expect(Number(lsoas[0]!.count)).toBeGreaterThanOrEqual(Number(lsoas[1]!.count));
  });

  it("leaves incomplete forces out of the England set and flags the districts", () => {
    const p = json(out);
    expect(p.england.forcesIncomplete).toEqual(["avon-and-somerset", "greater-manchester", "metropolitan", "thames-valley", "west-midlands", "west-yorkshire"]);
    const england = csv(out, "england-districts.csv");
    const plymouth = england.find((r) => r.lad_code === "E06000026")!;
    expect(plymouth).toMatchObject({complete: "true", partnership: "true"});
    // The England aggregate counts every force's records in Plymouth's LSOAs, so it is at least the D&C count.
    expect(Number(plymouth.count)).toBeGreaterThanOrEqual(13072);
  });

  it("writes every force record to the Explore table without crime ids or coordinates", () => {
    const t = tableFromIPC(readFileSync(join(out, "crimes.arrow")));
    expect(t.schema.fields.map((f) => f.name)).toEqual(["month", "crime_type", "lsoa21_code", "lad_code", "outcome"]);
    // The 21 D&C files hold 253,310 data rows (shared/data/policeuk/MANIFEST.md); none is rejected.
    expect(t.numRows).toBe(253_310);
  });

  it("refuses none of the real files: every LSOA code is known, and the Crime IDs police.uk repeats between months are reported", () => {
    // D&C repeats 25 Crime IDs between its 2025 months, Surrey 1 (counted independently with Python's csv module).
    expect(json(out).ingest.totals).toMatchObject({rejected: 0, codesUnmatched: 0, crimeIdsInOtherFiles: 25});
    expect(json(surreyOut).ingest.totals).toMatchObject({rejected: 0, codesUnmatched: 0, crimeIdsInOtherFiles: 1});
    const files = csv(out, "ingest-files.csv");
    expect(files).toHaveLength(21);
    expect(files.map((f) => f.codesUnmatched)).toEqual(Array(21).fill("0"));
  });

  it("writes findings from the data", () => {
    const kinds = json(out).findings.map((f: {kind: string}) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(["change", "benchmark", "concentration", "deprivation", "peak"]));
  });
});

describe("reproducible", () => {
  it("writes byte-identical files when run again on the same snapshot", async () => {
    const again = join(out, "..", "again");
    mkdirSync(again);
    await prepare(await loadConfig(join(ROOT, "sna.config.ts")), again);
    // Text files byte for byte; Arrow files by content (the Arrow writer leaves buffer padding unset).
    const content = (path: string) => (path.endsWith(".arrow") ? JSON.stringify(tableFromIPC(readFileSync(path)).toArray()) : readFileSync(path).toString("base64"));
    const files = (dir: string) => listFiles(dir).map((f) => [f, content(join(dir, f))]);
    expect(files(again)).toEqual(files(out));
  }, 120_000);
});

describe("Surrey, 11 districts", () => {
  it("counts 32,041 serious violence offences in 2025 and breaks them down by district", () => {
    const p = json(surreyOut);
    expect(p.headline.count).toBe(32041);
    expect(p.headline.lsoas).toBe(719);
    const districts = csv(surreyOut, "force-districts.csv");
    expect(districts.filter((d) => d.partnership === "true")).toHaveLength(11);
    const lsoas = csv(surreyOut, "lsoa-violence.csv");
    expect(new Set(lsoas.map((l) => l.lad_code)).size).toBe(11);
  });
});
