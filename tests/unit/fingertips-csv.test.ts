import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {findParentComparison, parseFingertipsCsv} from "../../loaders/fingertips/csv.ts";
import {FingertipsError} from "../../loaders/fingertips/errors.ts";

const FIX = resolve(import.meta.dirname, "../fixtures/fingertips");
const RAW = join(FIX, "jargonautical_data-dev__indicators-CountyUA.data.csv");
const rawText = readFileSync(RAW, "utf-8");
const dir = mkdtempSync(join(tmpdir(), "ft-csv-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Writes a variant of the real export (the header or rows changed as a test needs). */
function variant(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function expectError(p: Promise<unknown>): Promise<FingertipsError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(FingertipsError);
  return e as FingertipsError;
}

describe("parseFingertipsCsv on the real export", () => {
  it("reads all 852 records despite line feeds in quoted names and 25-field rows", async () => {
    const r = await parseFingertipsCsv(RAW, {indicatorId: 93356, url: RAW});
    expect(r.records).toBe(852);
    expect(r.values.length + r.breakdowns.length).toBe(852);
    expect(r.columns).toHaveLength(26);
    expect(r.values[0]?.indicatorName).toBe("Campylobacter incidence rate/100,000");
  });

  it("keeps breakdown rows (Category Type set) apart from headline rows", async () => {
    const r = await parseFingertipsCsv(RAW);
    expect(r.breakdowns).toHaveLength(60);
    expect(r.breakdowns.every((v) => v.categoryType?.includes("deprivation deciles"))).toBe(true);
    expect(r.values.every((v) => v.categoryType === null)).toBe(true);
  });

  it("types Plymouth 2015 and its Fingertips comparisons by column name", async () => {
    const r = await parseFingertipsCsv(RAW);
    const p = r.values.find((v) => v.areaCode === "E06000026" && v.period === "2015" && v.age === "All ages");
    expect(p).toMatchObject({
      value: 127.516063217516, lowerCi95: 114.225115950481, upperCi95: 141.928921928004, lowerCi998: null,
      count: 335, denominator: 262712, comparedToEngland: "Worse", comparedToParent: "Similar",
      parentComparisonLabel: "Region", parentCode: "E12000009", periodSortable: 20150000
    });
  });

  it("keeps an empty value as null with its note, never zero", async () => {
    const r = await parseFingertipsCsv(RAW);
    const scilly = r.values.filter((v) => v.areaCode === "E06000053");
    expect(scilly.length).toBeGreaterThan(0);
    for (const v of scilly) {
      expect(v.value).toBeNull();
      expect(v.valueNote).toBe("Value for Cornwall & Isles of Scilly combined");
    }
  });

  it("reads a file with a byte-order mark identically", async () => {
    const plain = await parseFingertipsCsv(RAW);
    const bom = await parseFingertipsCsv(variant("bom.csv", `\uFEFF${rawText}`));
    expect(bom.columns[0]).toBe("Indicator ID");
    expect(bom.values).toEqual(plain.values);
  });

  it("finds the parent comparison whatever parent type the heading names, and accepts a 27th column", async () => {
    const header = rawText.slice(0, rawText.indexOf("\r\n"));
    const renamed = header.replace("Compared to Region value or percentiles", "Compared to percentiles").replace("Compared to goal", "Compared to goal,Time period range");
    const r = await parseFingertipsCsv(variant("27.csv", renamed + rawText.slice(header.length)));
    expect(r.columns).toHaveLength(27);
    const p = r.values.find((v) => v.areaCode === "E10000030" && v.period === "2015" && v.age === "All ages");
    expect(p?.comparedToParent).toBe("Worse");
    expect(p?.parentComparisonLabel).toBe("parent");
    expect(findParentComparison(["Compared to England value or percentiles", "Compared to goal"])).toBeNull();
  });

  it("removes exact duplicate rows and counts them", async () => {
    const records = rawText.split("\r\n");
    const dup = [...records.slice(0, -1), records[1], records[2], ""].join("\r\n");
    const r = await parseFingertipsCsv(variant("dup.csv", dup));
    expect(r.records).toBe(854);
    expect(r.duplicatesRemoved).toBe(2);
    expect(r.values.length + r.breakdowns.length).toBe(852);
  });
});

describe("parseFingertipsCsv faults", () => {
  it("a renamed column names the missing column, the indicator and the URL", async () => {
    const p = variant("renamed.csv", rawText.replace(",Value,", ",Indicator value,"));
    const e = await expectError(parseFingertipsCsv(p, {indicatorId: 93356, url: "http://127.0.0.1/x"}));
    expect(e.kind).toBe("layout");
    expect(e.message).toContain('column "Value"');
    expect(e.message).toContain("indicator 93356");
    expect(e.message).toContain("http://127.0.0.1/x");
  });

  it("a non-numeric value names the column and the record", async () => {
    const p = variant("nonnum.csv", rawText.replace("127.516063217516", "n/a"));
    const e = await expectError(parseFingertipsCsv(p, {indicatorId: 93356, url: "u"}));
    expect(e.kind).toBe("value");
    expect(e.details.column).toBe("Value");
    expect(e.message).toMatch(/"n\/a" is not a number/);
    expect(e.details.record).toBeGreaterThan(1);
  });

  it("an HTML page is reported as such", async () => {
    const p = variant("page.csv", "<!DOCTYPE html>\n<html><body><h1>Service unavailable</h1></body></html>\n");
    const e = await expectError(parseFingertipsCsv(p, {indicatorId: 93356, url: "u"}));
    expect(e.kind).toBe("html");
  });

  it("an export of another indicator, or with no rows, is refused", async () => {
    expect((await expectError(parseFingertipsCsv(RAW, {indicatorId: 11201}))).kind).toBe("wrong-indicator");
    const headerOnly = variant("empty.csv", `${rawText.slice(0, rawText.indexOf("\r\n"))}\r\n`);
    const e = await expectError(parseFingertipsCsv(headerOnly, {indicatorId: 11201, url: "u"}));
    expect(e.kind).toBe("wrong-indicator");
    expect(e.message).toContain("no longer exists");
  });

  it("a record with more fields than the header is a layout change", async () => {
    const records = rawText.split("\r\n");
    const extra = [records[0], `${records[1]},extra,fields`, ...records.slice(2)].join("\r\n");
    const e = await expectError(parseFingertipsCsv(variant("extra.csv", extra), {indicatorId: 93356}));
    expect(e.kind).toBe("layout");
  });
});
