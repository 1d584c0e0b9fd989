// Home Office offence-code table, 2017/18, read from the real snapshot file. Expected figures were computed from the
// raw file with Python's csv module and awk, independently of the loader: 23,068 rows; homicide (code
// 1/4.1/4.10/4.2, all forces incl. British Transport Police) 728; possession of article with blade or point (10D):
// Surrey 53 + 56 + 57 + 52 = 218, Devon and Cornwall 118 + 108 + 122 + 99 = 447.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {gunzipSync, gzipSync} from "node:zlib";
import {afterAll, describe, expect, it} from "vitest";
import {BLADE_POSSESSION_CODE, HOMICIDE_CODE, OFFENCE_CODES_FILE, parseOffenceCount, readOffenceCodes, sumOffence} from "../../loaders/recorded-crime/offence-codes.ts";
import {SNAPSHOT_DIR} from "../../loaders/snapshot/manifest.ts";

const rows = readOffenceCodes(SNAPSHOT_DIR);

describe("offence codes by force and quarter, 2017/18", () => {
  it("reads every row, four quarters", () => {
    expect(rows).toHaveLength(23068);
    expect(new Set(rows.map((r) => r.quarter))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(rows.map((r) => r.financial_year))).toEqual(new Set(["2017/18"]));
  });
  it("England and Wales homicide 2017/18 sums to 728", () => {
    expect(sumOffence(rows, HOMICIDE_CODE)).toBe(728);
  });
  it("possession of article with blade or point (10D): Surrey 218, Devon and Cornwall 447", () => {
    expect(sumOffence(rows, BLADE_POSSESSION_CODE, "Surrey")).toBe(218);
    expect(sumOffence(rows, BLADE_POSSESSION_CODE, "Devon and Cornwall")).toBe(447);
  });
  it("-00 is null with its reason; negative adjustments are kept; a quoted force name is one field", () => {
    const cannot = rows.filter((r) => r.count === null);
    expect(cannot).toHaveLength(5792);
    expect(cannot.every((r) => r.null_reason === "cannot occur in this category (-00)")).toBe(true);
    expect(rows.filter((r) => r.count !== null && r.count < 0)).toHaveLength(36);
    expect(rows.some((r) => r.force === "London, City of")).toBe(true);
    expect(parseOffenceCount(" 66776 ", () => "here")).toEqual({count: 66776, null_reason: null});
    expect(() => parseOffenceCount(" 1,2 ", () => "here")).toThrow('here: "1,2" is not a count');
  });
});

describe("offence-code file errors (a copy of the real file, altered)", () => {
  const dir = mkdtempSync(join(tmpdir(), "offence-codes-"));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  const real = gunzipSync(readFileSync(join(SNAPSHOT_DIR, OFFENCE_CODES_FILE))).toString("utf-8");
  const write = (bytes: Buffer) => { mkdirSync(dirname(join(dir, OFFENCE_CODES_FILE)), {recursive: true}); writeFileSync(join(dir, OFFENCE_CODES_FILE), bytes); };
  it("a missing column is named", () => {
    write(gzipSync(real.replace("Offence Code,", "Code,")));
    expect(() => readOffenceCodes(dir)).toThrow('missing column(s) "Offence Code"; the Home Office changed the layout');
  });
  it("a bad count names its line and column", () => {
    write(gzipSync(real.replace("Fraud: action fraud,AF, 66776 ", "Fraud: action fraud,AF, lots ")));
    expect(() => readOffenceCodes(dir)).toThrow(`${OFFENCE_CODES_FILE} line 2, column "Number of Offences": "lots" is not a count`);
  });
  it("a truncated download is refused", () => {
    const gz = gzipSync(real);
    write(gz.subarray(0, gz.length - 100));
    expect(() => readOffenceCodes(dir)).toThrow("cannot be read as gzipped UTF-8 CSV");
  });
});
