/**
 * Live chapters: the Violence profile's SQL is one definition (components/sql/violence.ts) that the build runs in Node
 * DuckDB and the page runs in DuckDB-WASM. On a small real extract (Surrey Police, Jan-Feb 2024 and 2025), the
 * browser's path (the shipped files lsoa-month-type.arrow and area-lsoa.csv loaded into a fresh DuckDB under the same
 * names, then recomputeViolence) gives the build's rows, for the default selection and for another one; and the
 * counts agree with a plain count of the street rows. Also: the selection's round trip through the URL.
 */
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {tableFromIPC} from "apache-arrow";
import type {DuckDBConnection} from "@duckdb/node-api";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadConfig} from "../../loaders/config/load-config.ts";
import type {SnaConfig} from "../../loaders/config/schema.ts";
import {openDuckDB, queryRows, sqlString} from "../../loaders/duckdb.ts";
import {createOnsTables} from "../../loaders/ons/lookups.ts";
import {ingestStreetFiles} from "../../loaders/policeuk/ingest-street.ts";
import {listStreetFiles} from "../../loaders/policeuk/street-files.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";
import * as t from "../../loaders/prepare/violence-tables.ts";
import {analysisWindow, yearOnYear} from "../../loaders/prepare/window.ts";
import {writeTable} from "../../loaders/prepare/table-schema.ts";
import {dictionaryColumn, writeArrowStream} from "../../loaders/prepare/write-outputs.ts";
import {Int32, vectorFromArray} from "apache-arrow";
import {columnNames, TABLES, type TableDef} from "../../components/tables/registry.ts";
import {csvColumns, recomputeViolence, type SqlRunner} from "../../components/live/violence.ts";
import {violenceFindingsInput, writeFindings} from "../../components/findings/findings.ts";
import {defaultSelection, isDefault, linkNotices, parseSelection, selectionSearch, type LiveDefaults, type LiveSelection} from "../../components/live/selection.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const MONTHS = ["2024-01", "2024-02", "2025-01", "2025-02"];
type CrimeTypes = SnaConfig["seriousViolence"]["crimeTypes"];
const SV: CrimeTypes = ["Violence and sexual offences", "Robbery", "Possession of weapons"];
let config: SnaConfig;
let tmp: string;

/** "The build" on the extract: Node DuckDB with the ONS tables, the street rows and area_lsoa for these districts. */
async function buildDb(districts: SnaConfig["districts"]): Promise<DuckDBConnection> {
  const conn = await openDuckDB();
  await createOnsTables(conn);
  const files = listStreetFiles(join(SNAPSHOT_DIR, "policeuk/street"), ["surrey"]).filter((f) => MONTHS.includes(f.month));
  expect(files.map((f) => f.month).sort()).toEqual(MONTHS);
  await ingestStreetFiles(conn, files, {forceNames: {surrey: ["Surrey Police"]}});
  await t.createAreaLsoa(conn, {...config, districts});
  return conn;
}

const SQL_TYPE = {text: "VARCHAR", integer: "INTEGER", number: "DOUBLE", boolean: "BOOLEAN"} as const;
const literal = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : sqlString(String(v)));

/** Loads rows into `conn` as a table typed by the registry (what the page does with the Arrow file's bytes). */
async function load(conn: DuckDBConnection, table: TableDef, rows: readonly Record<string, unknown>[]): Promise<void> {
  const cols = columnNames(table);
  await conn.run(`CREATE TABLE ${table.name} (${cols.map((c) => `${c} ${SQL_TYPE[table.columns![c]!.type]}`).join(", ")})`);
  if (rows.length) await conn.run(`INSERT INTO ${table.name} VALUES ${rows.map((r) => `(${cols.map((c) => literal(r[c])).join(", ")})`).join(", ")}`);
}

/** "The browser": a fresh DuckDB holding only the files the build ships, written as prepare writes them. */
async function browserDb(build: DuckDBConnection): Promise<SqlRunner> {
  const lmt = await t.areaLsoaMonthType(build);
  const arrowPath = join(tmp, "lsoa-month-type.arrow");
  writeArrowStream(arrowPath, {
    lsoa21_code: dictionaryColumn(lmt.map((r) => r.lsoa21_code)),
    month: dictionaryColumn(lmt.map((r) => r.month)),
    crime_type: dictionaryColumn(lmt.map((r) => r.crime_type)),
    count: vectorFromArray(lmt.map((r) => r.count), new Int32())
  });
  writeTable(tmp, TABLES.area_lsoa, await t.areaLsoaRows(build));
  const conn = await openDuckDB();
  await load(conn, TABLES.lsoa_month_type, tableFromIPC(readFileSync(arrowPath)).toArray().map((r) => r.toJSON()));
  // As the page does: DuckDB reads the CSV with the registry's column types.
  await conn.run(`CREATE TABLE area_lsoa AS SELECT * FROM read_csv(${sqlString(join(tmp, TABLES.area_lsoa.file))}, header = true, columns = ${csvColumns(TABLES.area_lsoa)})`);
  return {rows: <T>(sql: string) => queryRows<T>(conn, sql)};
}

const defaults = (): LiveDefaults => ({
  districts: config.districts.map((d) => d.code),
  monthsAvailable: MONTHS,
  from: "2025-01",
  to: "2025-02",
  crimeTypes: SV,
  typeChoices: ["Possession of weapons", "Robbery", "Violence and sexual offences", "Burglary"]
});

/** The build's tables for a configuration (districts, window, definition), by the build's own functions. */
async function buildTables(conn: DuckDBConnection, cfg: SnaConfig, start: string, end: string) {
  const window = analysisWindow(MONTHS, {start, end});
  const lsoas = await t.lsoaViolence(conn, cfg, window);
  const conc = t.concentration(lsoas);
  return {
    monthly: await t.areaMonthly(conn, MONTHS),
    lsoas,
    deciles: t.violenceByImdDecile(lsoas),
    curve: conc.curve,
    headline: await t.headline(conn, cfg, window, yearOnYear(window, MONTHS))
  };
}

let whole: DuckDBConnection;

beforeAll(async () => {
  config = await loadConfig(join(ROOT, "configs/surrey.ts"));
  tmp = mkdtempSync(join(tmpdir(), "sna-violence-sql-"));
  whole = await buildDb(config.districts);
}, 120_000);
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe("one SQL definition for the build and the browser", () => {
  it("the build's tables and the page's recompute both take their SQL from components/sql/violence.ts", () => {
    const build = readFileSync(join(ROOT, "loaders/prepare/violence-tables.ts"), "utf-8");
    const live = readFileSync(join(ROOT, "components/live/violence.ts"), "utf-8");
    const page = readFileSync(join(ROOT, "src/violence-profile.md"), "utf-8");
    for (const source of [build, live]) {
      expect(source).toMatch(/import \{[^}]*\bareaMonthlySql\b[^}]*\blsoaViolenceSql\b[^}]*\} from "\.\.\/(\.\.\/components\/)?sql\/violence\.js"/);
      // Nowhere else is the chapter's query written out (it sums lsoa_month_type's counts).
      expect(source).not.toMatch(/sum\(\s*(\w+\.)?count\s*\)/i);
    }
    expect(page).toContain(`from "./components/live/violence.js"`);
    expect(page).not.toMatch(/\bFROM (lsoa_month_type|area_lsoa)\b/);
  });

  it("for the default selection the browser's rows equal the build's, row for row", async () => {
    const browser = await browserDb(whole);
    const d = defaults();
    const live = await recomputeViolence(browser, defaultSelection(d), d);
    const build = await buildTables(whole, {...config, seriousViolence: {...config.seriousViolence, crimeTypes: SV}}, d.from, d.to);
    expect(live.monthly).toEqual(build.monthly);
    expect(live.lsoas).toEqual(build.lsoas);
    expect(live.deciles).toEqual(build.deciles);
    expect(live.curve).toEqual(build.curve);
    expect(live.headline).toEqual(build.headline);
    // Real figures: Surrey's 11 districts, and a year-on-year rate ratio for Jan-Feb.
    expect(new Set(live.lsoas.map((l) => l.lad_code)).size).toBe(11);
    expect(live.headline.count).toBeGreaterThan(1000);
    expect(live.headline.change?.previous).toBeGreaterThan(0);
  });

  it("for another district, period and definition the browser's rows equal a build configured with them", async () => {
    const guildford = config.districts.find((x) => x.code === "E07000209")!;
    const d = defaults();
    const sel: LiveSelection = {district: guildford.code, from: "2025-02", to: "2025-02", crimeTypes: ["Robbery", "Violence and sexual offences"]};
    const live = await recomputeViolence(await browserDb(whole), sel, d);
    const one = await buildDb([guildford]);
    const cfg = {...config, districts: [guildford], seriousViolence: {...config.seriousViolence, crimeTypes: ["Robbery", "Violence and sexual offences"] as CrimeTypes}};
    const build = await buildTables(one, cfg, "2025-02", "2025-02");
    expect(live.lsoas).toEqual(build.lsoas);
    expect(live.monthly).toEqual(build.monthly);
    expect(live.deciles).toEqual(build.deciles);
    expect(live.curve).toEqual(build.curve);
    expect(live.headline).toEqual(build.headline);
    expect(live.lsoas.every((l) => l.lad_code === guildford.code)).toBe(true);
    // Only Feb 2025 in the period: compared with Feb 2024.
    expect(live.headline.monthsCompared).toEqual({current: ["2025-02"], previous: ["2024-02"], notCompared: []});
    // The findings the Overview writes from the browser's tables are those the build writes from its own.
    const words = {label: "Serious violence", areaName: "Guildford", england: null, force: null};
    const fromBrowser = writeFindings({...words, ...violenceFindingsInput(live, sel.crimeTypes)});
    const fromBuild = writeFindings({...words, ...violenceFindingsInput({...build, concentration: t.concentration(build.lsoas), window: analysisWindow(MONTHS, {start: "2025-02", end: "2025-02"})}, sel.crimeTypes)});
    expect(fromBrowser).toEqual(fromBuild);
    expect(fromBrowser.map((f) => f.id)).toEqual(["headline-change", "concentration", "deprivation", "peak-month"]);
    expect(fromBrowser[0]!.text).toMatch(/^Serious violence in Guildford in Feb 2025 \([\d,]+\) shows no statistically significant change|^Serious violence in Guildford (rose|fell) by/);
    one.closeSync();
  }, 60_000);

  it("counts what a plain count of the street rows gives", async () => {
    const d = defaults();
    const live = await recomputeViolence(await browserDb(whole), {...defaultSelection(d), crimeTypes: ["Robbery"]}, d);
    const plain = await queryRows<{lsoa21_code: string; n: number}>(whole, `SELECT c.lsoa21_code, count(*) AS n FROM crimes c JOIN lsoa21 l USING (lsoa21_code)
      WHERE l.lad_code IN (${d.districts.map(sqlString).join(", ")}) AND c.crime_type = 'Robbery' AND c.month IN ('2025-01', '2025-02') GROUP BY 1`);
    const counted = new Map(live.lsoas.filter((l) => l.count > 0).map((l) => [l.lsoa21_code, l.count]));
    expect(counted).toEqual(new Map(plain.map((r) => [r.lsoa21_code, r.n])));
    expect(live.headline.count).toBe(plain.reduce((s, r) => s + r.n, 0));
  });

  it("refuses a selection with no crime type, naming what is missing", async () => {
    const d = defaults();
    await expect(recomputeViolence(await browserDb(whole), {...defaultSelection(d), crimeTypes: []}, d)).rejects.toThrow(/no crime type/);
  });
});

describe("the selection in the URL", () => {
  const d = (): LiveDefaults => ({...defaults(), monthsAvailable: ["2024-01", "2024-02", "2025-01", "2025-02"]});
  it("writes nothing for the default and round-trips any other selection", () => {
    expect(selectionSearch(defaultSelection(d()), d())).toBe("");
    const sel: LiveSelection = {district: "E07000209", from: "2024-02", to: "2025-01", crimeTypes: ["Possession of weapons", "Robbery"]};
    const search = selectionSearch(sel, d(), "?recompute=1");
    expect(search).toBe("?recompute=1&district=E07000209&from=2024-02&to=2025-01&types=Possession+of+weapons,Robbery");
    expect(parseSelection(search, d())).toEqual({selection: sel, problems: [], rejected: []});
    expect(isDefault(parseSelection("", d()).selection, d())).toBe(true);
  });
  it("falls back to the default for what the build does not have, and says which", () => {
    const {selection, problems} = parseSelection("?district=E99999999&from=2030-01&to=2030-02&types=Knife%20crime", d());
    expect(selection).toEqual(defaultSelection(d()));
    expect(problems).toHaveLength(3);
    expect(problems.join("; ")).toMatch(/district "E99999999".*period 2030-01 to 2030-02.*crime types "Knife crime"/);
    // A one-district area has no district to choose.
    expect(parseSelection("?district=E07000209", {...d(), districts: ["E07000209"]}).selection.district).toBeNull();
  });
  it("tells the page's reader, in the page's words, what each part of a link asked for and what is shown instead", () => {
    const area = {area: {name: "Surrey"}};
    const notices = (search: string) => linkNotices(parseSelection(search, d()).rejected, d(), area);
    expect(notices("?district=E99999999&from=2030-01&to=2030-02&types=Knife%20crime,Robbery")).toEqual([
      'District "E99999999" is not one of Surrey\'s districts, so the whole of Surrey is shown.',
      "The link's period, Jan 2030 to Feb 2030, is not within the months this site has (Jan 2024 to Feb 2025), so the default period, Jan 2025 to Feb 2025, is shown.",
      '"Knife crime" is not one of the police.uk crime types this site can count, so the local definition (Violence and sexual offences, Robbery and Possession of weapons) is counted.'
    ]);
    // Inside the site's months, on a month the source published nothing for (this build has no Mar to Dec 2024).
    expect(notices("?from=2024-06&to=2025-02")).toEqual(["The link's period, Jun 2024 to Feb 2025, starts on a month with no police.uk data in this site (Jun 2024), so the default period, Jan 2025 to Feb 2025, is shown."]);
    expect(notices("?from=2024-02&to=2024-09")[0]).toMatch(/^The link's period, Feb 2024 to Sep 2024, ends on a month with no police.uk data in this site \(Sep 2024\)/);
    expect(notices("?from=2024-03&to=2024-09")[0]).toMatch(/starts and ends on months with no police.uk data in this site \(Mar 2024 and Sep 2024\)/);
    expect(notices("?from=2025-02&to=2024-01")).toEqual(["The link's period starts (Feb 2025) after it ends (Jan 2024), so the default period, Jan 2025 to Feb 2025, is shown."]);
    expect(notices("?from=2025-1&to=soon")[0]).toBe(`The link's period, from "2025-1" to "soon", is not written as months (YYYY-MM, e.g. 2025-02), so the default period, Jan 2025 to Feb 2025, is shown.`);
    expect(notices("?types=")).toEqual(["The link ticks no crime type, so the local definition (Violence and sexual offences, Robbery and Possession of weapons) is counted."]);
    expect(notices("?types=Anti-social+behaviour,Shoplifting")[0]).toMatch(/^"Anti-social behaviour" and "Shoplifting" are not among the police\.uk crime types this site can count/);
    // Only the parts that are wrong fall back: the district of the same link is kept.
    const mixed = parseSelection("?district=E07000209&from=2030-01&to=2030-02", d());
    expect(mixed.selection.district).toBe("E07000209");
    expect(mixed.rejected.map((r) => r.param)).toEqual(["period"]);
    // A mangled value is cut short, not echoed whole.
    expect(notices(`?district=${"E".repeat(500)}`)[0]!.length).toBeLessThan(150);
    expect(notices("")).toEqual([]);
  });
});
