// ONS homicide rates per million by police force area (Explore Local Statistics), read from the real snapshot file.
// Expected figures from the raw CSV: 504 rows = 56 areas × 9 periods; England and Wales 2014–17 = 9.968657… per million.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {HOMICIDE_FILE, forceRegions, homicideForForce, parseRollingPeriod, pfaCodeOfForce, readHomicideRates} from "../../loaders/recorded-crime/homicide-rates.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";

const rates = readHomicideRates(SNAPSHOT_DIR);

describe("homicide rates per million", () => {
  it("reads the BOM-prefixed header: every row has its area code", () => {
    expect(readFileSync(join(SNAPSHOT_DIR, HOMICIDE_FILE), "utf-8").charCodeAt(0)).toBe(0xfeff);
    expect(rates).toHaveLength(504);
    expect(rates.every((r) => /^[EKNW]\d{8}$/.test(r.area_code))).toBe(true);
  });
  it("England and Wales, Apr 2014 to Mar 2017: 9.97 per million", () => {
    const ew = rates.find((r) => r.area_code === "K04000001" && r.period_start === "2014-04");
    expect(ew).toMatchObject({area_name: "England and Wales", geography: "Country", period_end: "2017-03", label: "Apr 2014 to Mar 2017"});
    expect(Math.round((ew?.rate_per_million ?? NaN) * 100) / 100).toBe(9.97);
  });
  it("9 periods for every force, region and nation", () => {
    const periods = [...new Set(rates.map((r) => r.label))];
    expect(periods).toHaveLength(9);
    expect(periods.at(-1)).toBe("Apr 2022 to Mar 2025");
    const forces = new Set(rates.filter((r) => r.geography === "Police Force Area").map((r) => r.area_code));
    expect(forces.size).toBe(43);
    for (const f of forces) expect(rates.filter((r) => r.area_code === f), f).toHaveLength(9);
  });
  it("an empty observation is null with ONS's flag, never 0", () => {
    const city = rates.filter((r) => r.area_code === "E23000034" && r.rate_per_million === null);
    expect(city.length).toBeGreaterThan(0);
    expect(city.every((r) => r.status === "u")).toBe(true);
  });
  it("reads ISO 8601 periods and refuses others", () => {
    expect(parseRollingPeriod("2022-04-01/P3Y")).toEqual({period_start: "2022-04", period_end: "2025-03", label: "Apr 2022 to Mar 2025"});
    expect(parseRollingPeriod("2022/23")).toBeNull();
  });
});

describe("forces and their regions", () => {
  const regions = forceRegions(SNAPSHOT_DIR);
  it("maps police.uk ids to PFA codes and each English force to one region (ONS lookups)", () => {
    expect(pfaCodeOfForce("devon-and-cornwall")).toBe("E23000035");
    expect(pfaCodeOfForce("surrey")).toBe("E23000031");
    expect(regions).toHaveLength(39);
    expect(regions.find((r) => r.force_id === "surrey")?.region_name).toBe("South East");
    expect(regions.find((r) => r.force_id === "devon-and-cornwall")?.region_name).toBe("South West");
  });
  it("gives a force's 9 periods beside its region, England and England and Wales", () => {
    const h = homicideForForce(rates, "devon-and-cornwall", regions);
    expect([h.force, h.region, h.england, h.englandAndWales].map((s) => s.length)).toEqual([9, 9, 9, 9]);
    expect(h.region[0]?.area_code).toBe("E12000009");
    expect(h.force[0]?.rate_per_million).toBeCloseTo(7.971123535694884, 12);
    expect(() => homicideForForce(rates, "gotham", regions)).toThrow('"gotham" is not an English police.uk force id');
  });
});

describe("homicide file errors (copies of the real file, altered)", () => {
  const dir = mkdtempSync(join(tmpdir(), "homicide-"));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  const real = readFileSync(join(SNAPSHOT_DIR, HOMICIDE_FILE), "utf-8");
  const write = (text: string) => { mkdirSync(dirname(join(dir, HOMICIDE_FILE)), {recursive: true}); writeFileSync(join(dir, HOMICIDE_FILE), text); };
  it("a missing period row for an area is refused", () => {
    write(real.split("\n").filter((l, i) => i !== 1).join("\n"));
    expect(() => readHomicideRates(dir)).toThrow("area K04000001 has 8 rows for 8 of the file's 9 periods");
  });
  it("a rate on another scale is refused, naming the line and column", () => {
    write(real.replace('"Rate per 1,000,000 population"', '"Rate per 100,000 population"'));
    expect(() => readHomicideRates(dir)).toThrow(`${HOMICIDE_FILE} line 2, column "unit": expected "Rate per 1,000,000 population"`);
  });
});
