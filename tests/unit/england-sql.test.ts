/**
 * Live Benchmarking: the funnel's SQL (components/sql/england.ts) is one definition that the build runs in Node DuckDB
 * over the England set's tables and the page runs in DuckDB-WASM over the files the build ships. On the real England
 * 2025 set (39 forces, by LSOA), for months and types other than the default: the counts equal a plain sum of the
 * snapshot's LSOA file by district, the coverage equals the force-month file's, a district of a force missing a
 * chosen month gets no rate and says why, and the shipped files loaded as the page loads them give the build's rows.
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuckDB, queryRows, sqlString} from "../../loaders/duckdb.ts";
import {createOnsTables} from "../../loaders/ons/lookups.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";
import {ENGLAND_FILES, englandTableRows, englandTables} from "../../loaders/prepare/violence-tables.ts";
import {writeTable} from "../../loaders/prepare/table-schema.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {csvColumns} from "../../components/live/violence.ts";
import {englandDistrictSql, englandRates, type EnglandCount} from "../../components/sql/england.ts";

const CHOICE = {months: ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08"], crimeTypes: ["Possession of weapons", "Robbery"]};
const GUILDFORD = "E07000209";
let build: DuckDBConnection;
let months: string[];
let tmp: string;

beforeAll(async () => {
  build = await openDuckDB();
  await createOnsTables(build);
  months = await englandTables(build);
  tmp = mkdtempSync(join(tmpdir(), "england-sql-"));
}, 120_000);
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

const raw = (k: keyof typeof ENGLAND_FILES) => sqlString(join(SNAPSHOT_DIR, ENGLAND_FILES[k]));

describe("the funnel's SQL, for months and types other than the default", () => {
  it("the England set holds the twelve months of 2025", () => {
    expect(months).toEqual(Array.from({length: 12}, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`));
  });

  it("counts what a plain sum of the snapshot's LSOA file by district gives, for every English district", async () => {
    const rows = await queryRows<EnglandCount>(build, englandDistrictSql(CHOICE));
    const plain = await queryRows<{lad_code: string; n: number}>(build, `SELECT l.lad_code, sum(a.crimes::INTEGER)::INTEGER AS n
      FROM read_csv(${raw("lsoaMonthType")}, header = true, all_varchar = true) a JOIN lsoa21 l ON l.lsoa21_code = a.lsoa_code
      WHERE a.month BETWEEN '2025-03' AND '2025-08' AND a.crime_type IN ('Possession of weapons', 'Robbery') GROUP BY 1`);
    const want = new Map(plain.map((r) => [r.lad_code, r.n]));
    expect(rows.length).toBeGreaterThan(290);
    expect(rows.filter((r) => r.count > 0).length).toBe(want.size);
    for (const r of rows) expect(r.count, r.lad_name).toBe(want.get(r.lad_code) ?? 0);
    expect(rows.find((r) => r.lad_code === GUILDFORD)).toMatchObject({lad_name: "Guildford", force_id: "surrey", force_name: "Surrey Police"});
  });

  it("takes each force's coverage from the force-month file: a district gets no rate, and says why, when a chosen month is missing", async () => {
    const cover = await queryRows<{force: string; n: number}>(build, `SELECT force, count(DISTINCT month)::INTEGER AS n FROM read_csv(${raw("forceMonthRows")}, header = true, all_varchar = true)
      WHERE month BETWEEN '2025-03' AND '2025-08' GROUP BY 1`);
    const read = new Map(cover.map((r) => [r.force, r.n]));
    const rated = englandRates(await queryRows<EnglandCount>(build, englandDistrictSql(CHOICE)), CHOICE, new Set([GUILDFORD]));
    for (const r of rated) {
      expect(r.months_read, r.lad_name).toBe(read.get(r.force_id) ?? 0);
      expect(r.complete).toBe(r.months_read === 6);
      if (r.complete) expect(r.rate).toBeCloseTo((1000 * r.count) / r.population, 3);
      else {
        expect(r.rate).toBeNull();
        expect(r.reason).toMatch(new RegExp(`^${r.force_name}: (${r.months_read} of 6 months in the set|no month in the set)$`));
      }
    }
    // Some forces of the snapshot miss months of 2025: the funnel leaves their districts out.
    expect(rated.some((r) => !r.complete)).toBe(true);
    expect(rated.filter((r) => r.partnership).map((r) => r.lad_name)).toEqual(["Guildford"]);
  });

  it("the files the build ships, loaded as the page loads them, give the build's rows", async () => {
    const rated = englandRates(await queryRows<EnglandCount>(build, englandDistrictSql({months, crimeTypes: ["Violence and sexual offences"]})), {months, crimeTypes: []}, new Set());
    const shipped = await englandTableRows(build);
    writeTable(tmp, TABLES.england_district_month_type, shipped.districtMonthType);
    writeTable(tmp, TABLES.england_force_months, shipped.forceMonths);
    writeTable(tmp, TABLES.england_districts, rated);
    const page = await openDuckDB();
    for (const table of [TABLES.england_district_month_type, TABLES.england_force_months, TABLES.england_districts]) {
      await page.run(`CREATE TABLE ${table.name} AS SELECT * FROM read_csv(${sqlString(join(tmp, table.file))}, header = true, columns = ${csvColumns(table)})`);
    }
    for (const sel of [CHOICE, {months, crimeTypes: ["Violence and sexual offences", "Robbery", "Possession of weapons"]}]) {
      expect(await queryRows(page, englandDistrictSql(sel))).toEqual(await queryRows(build, englandDistrictSql(sel)));
    }
  });

  it("refuses a selection with no month or no crime type, naming what is missing", () => {
    expect(() => englandDistrictSql({months: [], crimeTypes: ["Robbery"]})).toThrow("The selection has no month");
    expect(() => englandDistrictSql({months, crimeTypes: []})).toThrow("The selection has no crime type");
  });
});
