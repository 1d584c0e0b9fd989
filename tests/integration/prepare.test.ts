/**
 * The prepare step on the real snapshot, checked against figures computed by hand with a plain DuckDB query of the raw
 * police.uk CSVs (filter on "LSOA name" prefix and the three crime types), see README "Hand checks".
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {csvParse} from "d3-dsv";
import {tableFromIPC} from "apache-arrow";
import {loadConfig} from "../../loaders/config/load-config.ts";
import {prepare} from "../../loaders/prepare/prepare.ts";
import {listFiles} from "../../loaders/lib/files.ts";
import {assertGolden} from "../helpers/golden.ts";
import {verifyPrepared} from "../../loaders/prepare/table-schema.ts";
import {columnNames, TABLES} from "../../components/tables/registry.ts";

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
    expect(plymouth).toMatchObject({complete: "true", partnership: "true", reason: ""});
    expect(Number(plymouth.rate)).toBeGreaterThan(0);
  });

  it("publishes no rate for a district whose force is absent or partial in the England set, and says why", () => {
    const england = csv(out, "england-districts.csv");
    const excluded = england.filter((r) => r.complete === "false");
    expect(excluded).toHaveLength(json(out).england.districtsLeftOut);
    expect(excluded).toHaveLength(72);
    for (const r of excluded) expect({rate: r.rate, lower: r.lower, upper: r.upper, reason: r.reason !== ""}).toEqual({rate: "", lower: "", upper: "", reason: true});
    // Hand check: Bristol's 12,690 offences are 6 months of Avon and Somerset against a full year's residents.
    expect(england.find((r) => r.lad_code === "E06000023")).toMatchObject({count: "12690", rate: "", reason: "Avon and Somerset Constabulary: 6 of 12 months in the set"});
    expect(england.find((r) => r.lad_code === "E08000025")).toMatchObject({count: "198", rate: "", reason: "West Midlands Police: no month in the set"});
    expect(england.find((r) => r.force_id === "thames-valley")!.reason).toBe("Thames Valley Police: 11 of 12 months in the set");
  });

  it("counts Plymouth from one source per comparison: D&C files for the force chart, the England set against England", () => {
    const p = json(out);
    const forceChart = csv(out, "force-districts.csv").find((r) => r.lad_code === "E06000026")!;
    // Hand checks: 13,072 in D&C's own 2025 files; 13,075 in the England set (3 records located there by other forces).
    expect(Number(forceChart.count)).toBe(13072);
    expect(Number(csv(out, "england-districts.csv").find((r) => r.lad_code === "E06000026")!.count)).toBe(13075);
    expect(p.england.area).toMatchObject({count: 13075, population: 264723});
    const england = p.findings.find((f: {kind: string; text: string}) => f.kind === "benchmark" && f.text.includes("England"))!.text;
    expect(england).toContain("(13,075 offences in 2025), its rate is 49.4 per 1,000");
    const force = p.findings.find((f: {kind: string; text: string}) => f.kind === "benchmark" && f.text.includes("area as a whole"))!.text;
    expect(force).toContain("Counted from the Devon & Cornwall Police files, as the headline is, the rate of Plymouth (49.4 per 1,000 residents)");
  });

  it("reports the serious violence without a location, in no rate, with the England set's share beside it", () => {
    const p = json(out);
    // Hand checks: 3,777 of D&C's 67,002 serious violence records of 2025 have no location; 23,628 in the England set.
    expect(p.noLocation).toMatchObject({sv: 3777, sv_records: 67002});
    expect(p.noLocation.share).toBeCloseTo(3777 / 67002, 5);
    // Hand check: 1,267,235 records located in the complete forces' districts; 23,628 / 1,290,863 = 1.8%.
    expect(p.england.count).toBe(1_267_235);
    expect(p.england.noLocation.sv).toBe(23628);
    expect(p.england.noLocation.share).toBeCloseTo(23628 / (23628 + p.england.count), 5);
    // The force rate's numerator is the located records of its districts only.
    const forceDistricts = csv(out, "force-districts.csv");
    expect(p.force.count).toBe(forceDistricts.reduce((s, r) => s + Number(r.count), 0));
  });

  it("names every neighbourhood with its ward, in the ranked table, the map and the findings", () => {
    const lsoas = csv(out, "lsoa-violence.csv");
    expect(lsoas.filter((l) => !l.ward_name)).toEqual([]);
    expect(lsoas.find((l) => l.lsoa21_code === "E01015023")).toMatchObject({lsoa21_name: "Plymouth 003A", ward_name: "Budshead"});
    const map = JSON.parse(readFileSync(join(out, "lsoa-boundaries.json"), "utf-8")) as {features: {properties: Record<string, string>}[]};
    expect(map.features.find((f) => f.properties.code === "E01015023")!.properties).toMatchObject({name: "Plymouth 003A", ward: "Budshead"});
    const top = lsoas[0]!;
    const concentration = json(out).findings.find((f: {kind: string}) => f.kind === "concentration").text;
    expect(concentration).toContain(`${top.lsoa21_name}, ${top.ward_name} (${top.lsoa21_code}): ${Number(top.count).toLocaleString("en-GB")} offences`);
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

  it("counts 32,041 on the force chart, as the headline, and 32,191 in the England set", () => {
    const p = json(surreyOut);
    const districts = csv(surreyOut, "force-districts.csv");
    expect(districts.reduce((s, r) => s + Number(r.count), 0)).toBe(32041);
    // Hand check: 150 records located in Surrey's districts by other forces' files.
    expect(p.england.area.count).toBe(32191);
    const england = csv(surreyOut, "england-districts.csv").filter((r) => r.partnership === "true");
    expect(england.reduce((s, r) => s + Number(r.count), 0)).toBe(32191);
  });

  it("does not compare Surrey with the Surrey Police area, which is the same set of districts", () => {
    const p = json(surreyOut);
    expect(p.force.sameAsArea).toBe(true);
    expect(json(out).force.sameAsArea).toBe(false);
    const texts: string[] = p.findings.map((f: {text: string}) => f.text);
    expect(texts.filter((t) => t.includes("area as a whole"))).toEqual([]);
    expect(texts).toContain("Surrey is the whole Surrey Police area (the same districts), so it is compared with England rather than with the force.");
    expect(texts.some((t) => t.includes("In the England police.uk 2025 set, which counts the records every force located in Surrey (32,191 offences in 2025)"))).toBe(true);
  });
});

describe("Risk factors for each district of a county", () => {
  const districtFile = (dir: string) => JSON.parse(readFileSync(join(dir, "district-indicators.json"), "utf-8")) as {districts: {code: string; name: string; indicators: {id: number | string; value: number | null; gap: string | null}[]; findings: unknown[]}[]};
  const indicatorsFile = (dir: string) => JSON.parse(readFileSync(join(dir, "indicators.json"), "utf-8"));

  it("Surrey's Guildford is what a build configured with Guildford alone writes into indicators.json, row for row", async () => {
    const guildfordOut = join(out, "..", "guildford");
    mkdirSync(guildfordOut);
    const surrey = await loadConfig(join(ROOT, "configs/surrey.ts"));
    const guildford = {code: "E07000209", name: "Guildford"};
    await prepare({...surrey, area: {...guildford, kind: "district" as const}, districts: [guildford]}, guildfordOut);
    const alone = indicatorsFile(guildfordOut);
    const entry = districtFile(surreyOut).districts.find((d) => d.code === guildford.code)!;
    expect(entry.indicators).toEqual(alone.indicators);
    expect(entry.findings).toEqual(alone.findings);
    // A build of one district writes no district tables: the area is its district.
    expect(districtFile(guildfordOut).districts).toEqual([]);
  }, 60_000);

  it("gives every district of Surrey its own values where Fingertips publishes them for districts, and says why where it does not", () => {
    const {districts} = districtFile(surreyOut);
    expect(districts.map((d) => d.name)).toEqual(["Elmbridge", "Epsom and Ewell", "Guildford", "Mole Valley", "Reigate and Banstead", "Runnymede", "Spelthorne", "Surrey Heath", "Tandridge", "Waverley", "Woking"]);
    const county = indicatorsFile(surreyOut).indicators as {id: number | string; value: number | null; gap: string | null}[];
    const guildford = districts.find((d) => d.code === "E07000209")!;
    const of = (rows: typeof county, id: number | string) => rows.find((r) => r.id === id)!;
    // Children in low income families 2016 (Fingertips via Trafford's extract): 9.4% in Guildford; the snapshot has no county value.
    expect(of(guildford.indicators, 10101)).toMatchObject({value: 9.4, period: "2016", gap: null});
    expect(of(county, 10101).gap).toMatch(/no value for this area/);
    // Violence offences (11202): the snapshot has Sussex's districts only, so the county is told to see its districts'.
    expect(of(county, 11202).gap).toBe("the snapshot has this indicator for districts and unitary authorities only, and E10000030 is a county: see its districts' values");
    // Children in care: counties and unitary authorities only, so a district has none, and the gap says why.
    expect(of(county, 90803).value).toBe(35.7);
    expect(of(guildford.indicators, 90803).gap).toBe("the snapshot has this indicator for upper-tier authorities (counties and unitary authorities) only, and E07000209 is a district: see its county's value");
    // Each district's values are its own: no two districts share every value.
    const values = districts.map((d) => JSON.stringify(d.indicators.map((i) => i.value)));
    expect(new Set(values).size).toBe(districts.length);
    expect(districtFile(out).districts).toEqual([]); // Plymouth is one district
    // Explore's table of the same: one row per district and indicator, the values as the page shows them.
    const rows = csv(surreyOut, "district-indicator-values.csv");
    expect(rows).toHaveLength(districts.length * county.length);
    expect(rows.find((r) => r.lad_code === "E07000209" && r.indicator_id === "10101")).toMatchObject({lad_name: "Guildford", period: "2016", value: "9.4", gap: ""});
    expect(csv(out, "district-indicator-values.csv")).toHaveLength(0);
  });
});

/**
 * Small prepared tables of each partnership compared with golden files (tests/integration/__golden__/): a change to
 * any figure, CI or label shows as a diff (<name>-changed) to review, not only the figures checked by hand above.
 */
describe("golden prepared tables", () => {
  const GOLDEN = join(ROOT, "tests/integration/__golden__");
  const SMALL = ["imd-deciles.csv", "force-districts.csv", "outcomes.csv", "concentration.csv"];
  // The summary the Overview reads: everything but the long lists (months, the ingest report, sources).
  const summary = (dir: string): string => {
    const {headline, england, force, noLocation, concentration, findings, window} = json(dir);
    return `${JSON.stringify({window: {start: window.start, end: window.end, missing: window.missing}, headline, england, force, noLocation, concentration, findings}, null, 2)}\n`;
  };
  for (const [name, dir] of [["plymouth", () => out], ["surrey", () => surreyOut]] as const) {
    it(`${name}: the headline summary and ${SMALL.length} small tables match their golden files`, async () => {
      await assertGolden(join(GOLDEN, name, "summary.json"), summary(dir()));
      for (const file of SMALL) await assertGolden(join(GOLDEN, name, file), readFileSync(join(dir(), file), "utf-8"));
    });
  }
});

describe("the registry of prepared tables holds the prepare step to it", () => {
  it("writes every table the registry names, with its columns and types, in both builds", () => {
    for (const dir of [out, surreyOut]) expect(() => verifyPrepared(dir)).not.toThrow();
    expect(readFileSync(join(out, "lsoa-violence.csv"), "utf-8").split("\n")[0]).toBe(columnNames(TABLES.lsoa_violence).join(","));
  });
  it("refuses a prepared folder whose file drifted from the registry, naming the file, the column and the builder", () => {
    const copy = mkdtempSync(join(tmpdir(), "sna-drift-"));
    try {
      cpSync(out, copy, {recursive: true});
      const path = join(copy, "imd-deciles.csv");
      writeFileSync(path, readFileSync(path, "utf-8").replace("lsoas,", "areas,"));
      expect(() => verifyPrepared(copy)).toThrow(/data\/imd-deciles\.csv lacks lsoas and has unexpected areas.*components\/sql\/violence\.ts violenceByImdDecile/);
      cpSync(join(out, "imd-deciles.csv"), path);
      const england = join(copy, "england-districts.csv");
      writeFileSync(england, readFileSync(england, "utf-8").replace(/,true,(true|false),/, ",yes,$1,"));
      expect(() => verifyPrepared(copy)).toThrow(/england-districts\.csv, row \d+, column complete: "yes" is not true or false/);
      cpSync(join(out, "england-districts.csv"), england);
      rmSync(join(copy, "partners/partner-records.csv"));
      expect(() => verifyPrepared(copy)).toThrow(/did not write partners\/partner-records\.csv \(table partner_records, built by loaders\/partners\/load\.ts loadPartnerData\)/);
    } finally {
      rmSync(copy, {recursive: true, force: true});
    }
  });
});

describe("official statistics beside police.uk (ONS Table C2, homicide, knife offences)", () => {
  const cspRow = (dir: string, level: string, offence: string) => csv(dir, "csp-crime.csv").filter((r) => r.level === level && r.offence === offence);
  it("Plymouth's CSP, year ending June 2025: 2 homicides (exact interval), 3,305 violence with injury, 441 weapons offences, among 264,723 residents", () => {
    const [h] = cspRow(out, "partnership", "homicide");
    expect(h).toMatchObject({area_code: "E06000026", count: "2", population: "264723", ci_method: "Exact"});
    expect(Number(h!.lower) * 264.723).toBeCloseTo(0.2422, 3);
    expect(Number(h!.upper) * 264.723).toBeCloseTo(7.2247, 3);
    expect(cspRow(out, "partnership", "violence_with_injury")[0]!.count).toBe("3305");
    expect(cspRow(out, "partnership", "possession_of_weapons_offences")[0]!.count).toBe("441");
  });
  it("Surrey sums its 11 district CSPs, and they equal the Surrey force total (its Unassigned row is empty)", () => {
    for (const offence of ["homicide", "violence_with_injury", "violence_without_injury", "robbery", "possession_of_weapons_offences", "sexual_offences", "total_recorded_crime"]) {
      const districts = cspRow(surreyOut, "partnership CSP", offence);
      expect(districts).toHaveLength(11);
      const sum = districts.reduce((s, r) => s + Number(r.count), 0);
      expect(Number(cspRow(surreyOut, "partnership", offence)[0]!.count), offence).toBe(sum);
      expect(Number(cspRow(surreyOut, "force", offence)[0]!.count), offence).toBe(sum);
    }
    expect(cspRow(surreyOut, "partnership", "homicide")[0]!.count).toBe("9");
  });
  it("lists every English CSP once per offence for the funnel, the partnership's own flagged", () => {
    const england = cspRow(out, "England CSP", "homicide");
    expect(england).toHaveLength(293);
    expect(england.filter((r) => r.partnership === "true").map((r) => r.area_code)).toEqual(["E22000056"]);
  });
  it("knife offences: Surrey's recording change is a break before YE Mar 2017, Devon and Cornwall has none; rates only where ONS gives the population", () => {
    const series = (dir: string) => csv(dir, "knife-series.csv").filter((r) => r.role === "partnership force");
    expect(series(surreyOut).filter((r) => r.break_before === "true").map((r) => r.label)).toEqual(["YE Mar 2017"]);
    expect(series(out).filter((r) => r.break_before === "true")).toEqual([]);
    const dec19 = series(out).find((r) => r.label === "YE Dec 2019")!;
    expect(dec19).toMatchObject({count: "484", population: "1762400", population_basis: "mid-2018"});
    expect(Number(dec19.rate_per_100k)).toBeCloseTo((484 / 1762400) * 1e5, 6);
    expect(series(out).filter((r) => r.rate_per_100k !== "").map((r) => r.label)).toEqual(["YE Mar 2018", "YE Dec 2018", "YE Mar 2019", "YE Dec 2019"]);
  });
  it("homicide per million: nine 3-year periods for the force, its region and England and Wales", () => {
    const rates = csv(out, "homicide-rates.csv");
    const force = rates.filter((r) => r.role === "partnership force");
    expect(force).toHaveLength(9);
    expect(Number(force.at(-1)!.rate_per_million)).toBeCloseTo(6.03, 2);
    expect(rates.filter((r) => r.role === "region").map((r) => r.area_name)).toEqual(Array(9).fill("South West"));
    expect(Number(rates.find((r) => r.role === "England and Wales" && r.period_start === "2014-04")!.rate_per_million)).toBeCloseTo(9.97, 2);
  });
});
