/**
 * Live Place and population: the chapter's SQL (components/sql/place.ts) is one definition that the build runs in Node
 * DuckDB (loaders/ons/place.ts) and the page runs in DuckDB-WASM over the files the build ships (place-lsoa.csv,
 * place-mye.csv). On the real snapshot, for Surrey (11 districts): the shipped files, loaded as the page loads them
 * (read_csv typed from the registry), give the build's rows for the whole county; for Guildford they give what a
 * build configured with Guildford alone writes; and a district's rows sum, district by district, to the county's.
 */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadConfig} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {openDuckDB, queryRows, sqlString} from "../../loaders/duckdb.ts";
import * as place from "../../loaders/ons/place.ts";
import {createPlaceTables} from "../../loaders/ons/tables.ts";
import {writeTable} from "../../loaders/prepare/table-schema.ts";
import {TABLES} from "../../components/tables/registry.ts";
import {csvColumns} from "../../components/live/violence.ts";
import {recomputePlace, type PlaceTables} from "../../components/live/place.ts";

const GUILDFORD = {code: "E07000209", name: "Guildford"};
let build: DuckDBConnection;
let page: DuckDBConnection;
let surrey: SnaConfig;
let built: PlaceTables;
let tmp: string;

/** What the build writes into place.json for a configuration. */
async function placeJson(config: SnaConfig): Promise<PlaceTables> {
  return {
    pyramid: await place.populationPyramid(build, config, {bandYears: 5}),
    ageGroups: await place.ageGroups(build, config),
    ethnicity: await place.ethnicityProfile(build, config),
    imdDeciles: await place.imdDecileProfile(build, config),
    ruralUrban: await place.ruralUrbanProfile(build, config)
  };
}

/** The page's SqlRunner over the shipped files, in Node DuckDB. */
const runner = {rows: <T>(sql: string) => queryRows(page, sql) as Promise<T[]>};
/** Rows without the geography's code and name (a Guildford-only configuration still names its area Surrey). */
const numbers = (t: PlaceTables) => Object.fromEntries(Object.entries(t).map(([k, rows]) => [k, (rows as Record<string, unknown>[]).map(({code: _c, name: _n, ...r}) => r)]));

beforeAll(async () => {
  build = await openDuckDB();
  await createPlaceTables(build);
  surrey = await loadConfig("configs/surrey.ts");
  built = await placeJson(surrey);
  tmp = mkdtempSync(join(tmpdir(), "place-sql-"));
  const shipped = await place.placeTables(build, surrey);
  writeTable(tmp, TABLES.place_lsoa, shipped.lsoas);
  writeTable(tmp, TABLES.place_mye, shipped.mye);
  page = await openDuckDB();
  for (const table of [TABLES.place_lsoa, TABLES.place_mye]) {
    await page.run(`CREATE TABLE ${table.name} AS SELECT * FROM read_csv(${sqlString(join(tmp, table.file))}, header = true, columns = ${csvColumns(table)})`);
  }
}, 120_000);
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe("Place and population's SQL, in the build and over the shipped files", () => {
  it("ships each of Surrey's LSOAs once, in its district, and each district's mid-year estimates", async () => {
    const lsoas = await queryRows<{lad_code: string; n: number}>(page, "SELECT lad_code, count(*)::INTEGER AS n FROM place_lsoa GROUP BY 1 ORDER BY 1");
    expect(lsoas.map((r) => r.lad_code)).toEqual(surrey.districts.map((d) => d.code).sort());
    expect(lsoas.find((r) => r.lad_code === GUILDFORD.code)?.n).toBeGreaterThan(70);
    const mye = await queryRows<{n: number}>(page, "SELECT count(*)::INTEGER AS n FROM place_mye");
    expect(mye[0]!.n).toBe(11 * 2 * 91); // 11 districts, 2 sexes, ages 0 to 90+
  });

  it("for the whole county, the shipped files give the build's rows, row for row", async () => {
    const all = await recomputePlace(runner, {code: surrey.area.code, name: surrey.area.name, districts: surrey.districts.map((d) => d.code)}, built);
    expect(all.tables).toEqual(built);
  });

  it("for Guildford, they give what a build configured with Guildford alone writes", async () => {
    const guildfordBuild = await placeJson({...surrey, districts: [GUILDFORD]});
    const browser = await recomputePlace(runner, {...GUILDFORD, districts: [GUILDFORD.code]}, built);
    expect(numbers(browser.tables)).toEqual(numbers(guildfordBuild));
    const area = browser.tables.ageGroups.filter((r) => r.geography === "area");
    expect(area.map((r) => r.name)).toEqual(Array(6).fill("Guildford"));
    // Not the county's: Guildford is about a twelfth of Surrey.
    const residents = (t: PlaceTables) => t.ageGroups.filter((r) => r.geography === "area").reduce((s, r) => s + r.population, 0);
    expect(residents(browser.tables) / residents(built)).toBeGreaterThan(0.1);
    expect(residents(browser.tables) / residents(built)).toBeLessThan(0.15);
  });

  it("the districts' residents, group by group, sum to the county's", async () => {
    const sums = new Map<string, number>();
    for (const d of surrey.districts) {
      const t = await recomputePlace(runner, {...d, districts: [d.code]}, built);
      for (const r of t.tables.ethnicity.filter((x) => x.geography === "area")) sums.set(r.group, (sums.get(r.group) ?? 0) + r.population);
      for (const r of t.tables.imdDeciles.filter((x) => x.domain === "imd")) sums.set(`imd ${r.decile}`, (sums.get(`imd ${r.decile}`) ?? 0) + r.population);
    }
    for (const r of built.ethnicity.filter((x) => x.geography === "area")) expect(sums.get(r.group), r.label).toBe(r.population);
    for (const r of built.imdDeciles.filter((x) => x.domain === "imd")) expect(sums.get(`imd ${r.decile}`), `decile ${r.decile}`).toBe(r.population);
  });
});
