// ONS Table C2 (CSPs, year ending June 2025) read from the real snapshot file. Expected figures were counted from the
// raw CSV independently of the loader (Python's csv module): 314 CSPs (293 English E22, 21 Welsh W14), 42 force
// totals (City of London has a CSP row and no total), 42 Unassigned rows, one other area (Manchester Airport).
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {C2_FILE, parseC2Count, readTableC2} from "../../loaders/recorded-crime/c2-csp.ts";
import {englandCsps, loadC2Lookups, partnershipC2, sumCounts, type C2Lookups} from "../../loaders/recorded-crime/partnership-c2.ts";
import {C2_OFFENCES, type C2Table} from "../../loaders/recorded-crime/schemas.ts";
import {ONS_FILES} from "../../loaders/ons/lookups.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";
import surrey from "../../configs/surrey.ts";

const SURREY_PFA = "E23000031";

let c2: C2Table;
let lookups: C2Lookups;
beforeAll(async () => {
  c2 = readTableC2(SNAPSHOT_DIR);
  lookups = await loadC2Lookups(SNAPSHOT_DIR);
}, 60_000);

describe("Table C2 rows", () => {
  it("keeps CSPs, force totals, Unassigned rows and other areas apart", () => {
    expect(c2.period).toEqual({start: "2024-07", end: "2025-06", label: "year ending June 2025"});
    expect(c2.csps).toHaveLength(314);
    expect(c2.forceTotals).toHaveLength(42);
    expect(c2.unassigned).toHaveLength(42);
    expect(c2.otherAreas.map((o) => o.name)).toEqual(["Manchester Airport"]);
    expect(c2.offences).toHaveLength(23);
  });
  it("has every English CSP (293, counted from the raw file)", () => {
    expect(c2.csps.filter((c) => c.csp_code.startsWith("E22"))).toHaveLength(293);
    expect(new Set(c2.csps.map((c) => c.csp_code)).size).toBe(314);
    expect(englandCsps(c2, lookups)).toHaveLength(293);
  });
  it("gives every force total as the sum of its CSP, Unassigned and other rows, for every offence", () => {
    const parts = [...c2.csps, ...c2.unassigned, ...c2.otherAreas];
    for (const total of c2.forceTotals) {
      const mine = parts.filter((p) => p.pfa_code === total.pfa_code);
      for (const {key} of C2_OFFENCES) {
        const sum = mine.reduce((s, p) => s + (p.counts[key] ?? 0), 0);
        expect(sum, `${total.pfa_name} ${key}`).toBe(total.counts[key]);
      }
    }
  });
  it("puts the two mis-coded Unassigned rows with the force they name, and says so", () => {
    expect(c2.corrections.map((c) => [c.line, c.file_value, c.used_value])).toEqual([[134, "W15000003", "W15000002"], [344, "E23000032", SURREY_PFA]]);
    expect(c2.unassigned.find((u) => u.name === "unassigned Surrey")?.pfa_code).toBe(SURREY_PFA);
  });
  it("Surrey: its 11 CSPs sum to the force total less the Unassigned Surrey row (blank in the file: null, never 0)", () => {
    const csps = c2.csps.filter((c) => c.pfa_code === SURREY_PFA);
    expect(csps).toHaveLength(11);
    const total = c2.forceTotals.find((t) => t.pfa_code === SURREY_PFA);
    const unassigned = c2.unassigned.filter((u) => u.pfa_code === SURREY_PFA);
    expect(unassigned).toHaveLength(1);
    // Every cell of "unassigned Surrey" is blank: unavailable, so the CSPs carry the whole force total.
    expect(Object.values(unassigned[0]?.counts ?? {}).every((v) => v === null)).toBe(true);
    const sum = sumCounts(csps);
    for (const {key} of C2_OFFENCES) expect(sum[key], key).toBe((total?.counts[key] ?? NaN) - (unassigned[0]?.counts[key] ?? 0));
    expect(sum.homicide).toBe(9);
    expect(sum.total_recorded_crime).toBe(74528);
  });
  it("reads combined CSPs' districts from the ONS lookup, since the file names none", () => {
    const southDevon = c2.csps.find((c) => c.csp_code === "E22000364");
    expect(southDevon?.la_code_in_file).toBeNull();
    expect(southDevon?.la_codes).toEqual(["E07000044", "E07000045", "E07000047"]);
    expect(c2.csps.filter((c) => c.la_code_in_file === null)).toHaveLength(11);
    // Cumbria's CSPs still follow the pre-2023 districts: the file's code is kept, the 2024 district is shared.
    const allerdale = c2.csps.find((c) => c.csp_code === "E22000031");
    expect([allerdale?.la_code_in_file, allerdale?.la_codes, allerdale?.la_codes_shared]).toEqual(["E07000026", ["E06000063"], ["E06000063"]]);
  });
  it("reads [x] and blank as null, never 0, and refuses text", () => {
    // The snapshot's file has no [x] cell (only the blank "unassigned Surrey" row, tested above).
    expect(parseC2Count("[x]", () => "here")).toBeNull();
    expect(parseC2Count(" ", () => "here")).toBeNull();
    expect(parseC2Count('15,974 ', () => "here")).toBe(15974);
    expect(parseC2Count("0 ", () => "here")).toBe(0);
    expect(() => parseC2Count("n/a", () => "file line 9, column \"Homicide\"")).toThrow('file line 9, column "Homicide": "n/a" is not a count');
  });
});

describe("a partnership's CSPs", () => {
  it("Plymouth: one CSP with the raw file's counts (homicide 2, violence with injury 3,305, weapons 441)", () => {
    const p = partnershipC2(c2, ["E06000026"], lookups);
    expect(p.csps.map((c) => [c.csp_code, c.csp_name, c.la_codes_in_partnership])).toEqual([["E22000056", "Plymouth", ["E06000026"]]]);
    expect(p.total.counts.homicide).toBe(2);
    expect(p.total.counts.violence_with_injury).toBe(3305);
    expect(p.total.counts.possession_of_weapons_offences).toBe(441);
    expect(p.total.counts.violence_without_injury).toBe(4957);
    expect(p.exact).toBe(true);
    // Census 2021 usual residents of Plymouth's LSOAs.
    expect(p.total.population).toBeGreaterThan(260_000);
    expect(p.total.rates_per_1000.violence_with_injury).toBeCloseTo((3305 / (p.total.population ?? NaN)) * 1000, 10);
  });
  it("Surrey: the 11 district CSPs, kept and summed", () => {
    const p = partnershipC2(c2, surrey.districts.map((d) => d.code), lookups);
    expect(p.csps).toHaveLength(11);
    expect(p.total.counts.homicide).toBe(9);
    expect(p.total.counts.possession_of_weapons_offences).toBe(757);
    expect(p.total.population).toBe(p.csps.reduce((s, c) => s + (c.population ?? NaN), 0));
    expect(p.exact).toBe(true);
  });
  it("a CSP reaching beyond the partnership is flagged, and a district in no CSP is refused", () => {
    const p = partnershipC2(c2, ["E07000044"], lookups); // South Hams, one of three in South Devon and Dartmoor
    expect(p.exact).toBe(false);
    expect(p.notes[0]).toContain("also covers E07000045, E07000047");
    expect(() => partnershipC2(c2, ["E10000030"], lookups)).toThrow("E10000030 are in no CSP");
  });
  it("a CSP split off a 2024 district gets no population, with the reason", () => {
    const poole = englandCsps(c2, lookups).find((c) => c.csp_code === "E22000067");
    expect(poole?.population).toBeNull();
    expect(poole?.population_note).toContain("E06000058");
    expect(poole?.rates_per_1000.homicide).toBeNull();
  });
});

describe("Table C2 input errors (copies of the real file, altered)", () => {
  const dir = mkdtempSync(join(tmpdir(), "c2-"));
  const real = readFileSync(join(SNAPSHOT_DIR, C2_FILE), "utf-8");
  const write = (text: string) => {
    mkdirSync(dirname(join(dir, C2_FILE)), {recursive: true});
    writeFileSync(join(dir, C2_FILE), text);
  };
  beforeAll(() => {
    for (const f of [ONS_FILES.ladToPfa, "ons/lookups/la_all_codes.csv"]) {
      mkdirSync(dirname(join(dir, f)), {recursive: true});
      copyFileSync(join(SNAPSHOT_DIR, f), join(dir, f));
    }
  });
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("no header row: says so, naming the file and what to update", () => {
    write(real.replace('"Police Force\nArea code"', '"PFA code"'));
    expect(() => readTableC2(dir)).toThrow(/policeforceareatablesyejune25final_TableC2\.csv: no header row .*ONS changed the layout/);
  });
  it("a renamed column: names it, says ONS changed the layout and which file to update", () => {
    write(real.replace(",Homicide,", ",Homicides,"));
    expect(() => readTableC2(dir)).toThrow(/missing column\(s\) "Homicide"; unexpected column\(s\) "Homicides"\. Update C2_ID_COLUMNS \/ C2_OFFENCES in loaders\/recorded-crime\/schemas\.ts/);
  });
  it("a cell that is not a count: names the line and column", () => {
    write(real.replace('E06000026,Plymouth,"25,767 ","11,192 ",2 ,', 'E06000026,Plymouth,"25,767 ","11,192 ",two ,'));
    expect(() => readTableC2(dir)).toThrow(`${C2_FILE} line 72, column "Homicide": "two" is not a count`);
  });
  it("notes under the table are skipped; a data row after them is refused", () => {
    write(`${real}Note: counts are provisional,,,,,,,,,,,,,,,,,,,,,,,,,,,,\nSource: Home Office\n`);
    expect(readTableC2(dir).csps).toHaveLength(314);
    const plymouth = real.split("\n").find((l) => l.includes("E22000056")) ?? "";
    write(`${real}Note: counts are provisional,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n${plymouth}\n`);
    expect(() => readTableC2(dir)).toThrow(/line 414: a data row after the notes that start at line 413/);
  });
});
