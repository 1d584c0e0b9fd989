/**
 * ONS "Police force area data tables" loader (loaders/recorded-crime/pfa-tables.ts) on the eight real workbooks of
 * the snapshot, plus synthetic workbooks (written with exceljs) that provoke its errors.
 *
 * The expected figures below were read independently of the project's code: each xlsx unzipped with Python's
 * zipfile and its sheet XML (xl/worksheets/sheetN.xml + xl/sharedStrings.xml) read with xml.etree.
 */
import ExcelJS from "exceljs";
import {mkdirSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  PFA_TABLES_DIR,
  readHomicideCounts,
  readKnifeBySelectedOffence,
  readKnifeSeries,
  readPfaTables,
  splitMarkers
} from "../../loaders/recorded-crime/pfa-tables.ts";
import type {ForcePopulationRow, HomicideCountRow, KnifeByOffenceRow, KnifeSeriesRow} from "../../loaders/recorded-crime/pfa-schemas.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";
import {writeWorkbook} from "../helpers/write-workbook.ts";

const SURREY = "E23000031";
const DEVON_CORNWALL = "E23000035";
const GMP = "E23000005";
const EW = "K04000001";
const EDITIONS = ["2018-03", "2018-06", "2018-09", "2018-12", "2019-03", "2019-06", "2019-09", "2019-12"];

let knifeSeries: KnifeSeriesRow[];
let knifeByOffence: KnifeByOffenceRow[];
let homicide: HomicideCountRow[];
let population: ForcePopulationRow[];

beforeAll(async () => {
  ({knifeSeries, knifeByOffence, homicide, population} = await readPfaTables(SNAPSHOT_DIR));
});

const series = (key: string) => knifeSeries.filter((r) => r.area_key === key);
const p4 = (key: string, offence: KnifeByOffenceRow["offence"], edition: string) =>
  knifeByOffence.find((r) => r.area_key === key && r.offence === offence && r.edition === edition);

describe("Table P4 of every edition", () => {
  it("is found in all eight editions, including those whose sheet is named with trailing spaces", async () => {
    // The trap is real: three editions name the sheet "Table P4 " or "Table P4  ".
    const names: string[] = [];
    for (const f of ["pfatablesdec19.xlsx", "policeforceareatablesyearendingjune2019.xlsx", "policeforceareatablesyearendingseptember2019.xlsx"]) {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(join(SNAPSHOT_DIR, PFA_TABLES_DIR, f), {worksheets: "emit", sharedStrings: "ignore", styles: "ignore", hyperlinks: "ignore", entries: "ignore"});
      for await (const ws of reader) {
        const name = (ws as unknown as {name: string}).name;
        if (name.trim() === "Table P4") names.push(name);
        for await (const _row of ws) void _row; // drain the sheet
      }
    }
    expect(names.sort()).toEqual(["Table P4 ", "Table P4 ", "Table P4  "]);

    expect([...new Set(knifeByOffence.map((r) => r.edition))]).toEqual(EDITIONS);
    for (const edition of EDITIONS) {
      const rows = knifeByOffence.filter((r) => r.edition === edition);
      // 56 areas (England and Wales, England, 9 regions, 43 forces, Wales, British Transport Police) × 7 offences.
      expect(rows.length, edition).toBe(56 * 7);
      expect(new Set(rows.map((r) => r.offence)).size).toBe(7);
    }
    expect(p4(SURREY, "total_selected", "2019-12")?.file).toBe("recorded-crime/pfa/pfatablesdec19.xlsx");
    expect(p4(SURREY, "total_selected", "2019-12")?.edition_label).toBe("YE Dec 2019");
  });

  it("gives England and Wales's knife total of each edition as the workbook prints it", () => {
    // Table P4, row "ENGLAND AND WALES", column C ("Total of selected serious offences", number involving a knife).
    // YE Sep and Dec 2019 exclude Greater Manchester Police (footnoted), which could not supply Jul–Dec 2019.
    const expected: Record<string, number> = {
      "2018-03": 40147, "2018-06": 41884, "2018-09": 42957, "2018-12": 44443,
      "2019-03": 47136, "2019-06": 47513, "2019-09": 44771, "2019-12": 45627
    };
    for (const [edition, total] of Object.entries(expected)) expect(p4(EW, "total_selected", edition)?.count, edition).toBe(total);
    expect(p4(EW, "total_selected", "2019-12")?.note).toMatch(/Greater Manchester Police have been unable to supply data/);
  });

  it("reads every selected offence by its heading, with the % involving a knife and ONS's '-' as null", () => {
    const surrey = knifeByOffence.filter((r) => r.area_key === SURREY && r.edition === "2019-12");
    expect(Object.fromEntries(surrey.map((r) => [r.offence, r.count]))).toEqual({
      total_selected: 467, attempted_murder: 11, threats_to_kill: 86, assault_injury_serious_harm: 250, robbery: 114, rape_sexual_assault: 4, homicide: 2
    });
    expect(surrey.find((r) => r.offence === "robbery")?.pct_involving_knife).toBe(25);
    expect(surrey.find((r) => r.offence === "homicide")?.pct_involving_knife).toBeNull(); // "-": base under 50
    expect(surrey.find((r) => r.offence === "homicide")?.offence_note).toMatch(/Homicide Index/);
  });

  it("flags Surrey's revision at the YE Mar 2019 edition (60 → 464) and no break for Devon and Cornwall", () => {
    const surrey = EDITIONS.map((e) => p4(SURREY, "total_selected", e)!);
    expect(surrey.map((r) => r.count)).toEqual([58, 63, 65, 60, 464, 491, 474, 467]);
    expect(surrey.filter((r) => r.break_before).map((r) => r.edition)).toEqual(["2019-03"]);
    expect(surrey.find((r) => r.break_before)?.break_note).toMatch(/Sussex and Surrey Police revising their figures/);
    const dc = EDITIONS.map((e) => p4(DEVON_CORNWALL, "total_selected", e)!);
    expect(dc.map((r) => r.count)).toEqual([398, 446, 440, 440, 440, 431, 427, 484]);
    expect(dc.some((r) => r.break_before)).toBe(false);
  });
});

describe("Table P5: the knife series of the YE Dec 2019 edition", () => {
  const DC = [393, 341, 198, 301, 323, 290, 427, 398, 442, 440, 484];
  const SU = [65, 34, 27, 43, 83, 64, 294, 436, 443, 464, 467];
  const LABELS = ["YE Mar 2011", "YE Mar 2012", "YE Mar 2013", "YE Mar 2014", "YE Mar 2015", "YE Mar 2016", "YE Mar 2017", "YE Mar 2018", "YE Dec 2018", "YE Mar 2019", "YE Dec 2019"];

  it("holds Devon and Cornwall and Surrey from YE Mar 2011 to YE Dec 2019: 9 financial years and 2 rolling years", async () => {
    expect(await readKnifeSeries(SNAPSHOT_DIR)).toEqual(knifeSeries);
    for (const [key, counts] of [[DEVON_CORNWALL, DC], [SURREY, SU]] as const) {
      const s = series(key);
      expect(s.length).toBe(11);
      expect(s.map((r) => r.label)).toEqual(LABELS);
      expect(s.map((r) => r.count)).toEqual(counts);
      expect(s.filter((r) => r.period_kind === "financial").length).toBe(9);
      expect(s.every((r) => r.edition === "2019-12" && r.rate_per_100k === null)).toBe(true);
    }
    expect(series(SURREY)[0]).toMatchObject({year_ending: "2011-03", period_start: "2010-04", force_id: "surrey", area_name: "Surrey", area_type: "force"});
    expect(series(DEVON_CORNWALL)[0]?.force_id).toBe("devon-and-cornwall");
    expect(series(DEVON_CORNWALL)[0]?.pct_involving_knife).toBeCloseTo(3.2771847898599065, 12);
  });

  it("flags Surrey's break before its first revised period and never joins across it; none for Devon and Cornwall", () => {
    // Footnote 9: "Numbers differ from those published prior to year ending March 2019 due to Sussex and Surrey
    // Police revising their figures". The revision reaches back to YE Mar 2017: the YE Mar 2018 edition's P5 printed
    // 52 for YE Mar 2017 and 58 for YE Mar 2018; this edition prints 294 and 436.
    const s = series(SURREY);
    expect(s.filter((r) => r.break_before).map((r) => r.label)).toEqual(["YE Mar 2017"]);
    expect(s.find((r) => r.break_before)?.break_note).toMatch(/^9\. Numbers differ from those published prior to year ending March 2019/);
    expect(s[0]?.note).toMatch(/unbroken bottle and glass/);
    expect(series(DEVON_CORNWALL).some((r) => r.break_before)).toBe(false);
    expect(series(DEVON_CORNWALL)[0]?.note).toBeNull();
    // Greater Manchester's own footnote (reviewed its recording in December 2017) breaks its series at YE Mar 2018.
    expect(series(GMP).filter((r) => r.break_before).map((r) => r.label)).toEqual(["YE Mar 2018"]);
  });

  it("reads the areas only: the footnotes below the table are notes, not rows", () => {
    expect(new Set(knifeSeries.map((r) => r.area_key)).size).toBe(58); // "West Midlands" is both a region and a force
    const areas = [...new Set(knifeSeries.map((r) => r.area_name))];
    expect(areas.at(-1)).toBe("British Transport Police");
    expect(areas.some((a) => /^(source|\d)/i.test(a))).toBe(false);
    expect(knifeSeries.length).toBe(58 * 11);
    expect(new Set(knifeSeries.filter((r) => /^E23/.test(r.area_code ?? "")).map((r) => r.force_id)).size).toBe(39);
    expect(series("W15000002")[0]).toMatchObject({area_name: "Gwent", area_type: "force", force_id: null});
  });

  it("turns the missing markers into null, never 0", () => {
    // "NA" from YE Mar 2018 for England and Wales (Greater Manchester could not supply Jul–Dec 2019).
    const ew = series(EW);
    expect(ew.map((r) => r.count)).toEqual([32668, 30985, 26396, 25588, 26311, 29259, 35381, null, null, null, null]);
    expect(ew.at(-1)?.pct_involving_knife).toBeNull();
    expect(series(GMP).at(-1)?.count).toBeNull();
    // ONS prints the totals without Greater Manchester for every period; they are kept.
    expect(series("england-and-wales-excluding-greater-manchester-police").map((r) => r.count))
      .toEqual([30620, 29248, 24797, 23945, 24550, 27462, 33726, 40212, 42555, 43684, 45627]);
    // YE Sep 2019 P4: Greater Manchester is ".." everywhere, and "." in one column.
    const gmp = knifeByOffence.filter((r) => r.area_key === GMP && r.edition === "2019-09");
    expect(gmp.length).toBe(7);
    expect(gmp.every((r) => r.count === null && r.pct_involving_knife === null)).toBe(true);
  });
});

describe("Table P1 homicide counts and Table P3 populations", () => {
  it("gives homicides per edition for both forces and England and Wales", async () => {
    expect(await readHomicideCounts(SNAPSHOT_DIR)).toEqual(homicide);
    const of = (key: string) => homicide.filter((r) => r.area_key === key).map((r) => [r.year_ending, r.count]);
    expect(of(DEVON_CORNWALL)).toEqual(EDITIONS.map((e, i) => [e, [15, 13, 19, 19, 19, 20, 14, 13][i]]));
    expect(of(SURREY)).toEqual(EDITIONS.map((e, i) => [e, [6, 4, 6, 1, 5, 5, 5, 5][i]]));
    expect(of(EW)).toEqual(EDITIONS.map((e, i) => [e, [726, 719, 739, 732, 701, 681, 617, 670][i]]));
    expect(homicide.find((r) => r.area_key === GMP && r.edition === "2019-12")?.count).toBeNull(); // ".."
  });

  it("gives the population ONS used for each edition's rates, with its source", () => {
    const surrey = population.filter((r) => r.area_key === SURREY);
    expect(surrey.map((r) => [r.edition, r.population, r.population_basis])).toEqual([
      ["2018-03", 1181000, "mid-2016"], ["2018-06", 1185300, "mid-2017"], ["2018-09", 1185300, "mid-2017"], ["2018-12", 1185300, "mid-2017"],
      ["2019-03", 1185300, "mid-2017"], ["2019-06", 1189900, "mid-2018"], ["2019-09", 1189900, "mid-2018"], ["2019-12", 1189900, "mid-2018"]
    ]);
    expect(population.find((r) => r.area_key === DEVON_CORNWALL && r.edition === "2019-12")?.population).toBe(1762400);
    expect(surrey[0]?.source).toMatch(/Table P3, column "Population figures \(mid-2016\) rounded to 100"/);
  });
});

describe("footnote markers", () => {
  it("are split off names and headings in every form", () => {
    expect(splitMarkers("Sussex8,9")).toEqual({text: "Sussex", markers: [8, 9]});
    expect(splitMarkers("North East ")).toEqual({text: "North East", markers: []});
    expect(splitMarkers("Stalking and harassment 5")).toEqual({text: "Stalking and harassment", markers: [5]});
    expect(splitMarkers("Surrey [note 5]")).toEqual({text: "Surrey", markers: [5]});
    expect(splitMarkers("Surrey⁴")).toEqual({text: "Surrey", markers: [4]});
    expect(splitMarkers("Surrey¹²")).toEqual({text: "Surrey", markers: [12]});
  });
});

describe("bad workbooks", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pfa-tables-"));
  });
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  /** A snapshot folder holding one synthetic workbook with the given sheets (rows of cell values). */
  async function snapshotWith(name: string, sheets: Record<string, (string | number | null)[][]>): Promise<string> {
    const root = join(dir, name);
    mkdirSync(join(root, PFA_TABLES_DIR), {recursive: true});
    const wb = new ExcelJS.Workbook();
    for (const [sheet, rows] of Object.entries(sheets)) wb.addWorksheet(sheet).addRows(rows);
    await writeWorkbook(wb, join(root, PFA_TABLES_DIR, `${name}.xlsx`));
    return root;
  }

  const TITLE = ["Table P4: Knife and sharp instrument offences … year ending March 20201,2"];
  const GROUPS = [null, null, "Total of selected serious offences", null, "Attempted murder", null, "Threats to kill", null,
    "Assault with injury and assault with intent to cause serious harm", null, "Robbery", null, "Rape and sexual assault4", null, "Homicide5", null];
  const SUB = ["Area Code", "Area Name", ...Array.from({length: 7}, () => ["Number of offences involving a knife6", "% involving a knife"]).flat()];
  const SURREY_ROW = ["E23000031", "Surrey8", 467, 4.7, 11, "-", 86, 12.5, 250, 3.5, 114, 25, 4, 0.25, 2, "-"];
  const FOOTNOTES = [[null], ["Source: Home Office - Police recorded crime"], ["8. One police force (Surrey) include unbroken bottle and glass offences."]];

  it("reads a well-formed synthetic P4 (the control for the cases below)", async () => {
    const root = await snapshotWith("good", {"Table P4   ": [TITLE, [], [], GROUPS, SUB, [], SURREY_ROW, ...FOOTNOTES]});
    const rows = await readKnifeBySelectedOffence(root);
    expect(rows.length).toBe(7);
    expect(rows[0]).toMatchObject({edition: "2020-03", area_name: "Surrey", count: 467, markers: [8], note: "8. One police force (Surrey) include unbroken bottle and glass offences."});
  });

  it("refuses a workbook without Table P4, naming the file and the sheets it has", async () => {
    const root = await snapshotWith("no-p4", {"Table P1": [["Table P1: Police recorded crime … year ending March 20201,2"]], Notes: [["Notes"]]});
    await expect(readKnifeBySelectedOffence(root)).rejects.toThrow(/^recorded-crime\/pfa\/no-p4\.xlsx: no sheet "Table P4" \(sheets: .*"Table P1".*\)/);
  });

  it("refuses a renamed header, naming the file and the sheet", async () => {
    const renamed = ["Area Code", "Force", ...SUB.slice(2)];
    const root = await snapshotWith("renamed", {"Table P4 ": [TITLE, [], [], GROUPS, renamed, [], SURREY_ROW, ...FOOTNOTES]});
    await expect(readKnifeBySelectedOffence(root)).rejects.toThrow(/^recorded-crime\/pfa\/renamed\.xlsx, sheet "Table P4 ": no header row with "Area Code" and "Area Name"/);
  });

  it("refuses a renamed offence heading, naming the sheet, row and column", async () => {
    const groups = GROUPS.map((g) => (g === "Robbery" ? "Robberies" : g));
    const root = await snapshotWith("offence", {"Table P4": [TITLE, [], [], groups, SUB, [], SURREY_ROW, ...FOOTNOTES]});
    await expect(readKnifeBySelectedOffence(root)).rejects.toThrow(/recorded-crime\/pfa\/offence\.xlsx, sheet "Table P4" row 4, column K: offence heading "Robberies"/);
  });

  it("refuses a value that is neither a number nor a missing marker, naming row and column", async () => {
    const row = SURREY_ROW.map((v, i) => (i === 2 ? "about 400" : v));
    const root = await snapshotWith("value", {"Table P4": [TITLE, [], [], GROUPS, SUB, [], row, ...FOOTNOTES]});
    await expect(readKnifeBySelectedOffence(root)).rejects.toThrow(/sheet "Table P4" row 7, column C .*"about 400" is neither a number nor a missing-value marker/);
  });

  it("refuses a force whose code and name disagree with the project's force list", async () => {
    const row = ["E23000031", "Sussex", ...SURREY_ROW.slice(2)];
    const root = await snapshotWith("mismatch", {"Table P4": [TITLE, [], [], GROUPS, SUB, [], row, ...FOOTNOTES]});
    await expect(readKnifeBySelectedOffence(root)).rejects.toThrow(/row 7: police force area E23000031 is "Sussex" here but "Surrey Police" in loaders\/policeuk\/forces\.ts/);
  });
});
