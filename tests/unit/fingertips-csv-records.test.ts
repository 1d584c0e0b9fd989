/**
 * The CSV record scanner behind the Fingertips parser, checked against d3-dsv's parser (an independent reader)
 * on the real export and on variants of it, and on the quirks one at a time.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {csvParseRows} from "d3";
import {afterAll, describe, expect, it} from "vitest";
import {CsvSyntaxError, readCsvText, scanCsv} from "../../loaders/fingertips/csv-records.ts";
import {readCsvRecords} from "../../loaders/fingertips/csv.ts";
import {FingertipsError} from "../../loaders/fingertips/errors.ts";

const FIX = resolve(import.meta.dirname, "../fixtures/fingertips");
const rawText = readFileSync(join(FIX, "jargonautical_data-dev__indicators-CountyUA.data.csv"), "utf-8");
const dir = mkdtempSync(join(tmpdir(), "ft-records-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Every record as a copied array of fields (the scanner reuses its array). */
function scan(text: string): string[][] {
  const out: string[][] = [];
  scanCsv(text, (fields) => out.push([...fields]));
  return out;
}

/** d3-dsv's reading of the same text, blank lines dropped as the scanner does. */
function d3Rows(text: string): string[][] {
  return csvParseRows(text).filter((r) => !(r.length === 1 && r[0] === ""));
}

describe("scanCsv agrees with d3-dsv", () => {
  it("on the real export: 853 records, names with a line feed inside quotes, 25-field rows", () => {
    const rows = scan(rawText);
    expect(rows).toEqual(d3Rows(rawText));
    expect(rows).toHaveLength(853);
    expect(rows[0]).toHaveLength(26);
    expect(rows[1]).toHaveLength(25);
    expect(rows[1]?.[1]).toBe("Campylobacter incidence rate/100,000\n");
  });

  it("with LF or CR record ends, no final line end, and every field quoted", () => {
    const quotedAll = csvParseRows(rawText).map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(",")).join("\r\n");
    for (const text of [rawText.replaceAll("\r\n", "\n"), rawText.replaceAll("\r\n", "\r"), rawText.replace(/\r\n$/, ""), quotedAll]) {
      expect(scan(text)).toEqual(d3Rows(text));
    }
  });
});

describe("scanCsv quirks", () => {
  it('unescapes "" inside quotes and keeps delimiters and line ends inside quotes', () => {
    expect(scan('a,"b ""quoted"", with comma",c\r\n"x\r\ny",,\r\n')).toEqual([
      ["a", 'b "quoted", with comma', "c"],
      ["x\r\ny", "", ""]
    ]);
  });

  it("skips blank lines and keeps a quoted comma and a trailing empty field", () => {
    expect(scan('"a,b",d\n\n\ne,\n')).toEqual([["a,b", "d"], ["e", ""]]);
  });

  it("numbers records from 0 (the header) and fails on a quote that is never closed, naming the record", () => {
    const indexes: number[] = [];
    scanCsv("h1,h2\n1,2\n3,4\n", (_f, i) => indexes.push(i));
    expect(indexes).toEqual([0, 1, 2]);
    const e = (() => {
      try {
        scanCsv('h1,h2\n1,2\n3,"never closed\n', () => undefined);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(CsvSyntaxError);
    expect((e as CsvSyntaxError).record).toBe(2);
  });

  it("readCsvText drops a byte-order mark", async () => {
    const p = join(dir, "bom.csv");
    writeFileSync(p, `\uFEFF${rawText}`);
    expect(await readCsvText(p)).toBe(rawText);
  });
});

describe("readCsvRecords", () => {
  it("keys the real metadata CSV's records by heading, empty fields null", async () => {
    const rows = await readCsvRecords(join(FIX, "classic-shape_indicator_metadata.csv"));
    expect(rows[0]).toEqual({
      "Indicator ID": "41101", Indicator: "Emergency readmissions within 30 days of discharge from hospital",
      Definition: null, Unit: null, "Value type": "Indirectly standardised proportion", "Year type": "Financial", Polarity: "Low is good"
    });
  });

  it("an unclosed quote or a record longer than the header is a layout error naming the record and URL", async () => {
    const unclosed = join(dir, "unclosed.csv");
    writeFileSync(unclosed, 'Indicator ID,Indicator\n1,"open\n');
    const long = join(dir, "long.csv");
    writeFileSync(long, "Indicator ID,Indicator\n1,a\n2,b,extra\n");
    for (const [p, record] of [[unclosed, 1], [long, 2]] as const) {
      const e = await readCsvRecords(p, {url: "http://127.0.0.1/m"}).then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(FingertipsError);
      expect((e as FingertipsError).kind).toBe("layout");
      expect((e as FingertipsError).details.record).toBe(record);
      expect((e as FingertipsError).message).toContain("http://127.0.0.1/m");
    }
  });
});
