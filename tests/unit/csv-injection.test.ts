/**
 * CSV injection (OWASP): one rule, components/figure/csv-injection.ts, used by every CSV the site offers for download:
 * the figure CSV (tableCsv), partner tables (loaders/partners toCsv), the prepared tables (writeCsv) and, in pages,
 * Explore's and the chapters' downloads (neutraliseCsvRow). Pages read their own CSV files back: numbers must stay numbers.
 */
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {csvParse} from "d3-dsv";
import {describe, expect, it} from "vitest";
import {neutraliseCsvRow, neutraliseCsvText, neutraliseCsvValue} from "../../components/figure/csv-injection.ts";
import {tableCsv} from "../../components/figure/csv.ts";
import {toCsv} from "../../loaders/partners/load.ts";
import {writeCsv} from "../../loaders/prepare/write-outputs.ts";

describe("neutraliseCsvText", () => {
  it.each([
    ["=HYPERLINK(\"https://x.example\",\"Open\")", "'=HYPERLINK(\"https://x.example\",\"Open\")"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+1)", "'@SUM(1+1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["-", "'-"]
  ])("prefixes %j", (input, output) => expect(neutraliseCsvText(input)).toBe(output));

  it.each(["-3.2", "+4", "-0", "1e-3", "-.5", "12", "Plymouth 001A", "2024/25", "18-24", "", "a=b", "Not known"])("leaves %j alone", (text) => {
    expect(neutraliseCsvText(text)).toBe(text);
  });

  it("touches only strings", () => {
    expect(neutraliseCsvValue(-3.2)).toBe(-3.2);
    expect(neutraliseCsvValue(null)).toBeNull();
    expect(neutraliseCsvRow({a: "=1", b: -1, c: true, d: null})).toEqual({a: "'=1", b: -1, c: true, d: null});
  });
});

describe("every CSV writer uses it", () => {
  it("the figure CSV", () => {
    expect(tableCsv({rows: [{k: "@x", v: -2.5}], columns: [{key: "k", label: "=Label"}, {key: "v", label: "Value"}]})).toBe("'=Label,Value,Note\r\n'@x,-2.5,\r\n");
  });

  it("partner tables (loaders/partners toCsv)", () => {
    expect(toCsv([{owner: "=cmd", count: -0, rate: -3.2}], ["owner", "count", "rate"])).toBe("owner,count,rate\n'=cmd,0,-3.2\n");
  });

  it("the prepared tables (writeCsv), which pages read back with numbers intact", () => {
    const dir = mkdtempSync(join(tmpdir(), "csv-injection-"));
    try {
      writeCsv(join(dir, "t.csv"), [{name: "+44 hotline", change: -3.25, label: "-"}]);
      const text = readFileSync(join(dir, "t.csv"), "utf-8");
      expect(text).toBe("name,change,label\n'+44 hotline,-3.25,'-\n");
      expect(Number(csvParse(text)[0]!.change)).toBe(-3.25);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
