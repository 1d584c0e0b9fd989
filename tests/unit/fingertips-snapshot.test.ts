import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {gzipSync} from "node:zlib";
import {afterAll, describe, expect, it} from "vitest";
import {defaultIndicatorSet} from "../../loaders/fingertips/indicator-set.ts";
import {GAP_MESSAGE, loadIndicatorValues, readValuesFile, writeValuesFile} from "../../loaders/fingertips/snapshot.ts";
import type {SnapshotValue} from "../../loaders/fingertips/schemas.ts";
import {readManifest} from "../../loaders/snapshot/manifest.ts";

const SNAPSHOT = resolve(import.meta.dirname, "../../data/snapshot");
const tmp = mkdtempSync(join(tmpdir(), "ft-snap-"));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

const loaded = loadIndicatorValues(SNAPSHOT);
const find = (id: number, code: string, period: string): SnapshotValue | undefined =>
  loaded.values.find((v) => v.indicatorId === id && v.areaCode === code && v.period === period);

describe("loadIndicatorValues on the committed snapshot", () => {
  it("returns the real values checked by hand against the source files", () => {
    // indicator-values/MANIFEST.md "Handy real values"
    expect(find(90803, "E06000026", "2018")).toMatchObject({value: 79.6, comparedToEngland: "Worse", areaCodeStatus: "current"});
    expect(find(90803, "E92000001", "2018")?.value).toBe(63.6);
    expect(find(90803, "E10000030", "2018")).toMatchObject({value: 35.7, comparedToEngland: "Better"});
    expect(find(93203, "E06000026", "2018")).toMatchObject({value: 6.4, comparedToEngland: "Worse"});
    expect(find(21001, "E07000209", "2017/18")).toMatchObject({value: 251, comparedToEngland: "Worse"});
    // fingertips/MANIFEST.md: 11202 Crawley 2018/19 with CI and counts; 10401 West Sussex 2018
    expect(find(11202, "E07000226", "2018/19")).toMatchObject({value: 36.9114, lowerCi95: 35.7932, upperCi95: 38.0556, count: 4123, denominator: 111700});
    expect(find(10401, "E10000032", "2018")).toMatchObject({value: 99.717, count: 74});
  });

  it("keeps suppressed values as null with a note and maps old area codes", () => {
    const scilly = loaded.values.filter((v) => v.indicatorId === 21001 && v.areaCode === "E06000053");
    expect(scilly.length).toBeGreaterThan(0);
    expect(scilly.every((v) => v.value === null && v.valueNote !== null)).toBe(true);
    expect(find(21001, "E06000028", "2017/18")).toMatchObject({areaCodeCurrent: "E06000058", areaCodeStatus: "merged"});
    expect(find(90803, "E10000009", "2018")).toMatchObject({areaCodeCurrent: null, areaCodeStatus: "unmatched"});
  });

  it("lists the indicators of the set with no value as gaps, never inventing one", () => {
    const gapIds = loaded.gaps.map((g) => g.indicatorId);
    expect(gapIds).toContain(11201);
    expect(gapIds).not.toContain(90803);
    expect(loaded.gaps.every((g) => g.message === GAP_MESSAGE)).toBe(true);
    const setIds = defaultIndicatorSet().map((e) => e.id);
    for (const id of setIds) expect(gapIds.includes(id) !== loaded.coverage.some((c) => c.indicatorId === id)).toBe(true);
  });

  it("every values file is recorded in the manifest with source fingertips", () => {
    expect(loaded.unlisted).toEqual([]);
    const entries = readManifest(join(SNAPSHOT, "manifest.json")).files.filter((f) => f.path.startsWith("fingertips/"));
    expect(entries.length).toBeGreaterThanOrEqual(11);
    expect(entries.every((e) => e.source === "fingertips")).toBe(true);
  });

  it("refuses a values file that no longer matches its checksum", () => {
    const copy = join(tmp, "snap");
    cpSync(join(SNAPSHOT, "fingertips"), join(copy, "fingertips"), {recursive: true});
    cpSync(join(SNAPSHOT, "manifest.json"), join(copy, "manifest.json"));
    const victim = join(copy, "fingertips/values/trafford_93203_neets.csv.gz");
    const records = readValuesFile(victim);
    writeValuesFile(victim, records.slice(1));
    expect(() => loadIndicatorValues(copy)).toThrow(/does not match its checksum/);
  });
});

describe("values file", () => {
  it("round-trips records and names the row and column of a bad value", () => {
    const records = readValuesFile(join(SNAPSHOT, "fingertips/values/raw-export_93356_county-ua_2015-2017.csv.gz"));
    const path = join(tmp, "rt.csv.gz");
    writeValuesFile(path, records);
    expect(readValuesFile(path)).toEqual(records);
    const bad = join(tmp, "bad.csv");
    const text = "indicator_id,indicator_name,area_code,area_code_current,area_code_status,area_name,area_type,parent_code,parent_name,sex,age,category_type,category,period,period_sortable,value,lower_ci95,upper_ci95,lower_ci998,upper_ci998,count,denominator,value_note,recent_trend,compared_to_england,compared_to_parent,parent_comparison_label,source_file,note\n" +
      "93356,X,E06000026,E06000026,somewhere,,,,,,,,,2015,,1,,,,,,,,,,,,src,\n";
    writeFileSync(bad, text);
    writeFileSync(`${bad}.gz`, gzipSync(readFileSync(bad)));
    expect(() => readValuesFile(`${bad}.gz`)).toThrow(/row 2, column "area_code_status"/);
  });
});
