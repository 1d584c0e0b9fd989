/**
 * Place and population records on the real snapshot, for Plymouth (unitary) and Surrey (county of 11 districts).
 * Hand-checked figures come from shared/data/ons/MANIFEST.md, MHCLG's published district summaries, and counts made
 * here from the raw files by an independent path (d3-dsv, not DuckDB).
 */
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {gunzipSync} from "node:zlib";
import type {DuckDBConnection} from "@duckdb/node-api";
import {csvParse} from "d3-dsv";
import {beforeAll, describe, expect, it} from "vitest";
import {loadConfig} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {openDuckDB, queryRows} from "../../loaders/duckdb.ts";
import * as place from "../../loaders/ons/place.ts";
import {createPlaceTables} from "../../loaders/ons/tables.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";
import {ONS_FIXTURES} from "../fixtures/ons/ons-replay-server.ts";

let conn: DuckDBConnection;
let plymouth: SnaConfig;
let surrey: SnaConfig;
beforeAll(async () => {
  conn = await openDuckDB();
  await createPlaceTables(conn);
  plymouth = await loadConfig("sna.config.ts");
  surrey = await loadConfig("configs/surrey.ts");
});

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe("population pyramid (ONS mid-2020, MYE2)", () => {
  it("sums Plymouth's single years to its MYE 5 population, in 19 five-year bands by sex, shares summing to 1", async () => {
    const rows = await place.populationPyramid(conn, plymouth);
    const area = rows.filter((r) => r.geography === "area");
    expect(area).toHaveLength(38);
    expect(sum(area.map((r) => r.population))).toBe(262_839);
    expect(sum(area.map((r) => r.share))).toBeCloseTo(1, 12);
    expect(area.at(-1)).toMatchObject({band: "90+", age_start: 90, age_end: null});
    const england = rows.filter((r) => r.geography === "england");
    expect(sum(england.map((r) => r.population))).toBe(56_550_138); // MYE1 England, mid-2020
  });

  it("sums Surrey's 11 districts to the ONS county row E10000030", async () => {
    const rows = await place.populationPyramid(conn, surrey, {bandYears: 1});
    const county = await queryRows<{n: number}>(conn, "SELECT sum(population) AS n FROM mye_sya WHERE code = 'E10000030'");
    expect(sum(rows.filter((r) => r.geography === "area").map((r) => r.population))).toBe(county[0]!.n);
    expect(rows.filter((r) => r.geography === "area")).toHaveLength(2 * 91);
  });

  it("builds a 2023 unitary from its predecessors (Cumberland from Allerdale, Carlisle, Copeland)", async () => {
    const cfg = {...plymouth, area: {code: "E06000063", name: "Cumberland", kind: "unitary authority" as const}, districts: [{code: "E06000063", name: "Cumberland"}]};
    const rows = await place.populationPyramid(conn, cfg);
    const parts = await queryRows<{n: number}>(conn, "SELECT sum(population) AS n FROM mye_sya WHERE code IN ('E07000026', 'E07000028', 'E07000029')");
    expect(sum(rows.filter((r) => r.geography === "area").map((r) => r.population))).toBe(parts[0]!.n);
  });

  it("names an unknown district", async () => {
    const cfg = {...plymouth, districts: [{code: "E07999999", name: "Nowhere"}]};
    await expect(place.populationPyramid(conn, cfg)).rejects.toThrow(/E07999999/);
    await expect(place.ageGroups(conn, cfg)).rejects.toThrow(/E07999999 has no 2021 LSOA/);
  });
});

describe("Census 2021 age groups and ethnicity", () => {
  it("matches the manifest's Plymouth counts by age", async () => {
    const rows = await place.ageGroups(conn, plymouth);
    const area = Object.fromEntries(rows.filter((r) => r.geography === "area").map((r) => [r.group, r.population]));
    expect(area).toEqual({"0–15": 46_077, "16–24": 34_385, "25–34": 36_340, "35–49": 48_725, "50–64": 50_222, "65+": 48_974});
    expect(rows.find((r) => r.geography === "area" && r.group === "16–24")!.share).toBeCloseTo(34_385 / 264_723, 12);
    expect(sum(rows.filter((r) => r.geography === "england").map((r) => r.population))).toBe(56_489_608);
  });

  it("matches the manifest's Surrey total", async () => {
    const rows = await place.ageGroups(conn, surrey);
    expect(sum(rows.filter((r) => r.geography === "area").map((r) => r.population))).toBe(1_203_099);
  });

  it("gives TS021 groups for Plymouth that sum to the manifest's 264,718", async () => {
    const rows = await place.ethnicityProfile(conn, plymouth);
    const area = rows.filter((r) => r.geography === "area");
    expect(area.map((r) => r.group)).toEqual(["asian", "black", "mixed", "white", "other"]);
    expect(sum(area.map((r) => r.population))).toBe(264_718);
    const raw = csvParse(readFileSync(join(ONS_FIXTURES, "ts021_lsoa21_plymouth.csv"), "utf-8"));
    expect(area.find((r) => r.group === "white")!.population).toBe(sum(raw.filter((r) => r.ethnic_group === "White").map((r) => Number(r.n))));
    expect(sum(rows.filter((r) => r.geography === "england").map((r) => r.population))).toBe(56_490_108);
  });
});

describe("IMD 2025", () => {
  it("counts Plymouth's LSOAs by decile as the raw file does", async () => {
    const rows = (await place.imdDecileProfile(conn, plymouth)).filter((r) => r.domain === "imd");
    expect(rows.map((r) => r.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const codes = new Set(csvParse(readFileSync(join(ONS_FIXTURES, "lsoa21_ward24_ltla24_plymouth.csv"), "utf-8")).map((r) => r.lsoa21_code!));
    const imd = csvParse(gunzipSync(readFileSync(join(SNAPSHOT_DIR, "ons/imd/humaniverse_IMD_imd2025_england_lsoa21.csv.gz"))).toString("utf-8"));
    const byDecile = new Map<number, number>();
    for (const r of imd) if (codes.has(r.lsoa21_code!)) byDecile.set(Number(r.IMD_decile), (byDecile.get(Number(r.IMD_decile)) ?? 0) + 1);
    expect(rows.map((r) => r.lsoas)).toEqual(rows.map((r) => byDecile.get(r.decile) ?? 0));
    expect(sum(rows.map((r) => r.lsoas))).toBe(164);
    expect(sum(rows.map((r) => r.share_population))).toBeCloseTo(1, 12);
    expect(sum(rows.map((r) => r.england_share_population))).toBeCloseTo(1, 12);
  });

  it("lists every domain with 10 deciles for Surrey's 719 LSOAs", async () => {
    const rows = await place.imdDecileProfile(conn, surrey);
    expect(rows).toHaveLength(8 * 10);
    for (const d of ["imd", "income", "employment", "education", "health", "crime", "housing", "environment"]) {
      expect(sum(rows.filter((r) => r.domain === d).map((r) => r.lsoas))).toBe(719);
    }
  });

  it("averages LSOA scores to within 0.1 of MHCLG's published district average scores", async () => {
    const official = await queryRows<{lad_code: string; imd_average_score: number}>(conn, "SELECT lad_code, imd_average_score FROM imd2025_lad");
    for (const cfg of [plymouth, surrey]) {
      for (const d of (await place.districtRiskFactors(conn, cfg)).filter((r) => r.level === "district")) {
        const o = official.find((x) => x.lad_code === d.code)!;
        expect(Math.abs(d.imd_score - o.imd_average_score), d.code).toBeLessThan(0.1);
      }
    }
  });

  it("gives IoD2019 for the 2011 LSOAs: 161 in Plymouth, 709 in Surrey", async () => {
    expect(await place.imd2019ByLsoa11(conn, plymouth)).toHaveLength(161);
    const s = await place.imd2019ByLsoa11(conn, surrey);
    expect(s).toHaveLength(709);
    expect(new Set(s.map((r) => r.lad19_code))).toEqual(new Set(surrey.districts.map((d) => d.code)));
  });
});

describe("rural-urban and risk factors", () => {
  it("classes all of Plymouth urban (C1) and profiles England's 33,755 LSOAs", async () => {
    const rows = await place.ruralUrbanProfile(conn, plymouth);
    expect(rows.filter((r) => r.geography === "area" && r.lsoas > 0).map((r) => [r.ruc_code, r.lsoas])).toEqual([["C1", 164]]);
    expect(sum(rows.filter((r) => r.geography === "england").map((r) => r.lsoas))).toBe(33_755);
    const mixed = await queryRows<{n: number}>(conn, "SELECT count(*) AS n FROM lsoa21_ruc WHERE ruc_mixed AND lsoa21_code LIKE 'E%'");
    expect(mixed[0]!.n).toBe(11);
  });

  it("gives per-LSOA factors for the area's LSOAs only", async () => {
    const p = await place.lsoaRiskFactors(conn, plymouth);
    expect(p).toHaveLength(164);
    expect(p.find((r) => r.lsoa21_code === "E01015023")).toMatchObject({population: 1776, aged_16_24: 183, imd_decile: 2, ruc_code: "C1"});
    const s = await place.lsoaRiskFactors(conn, surrey);
    expect(s).toHaveLength(719);
    expect(new Set(s.map((r) => r.lad_code)).size).toBe(11);
  });

  it("gives district, area and England rows for Surrey and omits the duplicate area row for Plymouth", async () => {
    const s = await place.districtRiskFactors(conn, surrey);
    expect(s.map((r) => r.level)).toEqual([...Array(11).fill("district"), "area", "england"]);
    const area = s.find((r) => r.level === "area")!;
    expect(area.population).toBe(sum(s.filter((r) => r.level === "district").map((r) => r.population)));
    const p = await place.districtRiskFactors(conn, plymouth);
    expect(p.map((r) => r.level)).toEqual(["district", "england"]);
    expect(p[0]!.share_16_24).toBeCloseTo(34_385 / 264_723, 12);
    expect(p[0]!.share_urban).toBe(1);
  });
});
